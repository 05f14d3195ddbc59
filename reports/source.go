package reports

import (
	"cmp"
	"slices"
	"strings"
	"sync"

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
	// Parts, if set, are the counts of Counts in parts that may be read
	// at once (index.Index.CountParts: one per shard), Counts being the
	// parts one after the other. A report adds up each part on its own
	// goroutine and joins the sums in order, so it comes out as from
	// Counts.
	Parts []func(fn func(corpus.DocCounts) error) error
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

// readParts calls fn with the counts of each part of src (Parts, at once,
// fn then being called from several goroutines with the part's number;
// else Counts, as part 0).
func (src Source) readParts(fn func(part int, dc corpus.DocCounts) error) error {
	if len(src.Parts) == 0 {
		return src.Counts(func(dc corpus.DocCounts) error { return fn(0, dc) })
	}
	errs := make([]error, len(src.Parts))
	var wg sync.WaitGroup
	for i, part := range src.Parts {
		wg.Go(func() { errs[i] = part(func(dc corpus.DocCounts) error { return fn(i, dc) }) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// aggregate adds up src's counts with add, one aggregator per part, and
// joins them in order: the aggregator of the whole.
func aggregate(src Source, opt Options, add func(g *aggregator, dc corpus.DocCounts)) (*aggregator, error) {
	var parts []*aggregator
	n := max(len(src.Parts), 1)
	for range n {
		parts = append(parts, newAggregator(opt))
	}
	if err := src.readParts(func(i int, dc corpus.DocCounts) error {
		add(parts[i], dc)
		return nil
	}); err != nil {
		return nil, err
	}
	g := parts[0]
	for _, o := range parts[1:] {
		g.join(o)
	}
	return g, nil
}

// Cache reads src's counts once and returns a Source that gives them again
// from memory (with src's segments and quotes), and the counts read: for
// several reports over a small part of the index (one speaker's page),
// one pass instead of one each.
func Cache(src Source) (Source, []corpus.DocCounts, error) {
	parts := make([][]corpus.DocCounts, max(len(src.Parts), 1))
	if err := src.readParts(func(part int, dc corpus.DocCounts) error {
		// NOTE: the index reuses a document's slices for the next one.
		dc = dc.Clone()
		parts[part] = append(parts[part], dc)
		return nil
	}); err != nil {
		return Source{}, nil, err
	}
	all := slices.Concat(parts...)
	cached := src
	cached.Parts = nil
	cached.Counts = func(fn func(corpus.DocCounts) error) error {
		for _, dc := range all {
			if err := fn(dc); err != nil {
				return err
			}
		}
		return nil
	}
	return cached, all, nil
}
