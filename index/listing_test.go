package index

import (
	"context"
	"slices"
	"testing"
)

// TestListing checks that a filter-only search that walks the shards'
// documents lists the same page, total and facets as one sorted by _id.
func TestListing(t *testing.T) {
	ix := reopenReadOnly(t, shardIndex(t, shardDocs(t), DefaultShards))
	filters := []Filter{{}, {Speakers: []string{"KEN", "GBR"}}, {Roles: []string{"delegation"}},
		{Kind: "transcript"}, {Tagged: true}, {Speakers: []string{"nobody"}}}
	ctx := context.Background()
	for _, f := range filters {
		for _, page := range [][2]int{{0, 10}, {5, 10}, {0, 1000}, {20, 7}} {
			q := Query{Filter: f, From: page[0], Size: page[1], Facets: true}
			want, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			listDirect, listFirstDocs = 0, 1
			got, err := ix.Search(ctx, q)
			listDirect, listFirstDocs = 10000, 64
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || !slices.Equal(pageIDs(got), pageIDs(want)) ||
				!slices.Equal(got.SpeakerFacets, want.SpeakerFacets) || !slices.Equal(got.PositionFacets, want.PositionFacets) {
				t.Errorf("%+v %v: walked %d %v %v, sorted %d %v %v", f, page, got.Total, pageIDs(got), got.SpeakerFacets,
					want.Total, pageIDs(want), want.SpeakerFacets)
			}
		}
	}
}

// pageIDs lists a result's hits by id, in order.
func pageIDs(r *Results) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = SegmentID(h.Segment.Doc, h.Segment.Seq)
	}
	return out
}
