package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletionOfFlagValues: the shell completes positions from the
// rules, speaker keys (the last of a list) and each command's formats.
func TestCompletionOfFlagValues(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "search", "--position", ""}, []string{"poa\tProgramme of Action", "gender\t"}},
		{[]string{"__complete", "positions", "--speaker", "KE"}, []string{"KEN\tKenya"}},
		{[]string{"__complete", "compare", "--speakers", "IRN,PA"}, []string{"IRN,PAK\tPakistan"}},
		{[]string{"__complete", "search", "--format", ""}, []string{"kwic", "jsonl"}},
		{[]string{"__complete", "export", "--format", ""}, []string{"parquet"}},
		{[]string{"__complete", "positions", "--format", ""}, []string{"html", "md"}},
		{[]string{"__complete", "positions", "--stance", ""}, []string{"mixed"}},
	} {
		_, out, _ := cli(t, tt.args...)
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", tt.args, w, out)
			}
		}
	}
}

// TestIngestMissingPathCreatesNothing: a path that does not exist is an
// error before anything is created; files of other types are counted in
// the summary, not silently passed over.
func TestIngestMissingPathCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	code, _, stderr := cli(t, "ingest", "--index", ix, filepath.Join(dir, "no-such-folder"))
	if code == 0 || !strings.Contains(stderr, "no-such-folder: no such file or directory; check the path (nothing was ingested)") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(ix); !os.IsNotExist(err) {
		t.Errorf("the index was created: %v", err)
	}
	in := filepath.Join(dir, "in")
	copyExamples(t, in)
	for _, name := range []string{"photo.jpg", "budget.xlsx", "scan.JPG", "README"} {
		os.WriteFile(filepath.Join(in, name), []byte("x"), 0o644)
	}
	code, out, stderr := cli(t, "ingest", "--quiet", "--index", ix, in)
	if code != 0 || !strings.Contains(out, "4 skipped for their type (no extension 1, .jpg 2, .xlsx 1)") {
		t.Errorf("exit %d, summary %q, %s", code, out, stderr)
	}
}

// TestSearchWordsApartHint: words given as separate arguments get a
// usage error that shows the query quoted.
func TestSearchWordsApartHint(t *testing.T) {
	code, _, stderr := cli(t, "search", "--index", t.TempDir(), "PoA", "extra")
	if code != 2 || !strings.Contains(stderr, "quote it: oewg search 'PoA extra'") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

// TestRebuildOlderFormat: an index of an older sharded format is refused
// with the remedy ingest --rebuild, which re-creates it from its records'
// source paths in the current format.
func TestRebuildOlderFormat(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if code, _, stderr := cli(t, "ingest", "--quiet", "--index", ix, "../../examples"); code != 0 {
		t.Fatal(stderr)
	}
	lay := filepath.Join(ix, "oewg-index.json")
	b, err := os.ReadFile(lay)
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(b), `"format":5`, `"format":4`, 1)
	if old == string(b) {
		t.Fatalf("layout %s: no format 5", b)
	}
	os.WriteFile(lay, []byte(old), 0o644)
	code, _, stderr := cli(t, "search", "--index", ix, "PoA")
	if code == 0 || !strings.Contains(stderr, "format 4, this oewg reads format 5; re-create it from its source files with oewg ingest --rebuild --index") {
		t.Fatalf("search on format 4: %d %q", code, stderr)
	}
	if code, out, stderr := cli(t, "ingest", "--rebuild", "--index", ix); code != 0 || !strings.Contains(out, "5 documents") {
		t.Fatalf("rebuild: %d %q %q", code, out, stderr)
	}
	if code, out, _ := cli(t, "search", "--index", ix, "PoA"); code != 0 || !strings.Contains(out, "segments shown") {
		t.Errorf("search after the rebuild: %d %q", code, out)
	}
}
