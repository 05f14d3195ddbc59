package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oewg/oewg/index"
)

// Re-ingesting an unchanged folder indexes nothing; re-ingesting a changed
// file replaces it and leaves no stale segment; --force re-reads all.
func TestIngestIncremental(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in")
	os.MkdirAll(src, 0o755)
	transcript, err := os.ReadFile("../../examples/oewg-2021-2025-session-2-meeting-8-transcript.txt")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(src, "s2-m8-transcript.txt")
	os.WriteFile(file, transcript, 0o644)
	bgd, _ := os.ReadFile("../../examples/bangladesh-2024-03-07-capacity-building.txt")
	os.WriteFile(filepath.Join(src, "bangladesh-2024-03-07.txt"), bgd, 0o644)

	g := &globals{IndexDir: filepath.Join(dir, "ix")}
	ingest := func(force bool) string {
		t.Helper()
		var out, errb bytes.Buffer
		if err := runIngest(context.Background(), &ingestOptions{Quiet: true, Workers: 2, Force: force}, g, []string{src}, &out, &errb); err != nil {
			t.Fatalf("ingest: %v\n%s", err, errb.String())
		}
		return out.String()
	}
	count := func() uint64 {
		t.Helper()
		ix, err := index.OpenReadOnly(g.IndexDir, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		n, _, err := ix.Count()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	if out := ingest(false); !strings.HasPrefix(out, "2 files: 2 new, 0 changed, 0 unchanged, 0 failed; 86 segments") {
		t.Fatalf("first ingest: %q", out)
	}
	if n := count(); n != 86 {
		t.Fatalf("%d segments indexed, want 86", n)
	}
	if out := ingest(false); !strings.HasPrefix(out, "2 files: 0 new, 0 changed, 2 unchanged, 0 failed; 0 segments") {
		t.Errorf("unchanged re-ingest: %q", out)
	}
	// A file touched but not changed is read, and found unchanged by its
	// hash. One of the size and modification time of the indexed version
	// is not read at all: new bytes behind an old mtime go unseen until
	// --force (below).
	bfile := filepath.Join(src, "bangladesh-2024-03-07.txt")
	st, err := os.Stat(bfile)
	if err != nil {
		t.Fatal(err)
	}
	later := st.ModTime().Add(time.Hour)
	os.Chtimes(bfile, later, later)
	if out := ingest(false); !strings.HasPrefix(out, "2 files: 0 new, 0 changed, 2 unchanged, 0 failed; 0 segments") {
		t.Errorf("re-ingest of a touched file: %q", out)
	}
	if !bytes.Contains(bgd, []byte(" the ")) {
		t.Fatal("no ' the ' in the Bangladesh statement")
	}
	os.WriteFile(bfile, bytes.Replace(bgd, []byte(" the "), []byte(" THE "), 1), 0o644)
	os.Chtimes(bfile, st.ModTime(), st.ModTime())
	if out := ingest(false); !strings.HasPrefix(out, "2 files: 0 new, 0 changed, 2 unchanged, 0 failed; 0 segments") {
		t.Errorf("re-ingest of a file with the indexed size and mtime: %q", out)
	}
	// Cut the transcript after Poland's statement: 6 segments are left.
	cut := strings.Index(string(transcript), "Thank you very much. European Union please.")
	os.WriteFile(file, transcript[:cut], 0o644)
	if out := ingest(false); !strings.HasPrefix(out, "2 files: 0 new, 1 changed, 1 unchanged, 0 failed; 6 segments") {
		t.Errorf("changed re-ingest: %q", out)
	}
	if n := count(); n != 7 {
		t.Errorf("%d segments after the change, want 7 (6 + Bangladesh's 1): stale segments remain", n)
	}
	if out := ingest(true); !strings.HasPrefix(out, "2 files: 0 new, 2 changed, 0 unchanged, 0 failed; 7 segments") {
		t.Errorf("--force: %q", out)
	}
	if n := count(); n != 7 {
		t.Errorf("%d segments after --force, want 7", n)
	}
}

// Files with the same name in different folders, or the same stem with two
// extensions, are different documents, on every run, whatever the order.
func TestIngestDocumentIDs(t *testing.T) {
	dir := t.TempDir()
	ko, _ := os.ReadFile("../../examples/bangladesh-2024-03-07-capacity-building.txt")
	write := func(rel, speaker string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(strings.ReplaceAll(string(ko), "Bangladesh", speaker)), 0o644)
	}
	write("a/s/statement.txt", "Kenya")
	write("b/s/statement.txt", "Chile")
	write("c/kor.txt", "Peru")
	write("c/kor.md", "Ghana")
	g := &globals{IndexDir: filepath.Join(dir, "ix")}
	ingest := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if err := runIngest(context.Background(), &ingestOptions{Quiet: true, Workers: 2}, g, args, &out, &errb); err != nil {
			t.Fatalf("ingest %v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	docs := func() []string {
		t.Helper()
		ix, err := index.OpenReadOnly(g.IndexDir, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		ds, err := ix.Documents(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range ds {
			out = append(out, d.Meta.Speaker)
		}
		return out
	}
	ingest(filepath.Join(dir, "a"))
	ingest(filepath.Join(dir, "b"))
	if out := ingest(filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")+"/."); !strings.HasPrefix(out, "4 files: 2 new, 0 changed, 2 unchanged") {
		t.Errorf("third ingest: %q", out)
	}
	got := strings.Join(docs(), " ")
	for _, want := range []string{"KEN", "CHL", "PER", "GHA"} {
		if strings.Count(got, want) != 1 {
			t.Errorf("documents by speaker %q, want each of KEN CHL PER GHA once", got)
			break
		}
	}
}
