package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPositions(t *testing.T) {
	g := testIndex(t)
	var out bytes.Buffer
	o := &reportOptions{outputOptions: outputOptions{Format: "table"}, Evidence: 1}
	if err := runPositions(context.Background(), o, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Speaker", "Bangladesh (BGD)", "Indonesia (IDN)", "−1 [", "Legend:", "Evidence:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Chair") {
		t.Errorf("chair in a default table:\n%s", out.String())
	}
}

func TestPositionsJSONAndFile(t *testing.T) {
	g := testIndex(t)
	file := filepath.Join(t.TempDir(), "poa.json")
	o := &reportOptions{Evidence: 2, outputOptions: outputOptions{Format: "json", Output: file}, filterOptions: filterOptions{Positions: []string{"poa"}}}
	if err := runPositions(context.Background(), o, g, nil, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cells []struct {
		Speaker  struct{ Key string }
		Position string
		Stance   string
		Segments int
		Evidence []struct {
			Doc      string
			Seq      int
			Sentence string
		}
	}
	if err := json.Unmarshal(b, &cells); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range cells {
		got[c.Speaker.Key] = c.Stance
		if c.Position != "poa" || len(c.Evidence) == 0 {
			t.Errorf("cell %+v", c)
		}
	}
	want := map[string]string{"BGD": "support", "CZE": "support", "IDN": "oppose", "RUS": "oppose"}
	if len(got) != len(want) {
		t.Errorf("cells = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestPositionsUsage(t *testing.T) {
	g := testIndex(t)
	for _, o := range []*reportOptions{{outputOptions: outputOptions{Format: "pdf"}}, {outputOptions: outputOptions{Format: "table"}, Evidence: -1}, {outputOptions: outputOptions{Format: "table"}, filterOptions: filterOptions{Positions: []string{"nope"}}}} {
		if err := runPositions(context.Background(), o, g, nil, &bytes.Buffer{}); !isUsage(err) {
			t.Errorf("%+v: err = %v, want a usage error", o, err)
		}
	}
}
