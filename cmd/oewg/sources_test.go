package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesEverywhere: the source URL a sidecar gives is shown in
// search hits (text and JSON) and in the evidence of the position table,
// so that every quote leads back to where it was published.
func TestSourcesEverywhere(t *testing.T) {
	dir := t.TempDir()
	src := "../../examples/bangladesh-2024-03-07-capacity-building.txt"
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "docs", filepath.Base(src))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	const url = "https://docs-library.unoda.org/Open-Ended_Working_Group/bangladesh.pdf"
	if err := os.WriteFile(file+".meta.yaml", []byte("source: "+url+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := filepath.Join(dir, "ix")
	if code, _, stderr := cli(t, "ingest", "--index", ix, filepath.Dir(file)); code != 0 {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	_, out, _ := cli(t, "search", "--index", ix, "capacity")
	if !strings.Contains(out, "source: "+url) {
		t.Errorf("search does not show the source:\n%s", out)
	}
	_, out, _ = cli(t, "search", "--index", ix, "--json", "capacity")
	var hit struct {
		Source string `json:"source"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &hit); err != nil || hit.Source != url {
		t.Errorf("search --json: source %q, err %v:\n%.300s", hit.Source, err, out)
	}
	_, out, _ = cli(t, "positions", "--index", ix, "--evidence", "1", "--format", "json")
	if !strings.Contains(out, `"source":"`+url+`"`) && !strings.Contains(out, `"source": "`+url+`"`) {
		t.Errorf("positions --format json: no source in the evidence:\n%.600s", out)
	}
	_, out, _ = cli(t, "positions", "--index", ix, "--evidence", "1")
	if !strings.Contains(out, url) {
		t.Errorf("positions table: no source in the evidence:\n%s", out)
	}
}
