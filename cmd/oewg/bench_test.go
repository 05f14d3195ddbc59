package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// TestBenchSmoke runs the whole bench at a tiny size and checks that the
// JSON report has every key with a sane value. It never asserts speed.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and indexes a 1 MB corpus")
	}
	o := &benchOptions{Size: "1MB", Dir: t.TempDir(), Examples: "../../examples", JSON: true,
		Rounds: 2, GrepRounds: 1, Seed: 1, Workers: 2, InProcess: true}
	var out bytes.Buffer
	if err := runBench(context.Background(), o, &globals{}, &out); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	positive := []string{"ingest_mb_s", "bleve_alone_mb_s", "ingest_ratio", "search_p50_ms", "search_p99_ms",
		"grep_p50_ms", "search_speedup_vs_grep", "positions_ms", "peak_rss_mb", "segments_s", "corpus_mb", "files", "segments",
		"cli_search_p50_ms", "cli_search_p99_ms", "cli_speedup_vs_grep", "compare_ms", "speakers_ms",
		"page_search_p99_ms", "page_document_p99_ms", "page_speaker_p99_ms", "page_positions_p99_ms"}
	for _, k := range positive {
		v, ok := got[k].(float64)
		if !ok {
			t.Errorf("%s: missing or not a number: %v", k, got[k])
			continue
		}
		if !(v > 0) {
			t.Errorf("%s = %v, want > 0", k, v)
		}
	}
	if v, ok := got["reingest_fraction"].(float64); !ok || v < 0 || v > 1 {
		t.Errorf("reingest_fraction = %v, want a fraction in [0,1]", got["reingest_fraction"])
	}
	if got["search_p99_ms"].(float64) < got["search_p50_ms"].(float64) {
		t.Errorf("search p99 %v < p50 %v", got["search_p99_ms"], got["search_p50_ms"])
	}
	if qs, _ := got["queries"].([]any); len(qs) != len(benchQueries) {
		t.Errorf("queries: %d, want %d", len(qs), len(benchQueries))
	}
	if mb := got["corpus_mb"].(float64); mb < 1 || mb > 1.5 {
		t.Errorf("corpus_mb = %v, want about 1", mb)
	}
	// The segments bleve alone indexed are those the ingest did: both come
	// from the same spool count.
	t.Logf("%s", out.String())

	// A second run over the same --dir reuses the corpus.
	out.Reset()
	o.Rounds = 1
	if err := runBench(context.Background(), o, &globals{}, &out); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["corpus_reused"] != true {
		t.Errorf("corpus_reused = %v, want true on the same --dir, size and seed", got["corpus_reused"])
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"20MB": 20 << 20, "1GB": 1 << 30, "512kb": 512 << 10, "1.5MB": 3 << 19, "100": 100} {
		got, err := parseSize(in)
		if err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "big"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q): no error", in)
		}
	}
}
