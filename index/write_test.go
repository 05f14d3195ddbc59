package index

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oewg/oewg/corpus"
)

func testDoc(id, hash string, n int) *corpus.Document {
	d := &corpus.Document{ID: id, File: id + ".txt", Hash: hash, Meta: corpus.Meta{Kind: corpus.KindStatement, Title: "Test " + id}}
	for i := 1; i <= n; i++ {
		d.Segments = append(d.Segments, corpus.Segment{Doc: id, Seq: i, Kind: corpus.KindStatement,
			Speaker: corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation},
			Text:    "Capacity building should be demand-driven, says " + hash + "."})
	}
	return d
}

func counts(t *testing.T, ix *Index) (uint64, uint64) {
	t.Helper()
	s, d, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	return s, d
}

func TestPutIncremental(t *testing.T) {
	ix := openTemp(t)
	if _, ok, _ := docHash(t, ix, "a"); ok {
		t.Fatal("KnownDocuments ok on empty index")
	}
	if err := ix.Put(testDoc("a", "h1", 5)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(testDoc("b", "h1", 2)); err != nil {
		t.Fatal(err)
	}
	// The same document again: nothing changes.
	if err := ix.Put(testDoc("a", "h1", 5)); err != nil {
		t.Fatal(err)
	}
	if h, ok, err := docHash(t, ix, "a"); err != nil || !ok || h != "h1" {
		t.Fatalf("KnownDocuments = %q, %v, %v", h, ok, err)
	}
	if s, d := counts(t, ix); s != 7 || d != 2 {
		t.Fatalf("count = %d segments, %d docs; want 7, 2", s, d)
	}
	// A changed version with fewer segments: no stale segment remains.
	if err := ix.Put(testDoc("a", "h2", 3)); err != nil {
		t.Fatal(err)
	}
	if h, ok, _ := docHash(t, ix, "a"); !ok || h != "h2" {
		t.Fatalf("KnownDocuments = %q, %v; want h2", h, ok)
	}
	if s, _ := counts(t, ix); s != 5 {
		t.Fatalf("segments = %d, want 5", s)
	}
	res, err := ix.Search(context.Background(), Query{Text: "h1", Filter: Filter{Speakers: []string{"KEN"}}, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Segment.Doc == "a" {
			t.Errorf("stale segment %s#%d", h.Segment.Doc, h.Segment.Seq)
		}
	}
	if err := ix.Delete("b"); err != nil {
		t.Fatal(err)
	}
	if s, d := counts(t, ix); s != 3 || d != 1 {
		t.Fatalf("after delete: %d segments, %d docs; want 3, 1", s, d)
	}
}

// TestCrashBeforeRecord simulates an ingest killed after a document's
// segments were committed but before its record was.
func TestCrashBeforeRecord(t *testing.T) {
	ix := openTemp(t)
	doc := testDoc("a", "h1", 4)
	bi := ix.shardOf(doc.ID).bi
	b := bi.NewBatch()
	for i := range doc.Segments {
		rec, _ := newSegmentRecord(doc, &doc.Segments[i])
		if err := b.Index(SegmentID(doc.ID, doc.Segments[i].Seq), rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := docHash(t, ix, "a"); ok {
		t.Fatal("KnownDocuments ok for a document without its record")
	}
	docs, _ := ix.Documents(context.Background())
	if len(docs) != 0 {
		t.Fatalf("Documents lists an incomplete document: %v", docs)
	}
	if err := ix.Put(doc); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := docHash(t, ix, "a"); !ok {
		t.Fatal("KnownDocuments not ok after Put")
	}
	if s, d := counts(t, ix); s != 4 || d != 1 {
		t.Fatalf("count = %d, %d; want 4, 1", s, d)
	}
}

// TestWriterManyDocs crosses batch boundaries and re-adds a document
// whose first version is still in the uncommitted batch.
func TestWriterManyDocs(t *testing.T) {
	ix := openTemp(t)
	w := ix.NewWriter()
	if err := w.Add(testDoc("big", "h1", 2500)); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(testDoc("small", "h1", 10)); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(testDoc("small", "h2", 4)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if s, d := counts(t, ix); s != 2504 || d != 2 {
		t.Fatalf("count = %d, %d; want 2504, 2", s, d)
	}
	var n int
	err := ix.Segments(context.Background(), Filter{}, func(s corpus.Segment) error {
		n++
		return nil
	})
	if err != nil || n != 2504 {
		t.Fatalf("Segments streamed %d, %v", n, err)
	}
	docs, err := ix.Documents(context.Background())
	if err != nil || len(docs) != 2 || docs[0].ID != "big" || docs[0].Segments != 2500 || docs[1].Hash != "h2" {
		t.Fatalf("Documents = %+v, %v", docs, err)
	}
}

func TestSegmentsRoundTrip(t *testing.T) {
	var docs []corpus.Document
	readJSON(t, "testdata/cases/filters/docs.json", &docs)
	ix := openTemp(t)
	want := map[string]corpus.Segment{}
	for i := range docs {
		if err := ix.Put(&docs[i]); err != nil {
			t.Fatal(err)
		}
		for _, s := range docs[i].Segments {
			want[SegmentID(s.Doc, s.Seq)] = s
		}
	}
	var prev string
	err := ix.Segments(context.Background(), Filter{}, func(s corpus.Segment) error {
		id := SegmentID(s.Doc, s.Seq)
		if id <= prev {
			t.Errorf("out of order: %s after %s", id, prev)
		}
		prev = id
		if !segEqual(s, want[id]) {
			t.Errorf("%s: got %+v\nwant %+v", id, s, want[id])
		}
		delete(want, id)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 0 {
		t.Errorf("not streamed: %v", want)
	}
}

func segEqual(a, b corpus.Segment) bool {
	ja, _ := jsonString(a)
	jb, _ := jsonString(b)
	return ja == jb
}

func TestLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(dir, Options{Command: "oewg ingest"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(dir, Options{Timeout: 200 * time.Millisecond})
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("second Open: err = %v, want *InUseError", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("second Open took %v", time.Since(start))
	}
	msg := err.Error()
	for _, s := range []string{"is in use by another oewg process", "oewg ingest since", "wait for it or use --index DIR"} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q does not contain %q", msg, s)
		}
	}
	if inUse.Holder.PID != os.Getpid() {
		t.Errorf("holder pid = %d, want %d", inUse.Holder.PID, os.Getpid())
	}
	// A reader reads the last committed state instead (snapshot.go).
	if r, err := OpenReadOnly(dir, Options{Timeout: 200 * time.Millisecond}); err != nil || !r.IsSnapshot() {
		t.Errorf("OpenReadOnly while written: err = %v, want a snapshot", err)
	} else {
		r.Close()
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); !os.IsNotExist(err) {
		t.Errorf("lock file left after Close: %v", err)
	}
	// Readers share the index.
	r1, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := OpenReadOnly(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r1.Close()
	r2.Close()
}

func TestStaleLockDoesNotBlock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	// A lock file left by a process that died.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	os.WriteFile(filepath.Join(dir, lockName), []byte(`{"pid":`+itoa(cmd.Process.Pid)+`,"command":"oewg ingest"}`), 0o644)
	ix, err = Open(dir, Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("stale lock blocked Open: %v", err)
	}
	ix.Close()
}

func TestOpenReadOnlyMissing(t *testing.T) {
	_, err := OpenReadOnly(filepath.Join(t.TempDir(), "none"), Options{})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "run oewg ingest PATH first") {
		t.Fatalf("err = %v", err)
	}
}

// docHash is the indexed hash of a complete document, as ingest sees it.
func docHash(t *testing.T, ix *Index, id string) (string, bool, error) {
	t.Helper()
	known, err := ix.KnownDocuments(context.Background())
	k, ok := known[id]
	return k.Hash, ok, err
}

func TestSegmentsOfDocs(t *testing.T) {
	var docs []corpus.Document
	readJSON(t, "testdata/cases/filters/docs.json", &docs)
	ix := openTemp(t)
	for i := range docs {
		if err := ix.Put(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	want := docs[0].ID
	n := 0
	err := ix.Segments(context.Background(), Filter{Docs: []string{want}}, func(s corpus.Segment) error {
		if s.Doc != want {
			t.Errorf("segment of %s, want only %s", s.Doc, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(docs[0].Segments) {
		t.Errorf("%d segments of %s, want %d", n, want, len(docs[0].Segments))
	}
}
