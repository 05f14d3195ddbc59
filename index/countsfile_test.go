package index

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
)

// readAllCounts returns every document's counts, copied (Counts reuses
// its slices), by document id.
func readAllCounts(t *testing.T, ix *Index) map[string]corpus.DocCounts {
	t.Helper()
	out := map[string]corpus.DocCounts{}
	err := ix.Counts(context.Background(), Filter{}, func(dc corpus.DocCounts) error {
		dc = dc.Clone()
		out[dc.Doc] = dc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCountsFile checks that the counts a reader saves in each shard's
// counts file read back as every document's own counts, and that a
// damaged file is an error naming it and saying what to do.
func TestCountsFile(t *testing.T) {
	docs := shardDocs(t)
	ix := shardIndex(t, docs, DefaultShards)
	dir := ix.dir
	ro := reopenReadOnly(t, ix)
	fromRecords := readAllCounts(t, ro) // NOTE: writes the files
	ro.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "shard-*", countsFileName))
	if len(files) != DefaultShards {
		t.Fatalf("counts files %v, want one per shard", files)
	}
	next, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromFile := readAllCounts(t, next)
	next.Close()
	tagged := 0
	for _, d := range docs {
		want := corpus.CountDocument(&d)
		want.Meta = corpus.Meta{Kind: d.Meta.Kind, Process: d.Meta.Process, Session: d.Meta.Session, Date: d.Meta.Date}
		for _, got := range []corpus.DocCounts{fromRecords[d.ID], fromFile[d.ID]} {
			if !reflect.DeepEqual(got, want) {
				t.Errorf("document %s: counts\n%+v\nwant\n%+v", d.ID, got, want)
			}
		}
		for _, sc := range want.Speakers {
			tagged += len(sc.Positions)
		}
	}
	if tagged == 0 {
		t.Fatal("no document has tags: the test checks nothing of positions")
	}

	// Damage: the file cut short.
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], b[:len(b)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	damaged, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer damaged.Close()
	err = damaged.Counts(context.Background(), Filter{}, func(corpus.DocCounts) error { return nil })
	if err == nil || !strings.Contains(err.Error(), files[0]) || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("damaged counts file: %v, want an error naming %s and what to do", err, files[0])
	}
}
