package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
)

// testIndex builds an index from the index package's test documents and
// returns globals pointing at it.
func testIndex(t *testing.T) *globals {
	t.Helper()
	b, err := os.ReadFile("../../index/testdata/cases/filters/docs.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Document
	if err := json.Unmarshal(b, &docs); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		if err := ix.Put(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return &globals{IndexDir: dir}
}

func isUsage(err error) bool {
	var ue usageError
	return errors.As(err, &ue)
}

func TestSearch(t *testing.T) {
	g := testIndex(t)
	var out bytes.Buffer
	o := &searchOptions{Limit: 10}
	if err := runSearch(context.Background(), o, g, []string{`"parallel process"`}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. IDN Indonesia — s2-m8 #3 (OEWG 2021-2025, session 2, meeting 8, 2022-03-31) on behalf of NAM",
		"«parallel» «process»", "tags: poa:oppose, demand_driven:support", "1 of 1 segments shown.", "By speaker: IDN 1", "By position: demand_driven 1, poa 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestSearchJSON(t *testing.T) {
	g := testIndex(t)
	var out bytes.Buffer
	o := &searchOptions{Limit: 10, JSON: true, filterOptions: filterOptions{Speakers: []string{"cze"}, Positions: []string{"poa"}, Stance: "support"}}
	if err := runSearch(context.Background(), o, g, []string{""}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want 1 line, got:\n%s", out.String())
	}
	var s corpus.Segment
	if err := json.Unmarshal([]byte(lines[0]), &s); err != nil {
		t.Fatal(err)
	}
	if s.Doc != "czech-2020-02-13" || s.Seq != 1 || s.Speaker.Key != "CZE" || len(s.Tags) != 2 || s.Date != "2020-02-13" {
		t.Errorf("segment = %+v", s)
	}
}

func TestSearchUsage(t *testing.T) {
	g := testIndex(t)
	for name, o := range map[string]*searchOptions{
		"unknown position": {Limit: 10, filterOptions: filterOptions{Positions: []string{"pao"}}},
		"bad stance":       {Limit: 10, filterOptions: filterOptions{Stance: "for"}},
		"bad date":         {Limit: 10, filterOptions: filterOptions{From: "2024-13-01"}},
		"from after to":    {Limit: 10, filterOptions: filterOptions{From: "2024-01-02", To: "2024-01-01"}},
		"bad kind":         {Limit: 10, filterOptions: filterOptions{Kind: "speech"}},
		"bad role":         {Limit: 10, filterOptions: filterOptions{Roles: []string{"delegate"}}},
		"bad limit":        {Limit: 0},
	} {
		err := runSearch(context.Background(), o, g, []string{"x"}, &bytes.Buffer{}, io.Discard)
		if !isUsage(err) {
			t.Errorf("%s: err = %v, want a usage error", name, err)
		}
		if name == "unknown position" && (err == nil || !strings.Contains(err.Error(), "known positions: poa, demand_driven, cbdr, gender")) {
			t.Errorf("%s: err = %v, want the known positions listed", name, err)
		}
	}
	// Bad queries: the parser's errors and those bleve finds when it
	// builds the searchers are the user's to fix, with the syntax hint.
	for _, q := range []string{`"unclosed`, `+`, `session:>abc`, `/[/`, `capacity~9`} {
		err := runSearch(context.Background(), &searchOptions{Limit: 10}, g, []string{q}, &bytes.Buffer{}, io.Discard)
		if !isUsage(err) || !strings.Contains(err.Error(), "query-string syntax") {
			t.Errorf("%s: err = %v, want a usage error with the syntax hint", q, err)
		}
	}
}

func TestSearchNoIndex(t *testing.T) {
	g := &globals{IndexDir: filepath.Join(t.TempDir(), "none")}
	err := runSearch(context.Background(), &searchOptions{Limit: 10}, g, []string{"x"}, &bytes.Buffer{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not found; run oewg ingest PATH first") {
		t.Fatalf("err = %v", err)
	}
}
