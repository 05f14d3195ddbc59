package extract

import (
	"testing"

	"github.com/oewg/oewg/internal/testdocs"
)

func benchmark(b *testing.B, name string, data []byte) {
	b.Helper()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Bytes(name, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractText measures the transcript sample (119 kB) as .txt.
func BenchmarkExtractText(b *testing.B) {
	benchmark(b, "s.txt", []byte(testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")))
}

// BenchmarkExtractHTML measures the transcript rendered as a WordPress page.
func BenchmarkExtractHTML(b *testing.B) {
	benchmark(b, "s.html", testdocs.HTML(testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")))
}

// BenchmarkExtractPDF measures the transcript rendered as a 30-page PDF
// (SetBytes counts the PDF's bytes, not the text's).
func BenchmarkExtractPDF(b *testing.B) {
	benchmark(b, "s.pdf", testdocs.PDF(testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")))
}

// BenchmarkExtractMarkdown measures the transcript sample as .md.
func BenchmarkExtractMarkdown(b *testing.B) {
	benchmark(b, "s.md", []byte(testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")))
}

// BenchmarkExtractHyphenated measures a hard-wrapped text of 5,000 lines
// that all end in a hyphenated word (see hyphenatedText).
func BenchmarkExtractHyphenated(b *testing.B) {
	text, _ := hyphenatedText(5000)
	benchmark(b, "h.txt", []byte(text))
}
