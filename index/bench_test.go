package index

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/oewg/oewg/corpus"
)

var benchWords = strings.Fields(`capacity building should be demand driven and needs based the programme
of action is a permanent mechanism we support gender perspective women in cyber common but
differentiated responsibilities delegation thanks the chair for the revised draft national ownership
confidence building measures international law applies to cyberspace critical infrastructure`)

// benchDoc makes a document of n segments of about 600 bytes each.
func benchDoc(id string, n int) *corpus.Document {
	d := &corpus.Document{ID: id, File: id + ".txt", Hash: id, Meta: corpus.Meta{Kind: corpus.KindTranscript, Title: "Benchmark " + id}}
	keys := []string{"KEN", "GBR", "IRN", "KOR", "RUS", "USA", "CHN", "BRA"}
	for i := 1; i <= n; i++ {
		var b strings.Builder
		for j := 0; b.Len() < 600; j++ {
			b.WriteString(benchWords[(i*7+j*13)%len(benchWords)])
			b.WriteByte(' ')
		}
		text := b.String()
		s := corpus.Segment{Doc: id, Seq: i, Kind: corpus.KindTranscript, Process: "OEWG 2021-2025", Session: 1 + i%10, Date: "2024-03-07",
			Speaker: corpus.Speaker{Key: keys[i%len(keys)], Name: keys[i%len(keys)], Role: corpus.RoleDelegation}, Text: text}
		if i%3 == 0 {
			s.Tags = []corpus.Tag{{Position: "poa", Stance: corpus.StanceSupport, Rule: "poa/x", Sentence: text[:40], Start: 0, End: 40}}
		}
		d.Segments = append(d.Segments, s)
	}
	return d
}

func docBytes(d *corpus.Document) int64 {
	var n int64
	for _, s := range d.Segments {
		n += int64(len(s.Text))
	}
	return n
}

// BenchmarkIndexBatch indexes 1000 segments (one batch) per iteration.
func BenchmarkIndexBatch(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "ix"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	docs := make([]*corpus.Document, b.N)
	for i := range docs {
		docs[i] = benchDoc(fmt.Sprintf("doc%06d", i), 1000)
	}
	b.SetBytes(docBytes(docs[0]))
	b.ResetTimer()
	w := ix.NewWriter()
	for i := 0; i < b.N; i++ {
		if err := w.Add(docs[i]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "segments/s")
}

// BenchmarkSearch runs a fixed query set with filters, highlights and
// facets over 20,000 segments.
func BenchmarkSearch(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "ix"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	w := ix.NewWriter()
	for i := 0; i < 20; i++ {
		if err := w.Add(benchDoc(fmt.Sprintf("doc%03d", i), 1000)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	queries := []Query{
		{Text: `"demand driven"`, Highlight: true, Facets: true},
		{Text: "gender", Filter: Filter{Speakers: []string{"KEN"}}, Highlight: true, Facets: true},
		{Text: "programm*", Filter: Filter{Positions: []string{"poa"}, Stance: "support"}, Highlight: true},
		{Text: "", Filter: Filter{Session: 3, From: "2024-01-01"}, Facets: true},
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexBatchBleveDefault indexes the same segments with bleve's
// default mapping and no oewg fields: the floor our mapping cannot beat.
func BenchmarkIndexBatchBleveDefault(b *testing.B) {
	bi, err := bleve.New(filepath.Join(b.TempDir(), "ix"), bleve.NewIndexMapping())
	if err != nil {
		b.Fatal(err)
	}
	defer bi.Close()
	docs := make([]*corpus.Document, b.N)
	for i := range docs {
		docs[i] = benchDoc(fmt.Sprintf("doc%06d", i), 1000)
	}
	b.SetBytes(docBytes(docs[0]))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch := bi.NewBatch()
		for _, s := range docs[i].Segments {
			if err := batch.Index(SegmentID(s.Doc, s.Seq), s); err != nil {
				b.Fatal(err)
			}
		}
		if err := bi.Batch(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "segments/s")
}
