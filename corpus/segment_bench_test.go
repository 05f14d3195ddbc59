package corpus

import (
	"testing"

	"github.com/oewg/oewg/internal/testdocs"
)

func benchNewDocument(b *testing.B, name string) {
	text := testdocs.Example(b, name)
	Default() // the gazetteer is built once per process, not per document
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	segs := 0
	for b.Loop() {
		doc, err := NewDocument(name, text, Meta{})
		if err != nil {
			b.Fatal(err)
		}
		segs = len(doc.Segments)
	}
	b.ReportMetric(float64(segs*b.N)/b.Elapsed().Seconds(), "segments/s")
}

// BenchmarkNewDocumentTranscript attributes the transcript sample (119 kB,
// 85 turns): labels, the Chair's hand-overs, sentences, alignments.
func BenchmarkNewDocumentTranscript(b *testing.B) {
	benchNewDocument(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")
}

// BenchmarkNewDocumentStatement reads a statement's header and splits it.
func BenchmarkNewDocumentStatement(b *testing.B) {
	benchNewDocument(b, "czech-republic-2020-02-13-capacity-building.md")
}

// BenchmarkSplitSentences splits the transcript sample into sentences.
func BenchmarkSplitSentences(b *testing.B) {
	text := testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SplitSentences(text)
	}
}

// BenchmarkFindAll finds every speaker named in the transcript sample.
func BenchmarkFindAll(b *testing.B) {
	text := testdocs.Example(b, "oewg-2021-2025-session-2-meeting-8-transcript.txt")
	g := Default()
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		g.FindAll(text)
	}
}
