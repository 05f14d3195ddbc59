package extract

import (
	"maps"
	"os"
	"os/exec"
	"slices"
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

// matrixPDFs renders the transcript sample with every renderer whose tool
// is installed (see testdocs.Renderers), once per benchmark run.
func matrixPDFs(b *testing.B) map[string][]byte {
	b.Helper()
	text := testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")
	out := map[string][]byte{}
	for _, r := range testdocs.Renderers {
		if !r.Available() {
			continue
		}
		path, err := r.Render(b.TempDir(), text)
		if err != nil {
			b.Fatalf("%s: %v", r.Name, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		out[r.Name] = data
	}
	return out
}

// BenchmarkPDFExtractors measures, on the transcript as each installed
// renderer prints it, the pages per second of ledongthuc/pdf alone, of
// pdftotext alone and of the extractor as it runs (quality checks, second
// opinion and fallback), and how often the extractor falls back.
//
//	go test ./extract -run '^$' -bench PDFExtractors
func BenchmarkPDFExtractors(b *testing.B) {
	pdfs := matrixPDFs(b)
	names := slices.Sorted(maps.Keys(pdfs))
	pages := 0
	for _, n := range names {
		_, pt, err := ledongthucText(n, pdfs[n])
		if err != nil {
			b.Fatal(err)
		}
		pages += len(pt)
	}
	run := func(b *testing.B, f func(name string, data []byte) string) {
		fallbacks := 0
		for b.Loop() {
			fallbacks = 0
			for _, n := range names {
				if f(n, pdfs[n]) != "ledongthuc/pdf" {
					fallbacks++
				}
			}
		}
		b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		if b.Name() == "BenchmarkPDFExtractors/auto" {
			b.ReportMetric(float64(fallbacks)/float64(len(names)), "fallback-rate")
		}
	}
	b.Run("ledongthuc", func(b *testing.B) {
		run(b, func(n string, d []byte) string {
			ledongthucText(n, d)
			return "ledongthuc/pdf"
		})
	})
	if _, err := exec.LookPath("pdftotext"); err == nil {
		b.Run("pdftotext", func(b *testing.B) {
			run(b, func(n string, d []byte) string {
				pdftotext(d)
				return "ledongthuc/pdf"
			})
		})
	}
	b.Run("auto", func(b *testing.B) {
		run(b, func(n string, d []byte) string {
			r, err := Bytes(n+".pdf", d)
			if err != nil {
				b.Fatal(err)
			}
			return r.Extractor
		})
	})
}
