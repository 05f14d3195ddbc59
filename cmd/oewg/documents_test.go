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

	"github.com/oewg/oewg/index"
)

// writeStatements writes statements a folder can hold, by file name.
func writeStatements(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		text := "Statement by Kenya\n\nKenya supports a demand-driven approach to capacity-building.\n"
		if err := os.WriteFile(filepath.Join(dir, n), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func docIDs(t *testing.T, g *globals) []string {
	t.Helper()
	var out bytes.Buffer
	if err := runDocuments(context.Background(), &documentsOptions{JSON: true}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	var ids []string
	dec := json.NewDecoder(&out)
	for dec.More() {
		var d index.DocInfo
		if err := dec.Decode(&d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

func TestDocumentsRemovePrune(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeStatements(t, src, "a.txt", "b.txt", "c.txt")
	other := t.TempDir()
	writeStatements(t, other, "d.txt")
	g := &globals{IndexDir: filepath.Join(t.TempDir(), "ix")}
	var out, errb bytes.Buffer
	if err := runIngest(ctx, &ingestOptions{Quiet: true, Workers: 1}, g, []string{src, other}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}

	// documents: a table, and JSON Lines with what the index records.
	out.Reset()
	if err := runDocuments(ctx, &documentsOptions{}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Doc  ", "Ingested", filepath.Join(src, "a.txt"), "4 documents."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("documents lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := runDocuments(ctx, &documentsOptions{JSON: true}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	var d index.DocInfo
	if err := json.NewDecoder(&out).Decode(&d); err != nil {
		t.Fatal(err)
	}
	if d.ID != "a" || d.Speakers != 1 || d.Segments == 0 || d.Ingested.IsZero() || d.Path != filepath.Join(src, "a.txt") {
		t.Errorf("first record = %+v", d)
	}

	// remove: a known id goes, an unknown one is reported (exit 1).
	out.Reset()
	errb.Reset()
	err := runRemove(ctx, &removeOptions{}, g, []string{"b", "nosuch", "b"}, &out, &errb)
	if !errors.Is(err, errPartial) {
		t.Errorf("remove with an unknown id: err = %v, want errPartial", err)
	}
	if !strings.Contains(errb.String(), "nosuch: no such document") || !strings.Contains(out.String(), "removed 1 document") {
		t.Errorf("remove said:\n%s%s", out.String(), errb.String())
	}
	if got := strings.Join(docIDs(t, g), " "); got != "a c d" {
		t.Errorf("after remove b: %s", got)
	}
	out.Reset()
	if err := runSearch(ctx, &searchOptions{Limit: 10, JSON: true}, g, []string{"doc:b"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("removed document's segments still found:\n%s", out.String())
	}

	// ingest --prune: c is deleted from src; d, in a folder not given, stays
	// although it is gone too; b, removed, is ingested again.
	for _, f := range []string{filepath.Join(src, "c.txt"), filepath.Join(other, "d.txt")} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if err := runIngest(ctx, &ingestOptions{Quiet: true, Workers: 1, Prune: true}, g, []string{src}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "pruned 1 document whose files are gone: c") {
		t.Errorf("ingest --prune said:\n%s", out.String())
	}
	if got := strings.Join(docIDs(t, g), " "); got != "a b d" {
		t.Errorf("after prune: %s", got)
	}
}

func TestRemoveNoIndex(t *testing.T) {
	g := &globals{IndexDir: filepath.Join(t.TempDir(), "none")}
	var out, errb bytes.Buffer
	err := runRemove(context.Background(), &removeOptions{}, g, []string{"a"}, &out, &errb)
	if !errors.Is(err, index.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if _, serr := os.Stat(g.IndexDir); !os.IsNotExist(serr) {
		t.Errorf("remove created %s", g.IndexDir)
	}
}
