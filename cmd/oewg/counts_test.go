package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// reportsAgree checks that the reports built from the counts the index
// keeps in its document records are those built from its segments read
// back one by one (reports.SliceSource counts them afresh): the position
// table (with quotes), a comparison by session and the speaker list, with
// and without filters.
func reportsAgree(t *testing.T, dir, when string) {
	t.Helper()
	ctx := context.Background()
	ix, err := index.OpenReadOnly(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, f := range []index.Filter{
		{},
		{Positions: []string{"poa", "gender"}},
		{Stance: corpus.StanceSupport},
		{Positions: []string{"demand_driven"}, Stance: corpus.StanceSupport},
		{Kind: corpus.KindTranscript, Roles: []string{corpus.RoleDelegation, corpus.RoleChair}},
		{Speakers: []string{"NAM", "IRN", "KEN"}},
	} {
		var segs []corpus.Segment
		if err := ix.Segments(ctx, f, func(s corpus.Segment) error { segs = append(segs, s); return nil }); err != nil {
			t.Fatal(err)
		}
		want, got := reports.SliceSource(segs), pipeline.Source(ctx, ix, f)
		want.Segments = nil // the reference searches each cell's quotes
		for _, opt := range []reports.Options{
			{Evidence: 2},
			{Evidence: 1, IncludeChair: true, IncludeNonState: true, IncludeAllKinds: true},
			{Stance: corpus.StanceMixed, IncludeNonState: true},
			{Evidence: corpus.FirstSeqs + 1}, // more quotes than the counts place: each cell searches
		} {
			opt.Stance = cmpOr(opt.Stance, f.Stance)
			opt.Positions = f.Positions // as the commands do
			build := func(src reports.Source) string {
				p, err := reports.Positions(src, opt)
				if err != nil {
					t.Fatal(err)
				}
				c, err := reports.CompareBy(src, reports.BySession, opt)
				if err != nil {
					t.Fatal(err)
				}
				s, err := reports.CompareSpeakers(src, []string{"IRN", "KEN", "CHAIR"}, opt)
				if err != nil {
					t.Fatal(err)
				}
				l, err := reports.Speakers(src)
				if err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for _, r := range []reports.Report{p, c, s, l} {
					if err := reports.Render(&b, "json", r, reports.Info{}); err != nil {
						t.Fatal(err)
					}
				}
				return b.String()
			}
			w, g := build(want), build(got)
			if w != g {
				t.Errorf("%s, filter %+v, options %+v: the counts' reports differ from the segments':\n%s", when, f, opt, firstDiff([]byte(g), []byte(w)))
			}
			if !strings.Contains(w, `"stance"`) && len(segs) > 0 && opt.Stance == "" {
				t.Errorf("%s, filter %+v: no cell at all", when, f)
			}
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestCountsStayRight: the counts kept at ingest give the reports the
// segments give, on the samples and the real transcripts, and stay right
// when a file is replaced by another version, when a file is gone
// (--prune) and when the rules change (re-tag).
func TestCountsStayRight(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in")
	copyExamples(t, src)
	if real := "../../../shared/real/un80-iahwg"; dirExists(real) {
		files, _ := filepath.Glob(filepath.Join(real, "*.md"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	ix := filepath.Join(dir, "ix")
	ingest := func(args ...string) {
		t.Helper()
		if code, _, stderr := cli(t, append([]string{"ingest", "--quiet", "--index", ix}, args...)...); code != 0 {
			t.Fatalf("ingest %v: %d %s", args, code, stderr)
		}
	}
	ingest(src)
	reportsAgree(t, ix, "first ingest")
	// The first read saved each shard's counts in one file, which the
	// later reads of reportsAgree used: both paths agree with the segments.
	if files, _ := filepath.Glob(filepath.Join(ix, "shard-*", "oewg-counts.bin")); len(files) != 2 {
		t.Errorf("counts files: %v, want one per shard", files)
	}

	// Another version of a transcript: Kenya now opposes the PoA.
	tr := filepath.Join(src, "oewg-2021-2025-session-2-meeting-8-transcript-copy.txt")
	b, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "Kenya places great importance", "Kenya does not support a Programme of Action. Kenya places great importance", 1)
	if edited == string(b) {
		t.Fatal("the sample transcript changed: fix the edit")
	}
	if err := os.WriteFile(tr, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	ingest(src)
	reportsAgree(t, ix, "after a replace")

	if err := os.Remove(filepath.Join(src, "bangladesh-2024-03-07-capacity-building-copy.txt")); err != nil {
		t.Fatal(err)
	}
	ingest("--prune", src)
	reportsAgree(t, ix, "after a prune")

	rules := filepath.Join(dir, "rules")
	os.MkdirAll(rules, 0o755)
	os.WriteFile(filepath.Join(rules, "poa.yaml"), []byte("label: Programme of Action\nterms:\n  - id: name\n    phrases: [programme of action, PoA]\n"), 0o644)
	os.WriteFile(filepath.Join(rules, "gender.yaml"), []byte("label: Gender\nterms:\n  - id: g\n    phrases: [gender, women]\n"), 0o644)
	ingest("--rules", rules, src)
	reportsAgree(t, ix, "after a re-tag")
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
