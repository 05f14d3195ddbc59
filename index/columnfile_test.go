package index

import (
	"context"
	"slices"
	"testing"
)

// TestColumnFile checks that a reader's columns are saved, that the next
// reader's first search counts with them what bleve counts, and that
// after a write the file is built anew.
func TestColumnFile(t *testing.T) {
	docs := shardDocs(t)
	ix := shardIndex(t, docs[1:], DefaultShards)
	dir := ix.dir
	ctx := context.Background()
	q := Query{Text: "capacity", Filter: Filter{Roles: []string{"delegation"}}, Size: 1000, Facets: true}
	want, err := ix.Search(ctx, q) // NOTE: writable: bleve's facets and filters
	if err != nil {
		t.Fatal(err)
	}
	ro := reopenReadOnly(t, ix)
	for range 2 { // NOTE: the second search builds and saves the columns
		if _, err := ro.Search(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	ro.Close()

	next, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := next.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range next.shards {
		if !s.columns.done || s.columns.cols == nil {
			t.Errorf("shard %d: the first search of a new reader did not read the column file", i)
		}
	}
	if got.Total != want.Total || !slices.Equal(hitIDs(got), hitIDs(want)) ||
		!slices.Equal(got.SpeakerFacets, want.SpeakerFacets) || !slices.Equal(got.PositionFacets, want.PositionFacets) {
		t.Errorf("from the column file: %d hits %v %v, want %d %v %v", got.Total, got.SpeakerFacets, got.PositionFacets,
			want.Total, want.SpeakerFacets, want.PositionFacets)
	}
	next.Close()

	w, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wr := w.NewWriter()
	if err := wr.Add(&docs[0]); err != nil {
		t.Fatal(err)
	}
	if err := wr.Flush(); err != nil {
		t.Fatal(err)
	}
	if want, err = w.Search(ctx, q); err != nil {
		t.Fatal(err)
	}
	w.Close()
	after, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	// NOTE: the shard the document went to has other files now: its old
	// column file is not read; the first search builds the columns anew.
	got, err = after.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != want.Total || !slices.Equal(got.SpeakerFacets, want.SpeakerFacets) || !slices.Equal(got.PositionFacets, want.PositionFacets) {
		t.Errorf("after a write: %d hits %v %v, want %d %v %v", got.Total, got.SpeakerFacets, got.PositionFacets,
			want.Total, want.SpeakerFacets, want.PositionFacets)
	}
}
