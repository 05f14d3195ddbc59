package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oewg/oewg/corpus"
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

// Rules that differ from those that tagged the index: positions and compare
// say so on stderr; ingest re-tags the stored segments (without reading the
// files again, which are unchanged) and says so; then the note is gone.
func TestIngestRetagsWhenRulesChange(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in")
	os.MkdirAll(src, 0o755)
	bgd, err := os.ReadFile("../../examples/bangladesh-2024-03-07-capacity-building.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "bangladesh-2024-03-07.txt"), bgd, 0o644)
	rules := filepath.Join(dir, "rules")
	os.MkdirAll(rules, 0o755)
	os.WriteFile(filepath.Join(rules, "cyber_capacity.yaml"), []byte("label: Capacity-building\nterms:\n  - id: cb\n    phrases: [capacity building]\n"), 0o644)

	builtin := &globals{IndexDir: filepath.Join(dir, "ix")}
	mine := &globals{IndexDir: builtin.IndexDir, RulesDir: rules}
	ingest := func(g *globals) string {
		t.Helper()
		var out, errb bytes.Buffer
		if err := runIngest(context.Background(), &ingestOptions{Quiet: true, Workers: 1}, g, []string{src}, &out, &errb); err != nil {
			t.Fatalf("ingest: %v\n%s", err, errb.String())
		}
		return out.String()
	}
	note := func(g *globals) string {
		t.Helper()
		var errb bytes.Buffer
		g.errOut = &errb
		o := &reportOptions{outputOptions: outputOptions{Format: "table"}}
		if err := runPositions(context.Background(), o, g, nil, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		co := &compareOptions{reportOptions: reportOptions{outputOptions: outputOptions{Format: "table"}}, By: "session"}
		if err := runCompare(context.Background(), co, g, nil, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		return errb.String()
	}
	tagged := func() int {
		t.Helper()
		ix, err := index.OpenReadOnly(builtin.IndexDir, index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		n := 0
		err = ix.Segments(context.Background(), index.Filter{}, func(s corpus.Segment) error {
			for _, tg := range s.Tags {
				if tg.Position == "cyber_capacity" {
					n++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	if out := ingest(builtin); strings.Contains(out, "re-tagged") {
		t.Errorf("first ingest re-tagged: %q", out)
	}
	if n := note(builtin); n != "" {
		t.Errorf("note with the index's own rules: %q", n)
	}
	if n := note(mine); strings.Count(n, "tagged with other rules") != 2 || strings.Count(n, "\n") != 2 {
		t.Errorf("positions and compare with other rules: want one note line each, got %q", n)
	}
	out := ingest(mine)
	if !strings.Contains(out, "1 unchanged") || !strings.Contains(out, "the rules changed:") || !strings.Contains(out, "already indexed re-tagged") {
		t.Errorf("ingest with other rules: %q", out)
	}
	if tagged() == 0 {
		t.Error("no segment tagged with the new position after the re-tag")
	}
	if n := note(mine); n != "" {
		t.Errorf("note after the re-tag: %q", n)
	}
	if out := ingest(mine); strings.Contains(out, "re-tagged") {
		t.Errorf("second ingest with the same rules re-tagged: %q", out)
	}
	if out := ingest(builtin); !strings.Contains(out, "re-tagged") || tagged() != 0 {
		t.Errorf("back to the built-in rules: %q, %d tags of the removed position", out, tagged())
	}
}
