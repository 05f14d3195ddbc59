package index

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// TestCompact puts the documents one commit each, so that the shards hold
// many segment files, and compacts them: fewer files, which the plan
// would merge no further, and every search
// finds the same hits with the same scores and facets as an index written
// in one commit. A second compaction has nothing to merge.
func TestCompact(t *testing.T) {
	docs := shardDocs(t)
	one := shardIndex(t, docs, DefaultShards)
	many := openTemp(t)
	for i := range docs {
		if err := many.Put(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	before, after, err := many.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents put one at a time: %d segment files, %d once compacted", len(docs), before, after)
	if after >= before || after > 2*len(many.shards)+2 {
		t.Errorf("compacted %d segment files into %d", before, after)
	}
	checkSettled(t, many)
	again, again2, err := many.Compact(ctx)
	if err != nil || again2 != again || again != after {
		t.Errorf("a second compaction: %d → %d files (%v), want %d kept", again, again2, err, after)
	}

	one, many = reopenReadOnly(t, one), reopenReadOnly(t, many)
	var ce *CompactError
	if _, _, err := many.Compact(ctx); err == nil || errors.As(err, &ce) {
		t.Errorf("Compact on a read-only index: %v", err)
	}
	queries := []Query{
		{Text: "capacity"}, {Text: `"capacity building" ICT`}, {Text: "cyber*"}, {Text: "+national +ownership"},
		{Text: "gender women -men"}, {Text: "States", Filter: Filter{Roles: []string{"delegation"}}},
		{Filter: Filter{Speakers: []string{"IRN"}}}, {Filter: Filter{Tagged: true}},
	}
	for _, q := range queries {
		q.Size, q.Facets = 1000, true
		want, err := one.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := many.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || !maps.Equal(hitScores(got), hitScores(want)) {
			t.Errorf("%q %+v: compacted %d hits, one commit %d, or other scores", q.Text, q.Filter, got.Total, want.Total)
		}
		if !slices.Equal(got.SpeakerFacets, want.SpeakerFacets) || !slices.Equal(got.PositionFacets, want.PositionFacets) {
			t.Errorf("%q: facets %v %v, want %v %v", q.Text, got.SpeakerFacets, got.PositionFacets, want.SpeakerFacets, want.PositionFacets)
		}
	}
}

// TestCompactNoRoom: without room for the merge, the index is left as it
// is, whole, and the error says how much room it needs.
func TestCompactNoRoom(t *testing.T) {
	docs := shardDocs(t)[:40]
	ix := openTemp(t)
	for i := range docs {
		if err := ix.Put(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	free := freeBytes
	t.Cleanup(func() { freeBytes = free })
	freeBytes = func(string) (int64, error) { return 4 << 10, nil }
	ctx := context.Background()
	before, after, err := ix.Compact(ctx)
	var ce *CompactError
	if !errors.As(err, &ce) || before != after || before <= len(ix.shards) {
		t.Fatalf("no room: %d → %d segment files, %v", before, after, err)
	}
	want := regexp.MustCompile(`^index \S+ is complete but not compacted: merging needs \d+ MB free and there are 0 MB; searches are slower until an ingest compacts it: free space and run ingest again$`)
	if !want.MatchString(err.Error()) {
		t.Errorf("error %q", err)
	}
	if res, err := ix.Search(ctx, Query{Text: "*"}); err != nil || res.Total == 0 {
		t.Errorf("after a compaction without room: %v, %+v", err, res)
	}
	freeBytes = free
	// NOTE: scorch's own merger may have merged some meanwhile.
	if b, a, err := ix.Compact(ctx); err != nil || a > b {
		t.Errorf("with room: %d → %d segment files, %v", b, a, err)
	}
	checkSettled(t, ix)
}

// checkSettled fails unless the compaction plan would merge nothing more
// in any shard of ix.
func checkSettled(t *testing.T, ix *Index) {
	t.Helper()
	for i, s := range ix.shards {
		adv, _ := s.bi.Advanced()
		if w, err := planMerge(adv.(*scorch.Scorch)); err != nil || w.tasks > 0 {
			t.Errorf("shard %d: the plan still merges %+v (%v)", i, w, err)
		}
	}
}

// hitScores is each hit's score by its id.
func hitScores(r *Results) map[string]float64 {
	m := map[string]float64{}
	for _, h := range r.Hits {
		m[SegmentID(h.Segment.Doc, h.Segment.Seq)] = h.Score
	}
	return m
}
