package pipeline

import (
	"context"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/reports"
)

// classStances are the stance of each stance class (corpus.StanceClass).
var classStances = [3]string{corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention}

// Source is what the reports are built from, in ix under filter f: the
// documents' counts (one record per document, no segment read) and, for a
// cell's quotes, its own segments, earliest first.
func Source(ctx context.Context, ix *index.Index, f index.Filter) reports.Source {
	return reports.Source{
		Counts:   func(fn func(corpus.DocCounts) error) error { return ix.Counts(ctx, f, fn) },
		Parts:    ix.CountParts(ctx, f),
		Segments: func(ids []string) ([]corpus.Segment, error) { return ix.SegmentsByID(ctx, ids) },
		Quotes: func(speaker, position string, class, n int) ([]corpus.Segment, error) {
			q := f
			q.Speaker, q.Positions, q.Stance, q.Tagged = speaker, []string{position}, classStances[class], false
			res, err := ix.Search(ctx, index.Query{Filter: q, Size: n, Sort: []string{"date", "doc", "seq"}})
			if err != nil {
				return nil, err
			}
			segs := make([]corpus.Segment, len(res.Hits))
			for i, h := range res.Hits {
				segs[i] = h.Segment
			}
			return segs, nil
		},
	}
}
