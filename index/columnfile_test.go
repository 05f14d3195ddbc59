package index

import (
	"context"
	"os"
	"path/filepath"
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

// TestColumnFileDamaged checks that a column file cut short or with a
// stray byte in its header is not used, and that the columns are then
// built again with the same counts.
func TestColumnFileDamaged(t *testing.T) {
	ix := shardIndex(t, shardDocs(t), DefaultShards)
	dir := ix.dir
	ctx := context.Background()
	q := Query{Text: "capacity", Size: 5, Facets: true}
	ro := reopenReadOnly(t, ix)
	for range 2 { // NOTE: the second search builds and saves the columns
		if _, err := ro.Search(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := ro.Search(ctx, q)
	ro.Close()
	path := filepath.Join(dir, "shard-0", columnFileName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, damaged := range map[string][]byte{
		"cut short":    b[:len(b)-5],
		"longer":       append(slices.Clone(b), 0, 0, 0, 0, 0, 0, 0, 0),
		"stray header": append([]byte("oewg-columns 2\n{"), b[len("oewg-columns 2\n"):]...),
	} {
		if err := os.WriteFile(path, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		next, err := OpenReadOnly(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if cols, _ := loadColumns(next.shards[0]); cols != nil {
			t.Errorf("%s: the damaged column file was used", name)
		}
		got, err := next.Search(ctx, q)
		next.Close()
		if err != nil || got.Total != want.Total || !slices.Equal(got.SpeakerFacets, want.SpeakerFacets) {
			t.Errorf("%s: %v %d hits %v, want %d %v", name, err, got.Total, got.SpeakerFacets, want.Total, want.SpeakerFacets)
		}
	}
}

// TestCompactMasks checks that a column's masks read through sets and
// distinct are the masks, and that a column of more than 256 distinct
// masks keeps them as they are.
func TestCompactMasks(t *testing.T) {
	for _, kinds := range []int{1, 11, 256, 257} {
		c := &facetColumn{mask: make([]uint64, 5000)}
		for n := range c.mask {
			if n%3 != 0 {
				c.mask[n] = uint64(n*7919%kinds) << 3
			}
		}
		c.compact()
		if kinds > 256 {
			if c.sets != nil {
				t.Errorf("%d distinct masks compacted", kinds)
			}
			continue
		}
		if len(c.sets) != len(c.mask) {
			t.Fatalf("%d distinct masks: %d sets for %d records", kinds, len(c.sets), len(c.mask))
		}
		for n, m := range c.mask {
			if got := c.distinct[c.sets[n]]; got != m {
				t.Fatalf("%d distinct masks: record %d reads %b, has %b", kinds, n, got, m)
			}
		}
	}
}
