package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
)

func TestVersion(t *testing.T) {
	root := newRootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"--version"})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "oewg version dev\n" {
		t.Errorf("--version printed %q", got)
	}
}

// An --index that is a file, or lies under one, is a one-line error that
// says so; nothing is created.
func TestIndexIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	for _, dir := range []string{file, filepath.Join(file, "ix")} {
		g := &globals{IndexDir: dir}
		err := runSearch(context.Background(), &searchOptions{Limit: 1}, g, []string{"x"}, &out, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "give --index a folder") {
			t.Errorf("search --index %s: %v", dir, err)
		}
		err = runIngest(context.Background(), &ingestOptions{Quiet: true, Workers: 1}, g, []string{"../../examples/bangladesh-2024-03-07-capacity-building.txt"}, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), "give --index a folder") {
			t.Errorf("ingest --index %s: %v", dir, err)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Errorf("the file was changed: %q", b)
	}
}

// positions --stance mixed keeps the mixed cells; search refuses it.
func TestStanceMixed(t *testing.T) {
	doc := corpus.Document{ID: "d", File: "d.txt", Meta: corpus.Meta{Kind: corpus.KindStatement}, Segments: []corpus.Segment{
		{Doc: "d", Seq: 1, Kind: corpus.KindStatement, Speaker: corpus.Speaker{Key: "IRN", Name: "Iran (Islamic Republic of)", Role: corpus.RoleDelegation, ISO3: "IRN"},
			Text: "Gender matters. No need for a paragraph on gender.", Tags: []corpus.Tag{
				{Position: "gender", Stance: corpus.StanceSupport, Rule: "gender/x", Sentence: "Gender matters.", Start: 0, End: 15},
				{Position: "gender", Stance: corpus.StanceOppose, Rule: "gender/x", Sentence: "No need for a paragraph on gender.", Start: 16, End: 50}}},
		{Doc: "d", Seq: 2, Kind: corpus.KindStatement, Speaker: corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation, ISO3: "KEN"},
			Text: "Gender matters.", Tags: []corpus.Tag{{Position: "gender", Stance: corpus.StanceSupport, Rule: "gender/x", Sentence: "Gender matters.", Start: 0, End: 15}}},
	}}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(&doc); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	g := &globals{IndexDir: dir}
	var out bytes.Buffer
	o := &reportOptions{outputOptions: outputOptions{Format: "csv"}, filterOptions: filterOptions{Stance: "mixed"}}
	if err := runPositions(context.Background(), o, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "IRN,") || !strings.Contains(out.String(), "mixed") || strings.Contains(out.String(), "KEN,") {
		t.Errorf("positions --stance mixed:\n%s", out.String())
	}
	if err := runSearch(context.Background(), &searchOptions{Limit: 1, filterOptions: filterOptions{Stance: "mixed"}}, g, []string{""}, &out, io.Discard); !isUsage(err) {
		t.Errorf("search --stance mixed: err = %v, want a usage error", err)
	}
}
