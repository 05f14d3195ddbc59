package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCheckRecords makes the records of an index disagree in the ways a
// killed or buggy writer could, and checks that Check names each document.
func TestCheckRecords(t *testing.T) {
	ix := openTemp(t)
	for _, d := range []string{"sound", "orphan", "short", "speakers", "counts"} {
		if err := ix.Put(testDoc(d, "h", 3)); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := ix.Check(context.Background())
	if err != nil || len(rep.Problems) != 0 || rep.Documents != 5 || rep.Segments != 15 {
		t.Fatalf("a sound index: %+v, %v", rep, err)
	}

	// orphan: its record gone, as a kill between its segments and its
	// record leaves it.
	bi := ix.shardOf("orphan").bi
	if err := bi.Delete(recordID("orphan")); err != nil {
		t.Fatal(err)
	}
	// short: a record that counts a segment the index does not hold.
	if err := ix.shardOf("short").bi.Delete(SegmentID("short", 2)); err != nil {
		t.Fatal(err)
	}
	// speakers: a record that counts two speakers of segments of one.
	d := testDoc("speakers", "h", 3)
	rec, err := newDocumentRecord(d)
	if err != nil {
		t.Fatal(err)
	}
	rec.Raw = strings.Replace(rec.Raw, `"speakers":1`, `"speakers":2`, 1)
	if err := ix.shardOf("speakers").bi.Index(recordID("speakers"), rec); err != nil {
		t.Fatal(err)
	}

	// counts: a record whose counts of tags are not its segments'.
	d = testDoc("counts", "h", 3)
	if rec, err = newDocumentRecord(d); err != nil {
		t.Fatal(err)
	}
	rec.Counts += "S\tKEN\tKenya\tdelegation\tKEN\t\t1\t\nP\tpoa\t1\t0\t0\t1\t1\t0\t0\n"
	if err := ix.shardOf("counts").bi.Index(recordID("counts"), rec); err != nil {
		t.Fatal(err)
	}

	rep, err = ix.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	slices.Sort(got)
	want := []string{
		"document counts: its record's counts of speakers and tags differ from its segments' (the tables would be wrong); run oewg ingest --force counts.txt",
		"document orphan: 3 segments without a record (an ingest was interrupted); run oewg ingest again on its folder",
		"document short: its record says 3 segments, the index holds 2; run oewg ingest --force short.txt",
		"document speakers: its record says 2 speakers, its segments have 1; run oewg ingest --force speakers.txt",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOpenDamaged damages the files of a closed index one at a time: every
// open names the file and what to do, and CheckFiles finds it.
func TestOpenDamaged(t *testing.T) {
	src := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a", "b", "c", "d"} {
		if err := ix.Put(testDoc(d, "h", 3)); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()
	if ps, err := CheckFiles(src); err != nil || len(ps) != 0 {
		t.Fatalf("a sound index: %v, %v", ps, err)
	}
	zaps, err := SegmentFiles(src)
	if err != nil || len(zaps) == 0 {
		t.Fatalf("no segment file: %v", err)
	}
	zap := zaps[0]
	for _, c := range []struct {
		name, file string
		damage     func(path string) error
		what       string
	}{
		{"truncated segment", zap, func(p string) error { return os.Truncate(p, 1000) }, "is damaged (its checksum does not match: truncated or overwritten)"},
		{"truncated index_meta.json", "shard-1/index_meta.json", func(p string) error { return os.Truncate(p, 20) }, "is damaged (not complete JSON: truncated?)"},
		{"truncated root.bolt", "shard-1/store/root.bolt", func(p string) error { return os.Truncate(p, 5000) }, "is damaged ("},
		{"missing shard", "shard-1", os.RemoveAll, "is missing"},
		{"missing segment", zap, os.Remove, "is missing"},
		{"truncated layout", layoutName, func(p string) error { return os.Truncate(p, 5) }, "is damaged (not a complete layout)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ix")
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			if err := c.damage(filepath.Join(dir, c.file)); err != nil {
				t.Fatal(err)
			}
			want := "index " + dir + ": " + filepath.ToSlash(c.file) + " " + c.what
			for _, open := range []func(string, Options) (*Index, error){Open, OpenReadOnly} {
				ix, err := open(dir, Options{})
				if err == nil {
					ix.Close()
					t.Fatalf("opened a damaged index")
				}
				msg := err.Error()
				if !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, "; "+damagedRemedy) || strings.Contains(msg, "\n") {
					t.Errorf("error %q, want %q…; %s", msg, want, damagedRemedy)
				}
			}
			ps, err := CheckFiles(dir)
			if err != nil || len(ps) == 0 || ps[0].File != filepath.ToSlash(c.file) {
				t.Errorf("CheckFiles = %v, %v; want %s", ps, err, c.file)
			}
		})
	}
}
