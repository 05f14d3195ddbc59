package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
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

// TestCountsBodiesDamaged reads bodies no writer made: a count of four
// bytes' worth of aligned groups with nothing after it, a number longer
// than four bytes, and random bytes. Each is an error or a few documents,
// quickly, never a panic nor a loop as long as a damaged number.
func TestCountsBodiesDamaged(t *testing.T) {
	str := func(s string) []byte { return append([]byte{0, byte(len(s))}, s...) }
	doc := slices.Concat(str("d"), str("transcript"), str("p"), []byte{1}, str("2024-01-01"), []byte{1})
	speaker := slices.Concat(str("KEN"), str("Kenya"), str("delegation"), str("KEN"), str(""), []byte{3})
	bodies := map[string][]byte{
		"aligned count 2^28-1, then nothing": slices.Concat(doc, speaker, []byte{0xff, 0xff, 0xff, 0x7f}),
		"a five-byte number":                 slices.Concat(doc, speaker, []byte{0x80, 0x80, 0x80, 0x80, 0x01}),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		b := make([]byte, rng.IntN(64))
		for j := range b {
			b[j] = byte(rng.UintN(256))
		}
		bodies[fmt.Sprintf("random %d", i)] = slices.Concat(doc, b)
	}
	for name, body := range bodies {
		n := 0
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := readCounts("f", body, func(corpus.DocCounts) error { n++; return nil })
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Errorf("%s: %d bytes allocated reading %d", name, grew, len(body))
		}
		if strings.HasPrefix(name, "random") {
			if err == nil && n == 0 {
				t.Errorf("%s: no error and no document", name)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "f: damaged") {
			t.Errorf("%s: %v (%d documents), want f: damaged …", name, err, n)
		}
	}
}
