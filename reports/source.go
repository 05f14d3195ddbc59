package reports

import (
	"cmp"
	"slices"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// Source is what the tables and comparisons are built from: the counts
// the index keeps per document (corpus.CountDocument), added up without
// reading a segment, and the segments behind one cell, fetched only for
// the quotes shown.
type Source struct {
	// Counts streams the documents' counts, filtered (index.Index.Counts
	// with a filter bound fits).
	Counts func(fn func(corpus.DocCounts) error) error
	// Segments returns the segments of these ids ("doc#000015",
	// index.SegmentID), in any order: a table's quotes, whose places the
	// counts give (PositionCount.First). Nil: no quotes.
	Segments func(ids []string) ([]corpus.Segment, error)
	// Quotes returns up to n segments of speaker (its own turns, not a
	// group's it spoke for) with a tag on position of the stance class,
	// best first: the earliest by date (undated last), document and seq.
	// It serves the cells whose counts do not place enough quotes (more
	// than corpus.FirstSeqs asked for). Nil: no quotes.
	Quotes func(speaker, position string, class, n int) ([]corpus.Segment, error)
}

// SliceSource is a Source over segments in memory, for tests and small
// inputs: the documents are the segments' Doc, their metadata the
// segments'.
func SliceSource(segs []corpus.Segment) Source {
	var docs []*corpus.Document
	byID := map[string]*corpus.Document{}
	for _, s := range segs {
		d := byID[s.Doc]
		if d == nil {
			d = &corpus.Document{ID: s.Doc, Meta: corpus.Meta{Kind: s.Kind, Process: s.Process, Session: s.Session, Meeting: s.Meeting, Date: s.Date, Title: s.Title, Source: s.Source}}
			byID[s.Doc] = d
			docs = append(docs, d)
		}
		d.Segments = append(d.Segments, s)
	}
	sorted := slices.Clone(segs)
	slices.SortStableFunc(sorted, func(a, b corpus.Segment) int {
		if (a.Date == "") != (b.Date == "") {
			if a.Date == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(strings.Compare(a.Date, b.Date), strings.Compare(a.Doc, b.Doc), cmp.Compare(a.Seq, b.Seq))
	})
	return Source{
		Counts: func(fn func(corpus.DocCounts) error) error {
			for _, d := range docs {
				if err := fn(corpus.CountDocument(d)); err != nil {
					return err
				}
			}
			return nil
		},
		Segments: func(ids []string) ([]corpus.Segment, error) {
			want := map[string]bool{}
			for _, id := range ids {
				want[id] = true
			}
			var out []corpus.Segment
			for _, s := range segs {
				if want[corpus.SegmentID(s.Doc, s.Seq)] {
					out = append(out, s)
				}
			}
			return out, nil
		},
		Quotes: func(speaker, position string, class, n int) ([]corpus.Segment, error) {
			var out []corpus.Segment
			for _, s := range sorted {
				if len(out) == n {
					break
				}
				if s.Speaker.Key == speaker && slices.ContainsFunc(s.Tags, func(t corpus.Tag) bool {
					return t.Position == position && corpus.StanceClass(t.Stance) == class
				}) {
					out = append(out, s)
				}
			}
			return out, nil
		},
	}
}
