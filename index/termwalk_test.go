package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// TestTermWalk checks that the queries the term walk ranks get from it
// what bleve's searchers give: the same total, facets, and hits in the
// same order with the same scores (to 12 digits), equal scores in index
// order, on every page, on an index of three shards whose shards count
// their terms differently, of several segments, some of whose records a
// second ingest replaced.
func TestTermWalk(t *testing.T) {
	docs := shardDocs(t)
	ix := shardIndex(t, docs, 3)
	w := ix.NewWriter()
	for i := 0; i < len(docs); i += 2 {
		d := docs[i]
		d.Segments = slices.Clone(d.Segments)
		d.Segments[0].Text += " capacity building for ICT security"
		if err := w.Add(&d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	ix = reopenReadOnly(t, ix)
	if deleted := deletedRecords(t, ix); deleted == 0 {
		t.Fatal("the second ingest replaced no record")
	}
	var queries []Query
	texts := []string{
		"capacity", "States", `"capacity building"`, `"capacity building" ICT`, `"programme of action" gender women`,
		"capacity^3 ICT", "nosuchword", "nosuchword capacity", "capacity capacities", "text:capacity",
		"capac*", "cyber*", "c*", "secur*^2", "nosuch*", "text:capac*",
	}
	filters := []Filter{{}, {Roles: []string{"delegation"}}, {Roles: []string{"observer", "chair"}}, {Kind: "transcript"}, {Roles: []string{"nosuchrole"}},
		{Speakers: []string{"KEN", "GBR"}}, {Speakers: []string{"IRN"}, Roles: []string{"delegation"}}, {Speaker: "CHL", Kind: "statement"},
		{Positions: []string{"poa", "gender"}}, {Positions: []string{"demand_driven"}, Stance: "support"}, {Tagged: true}, {Speakers: []string{"XXX"}}}
	for _, text := range texts {
		for _, f := range filters {
			for _, page := range [][2]int{{0, 1000}, {0, 10}, {3, 7}, {0, 1}, {1, 2}, {4, 3}, {5000, 10}} {
				queries = append(queries, Query{Text: text, Filter: f, From: page[0], Size: page[1], Facets: page[0] == 0, Highlight: page[1] == 7})
			}
		}
	}
	ctx := context.Background()
	walked, matched := 0, 0
	// NOTE: a window of 64 records makes every query cross windows; a
	// filter share of 1 hands zap the records every filter fails.
	defer func(n int, f float64) { windowSize, filterShare = n, f }(windowSize, filterShare)
	for _, conf := range []struct {
		window int
		share  float64
	}{{64, 1}, {windowSize, filterShare}, {windowSize, 0}} {
		windowSize, filterShare = conf.window, conf.share
		walked, matched = 0, 0
		for _, q := range queries {
			tq, onlySegments, _, err := textQuery(q.Text, ix.mapping)
			if err != nil {
				t.Fatal(err)
			}
			walkable := false
			if _, ok := walkTerms(tq, ix.mapping); ok && onlySegments {
				walkable = true
			} else if !strings.HasPrefix(q.Text, "text:") {
				t.Errorf("%q is not walked", q.Text)
			}
			ix.noWalk = true
			want, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ix.noWalk = false
			before := ix.walks.Load()
			got, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%q %+v from %d size %d, windows of %d, filter share %g", q.Text, q.Filter, q.From, q.Size, windowSize, filterShare)
			// NOTE: every filter here is one the walk takes
			if ix.walks.Load() > before {
				walked++
			} else if walkable {
				t.Errorf("%s: not walked", name)
			}
			if got.Total != want.Total {
				t.Errorf("%s: walk counts %d, bleve %d", name, got.Total, want.Total)
			}
			if want.Total > 0 && q.From == 0 {
				matched++
			}
			if g, w := inOrder(got), inOrder(want); !slices.Equal(g, w) {
				t.Errorf("%s: walk finds\n%v\nbleve\n%v", name, g, w)
			}
			if !slices.Equal(got.SpeakerFacets, want.SpeakerFacets) || !slices.Equal(got.PositionFacets, want.PositionFacets) {
				t.Errorf("%s: facets %v %v, bleve %v %v", name, got.SpeakerFacets, got.PositionFacets, want.SpeakerFacets, want.PositionFacets)
			}
			for i := range got.Hits {
				if i > 0 && got.Hits[i].Score > got.Hits[i-1].Score {
					t.Errorf("%s: hit %d scores above hit %d", name, i, i-1)
				}
				if q.Highlight && len(got.Hits[i].Fragments) == 0 && len(want.Hits[i].Fragments) > 0 {
					t.Errorf("%s: hit %d has no fragments", name, i)
				}
			}
		}
		if walked < len(queries)*8/10 || matched < len(queries)/4 {
			t.Errorf("%d of %d queries walked, %d found something", walked, len(queries), matched)
		}
	}
}

// inOrder lists a result's hits as "id score" (score to 12 digits), in
// their order.
func inOrder(r *Results) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = fmt.Sprintf("%s %.12g", SegmentID(h.Segment.Doc, h.Segment.Seq), h.Score)
	}
	return out
}

// deletedRecords counts the records of ix's segments that a later ingest
// replaced.
func deletedRecords(t *testing.T, ix *Index) uint64 {
	t.Helper()
	var n uint64
	for _, s := range ix.shards {
		r, err := s.reader()
		if err != nil {
			t.Fatal(err)
		}
		for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
			if d := ss.Deleted(); d != nil {
				n += d.GetCardinality()
			}
		}
		r.Close()
	}
	return n
}
