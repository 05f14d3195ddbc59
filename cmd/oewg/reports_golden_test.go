package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/reports"
)

// The reports of every command, in every format, on the sample corpus
// (examples/), against testdata/reports/NAME.golden. Run
//
//	go test ./cmd/oewg -run TestExampleReports -update
//
// to rewrite them after a deliberate change, and read the diff.

// generatedRE matches the time a report was made, in the table and md
// headers ("Generated: 2026-11-22 21:35 UTC") and the html one ("Generated
// 2026-11-22 21:35 UTC").
//
// NOTE: writeReport stamps reports with time.Now() and no option fixes the
// clock, so the test replaces the time with a placeholder before comparing.
// Search prints no timings (Results.Took is not shown), the index directory
// never appears, and files are named as given to ingest ("../../examples/…").
var generatedRE = regexp.MustCompile(`(Generated:? )\d{4}-\d\d-\d\d \d\d:\d\d [A-Z]+`)

// scoreRE matches a relevance score in search --json.
//
// NOTE: Go may fuse floating-point operations (FMA on arm64, ppc64, s390x),
// so bleve's scores can differ in their last bits from one architecture to
// another; the test keeps 6 significant digits.
var scoreRE = regexp.MustCompile(`"score":(-?[0-9][0-9.eE+-]*)`)

func normaliseReport(b []byte) []byte {
	b = generatedRE.ReplaceAll(b, []byte("${1}YYYY-MM-DD hh:mm UTC"))
	return scoreRE.ReplaceAllFunc(b, func(m []byte) []byte {
		f, err := strconv.ParseFloat(string(scoreRE.FindSubmatch(m)[1]), 64)
		if err != nil {
			return m
		}
		return []byte(`"score":` + strconv.FormatFloat(f, 'g', 6, 64))
	})
}

// examplesIndex ingests examples/ into a fresh index, as oewg ingest -q
// examples/ would, and returns globals pointing at it.
func examplesIndex(t *testing.T) *globals {
	t.Helper()
	g := &globals{IndexDir: filepath.Join(t.TempDir(), "ix")}
	var out, errb bytes.Buffer
	o := &ingestOptions{Quiet: true, Workers: 2}
	if err := runIngest(context.Background(), o, g, []string{"../../examples"}, &out, &errb); err != nil {
		t.Fatalf("ingest examples/: %v\n%s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "5 files: 5 new, 0 changed, 0 unchanged, 0 failed;") {
		t.Fatalf("ingest summary = %q, want the 5 sample files new", out.String())
	}
	return g
}

// reportCase is one command line whose output has a golden file.
type reportCase struct {
	name string // golden file name, without .golden
	run  func(g *globals, w io.Writer) error
}

func positionsCase(name string, o reportOptions) reportCase {
	return reportCase{name, func(g *globals, w io.Writer) error {
		return runPositions(context.Background(), &o, g, nil, w)
	}}
}

func compareCase(name string, o compareOptions) reportCase {
	return reportCase{name, func(g *globals, w io.Writer) error {
		return runCompare(context.Background(), &o, g, nil, w)
	}}
}

func searchCase(name, query string, o searchOptions) reportCase {
	if o.Limit == 0 {
		o.Limit = 10
	}
	return reportCase{name, func(g *globals, w io.Writer) error {
		return runSearch(context.Background(), &o, g, []string{query}, w, io.Discard)
	}}
}

func exampleReportCases() []reportCase {
	var cs []reportCase
	for _, f := range reports.Formats {
		cs = append(cs,
			positionsCase("positions."+f, reportOptions{outputOptions: outputOptions{Format: f}, Evidence: 2}),
			compareCase("compare-speakers."+f, compareOptions{reportOptions: reportOptions{outputOptions: outputOptions{Format: f}}, With: []string{"IRN", "PAK", "KEN"}}),
			compareCase("compare-session."+f, compareOptions{reportOptions: reportOptions{outputOptions: outputOptions{Format: f}}, By: reports.BySession}),
			compareCase("compare-process."+f, compareOptions{reportOptions: reportOptions{outputOptions: outputOptions{Format: f}}, By: reports.ByProcess}),
		)
	}
	for _, f := range reports.Formats {
		o := speakersOptions{outputOptions{Format: f}}
		cs = append(cs, reportCase{"speakers." + f, func(g *globals, w io.Writer) error {
			return runSpeakers(context.Background(), &o, g, nil, w)
		}})
	}
	cs = append(cs,
		// Everyone who took a position, in any kind of document.
		positionsCase("positions-everyone.table", reportOptions{outputOptions: outputOptions{Format: "table"}, Evidence: 1,
			IncludeChair: true, IncludeNonState: true, IncludeAllKinds: true}),
		positionsCase("positions-cbdr-oppose.md", reportOptions{outputOptions: outputOptions{Format: "md"}, Evidence: 3,
			filterOptions: filterOptions{Positions: []string{"cbdr"}, Stance: corpus.StanceOppose}}),

		searchCase("search-program-of-action.txt", `"Program of Action"`, searchOptions{Limit: 5}),
		searchCase("search-program-of-action.json", `"Program of Action"`, searchOptions{Limit: 3, JSON: true}),
		searchCase("search-demand-driven-kenya.txt", `"demand-driven"`, searchOptions{filterOptions: filterOptions{Speakers: []string{"Kenya"}}}),
		searchCase("search-iran.json", ``, searchOptions{JSON: true, filterOptions: filterOptions{Speakers: []string{"Iran"}}}),
		searchCase("search-gender-oppose.txt", `gender`, searchOptions{filterOptions: filterOptions{Positions: []string{"gender"}, Stance: corpus.StanceOppose}}),
		searchCase("search-session-7-statements.txt", ``, searchOptions{filterOptions: filterOptions{Session: 7, Kind: corpus.KindStatement}}),
		searchCase("search-no-match.txt", `cryptocurrency`, searchOptions{}),
	)
	return cs
}

func TestExampleReports(t *testing.T) {
	g := examplesIndex(t)

	t.Run("golden", func(t *testing.T) {
		for _, c := range exampleReportCases() {
			t.Run(c.name, func(t *testing.T) {
				var first, second bytes.Buffer
				if err := c.run(g, &first); err != nil {
					t.Fatal(err)
				}
				if err := c.run(g, &second); err != nil {
					t.Fatal(err)
				}
				got := normaliseReport(first.Bytes())
				if !bytes.Equal(got, normaliseReport(second.Bytes())) {
					t.Errorf("a second run renders different bytes:\n%s\n---\n%s", first.Bytes(), second.Bytes())
				}
				checkGolden(t, filepath.Join("testdata", "reports", c.name+".golden"), got)
			})
		}
	})

	t.Run("positions", func(t *testing.T) { testExamplePositions(t, g) })
	t.Run("evidence", func(t *testing.T) { testExampleEvidence(t, g) })
	t.Run("search-speaker-name", func(t *testing.T) { testExampleSearchByName(t, g) })
}

// checkReportGolden compares got with testdata/reports/name.golden, or
// writes it there with -update.
// checkGolden compares got with the golden file at path, or writes it
// with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/oewg -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s: %s", path, firstDiff(got, want))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, gl, wl)
		}
	}
	return "no line differs"
}

// positionsJSON runs oewg positions --format json with o and decodes it.
func positionsJSON(t *testing.T, g *globals, o reportOptions) []reports.Cell {
	t.Helper()
	o.Format = "json"
	var out bytes.Buffer
	if err := runPositions(context.Background(), &o, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	var cells []reports.Cell
	if err := json.Unmarshal(out.Bytes(), &cells); err != nil {
		t.Fatalf("positions --format json: %v\n%s", err, out.Bytes())
	}
	return cells
}

// rowKeys lists the speakers of the table's rows, with their roles.
func rowKeys(cells []reports.Cell) map[string]string {
	m := map[string]string{}
	for _, c := range cells {
		m[c.Speaker.Key] = c.Speaker.Role
	}
	return m
}

// taggedChairs lists the chair keys with a tagged turn outside concept
// notes and other papers: the rows --include-chair alone may add.
func taggedChairs(t *testing.T, g *globals) []string {
	t.Helper()
	ix, err := index.OpenReadOnly(g.IndexDir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var keys []string
	err = ix.Segments(context.Background(), index.Filter{Roles: []string{corpus.RoleChair}}, func(s corpus.Segment) error {
		if len(s.Tags) > 0 && s.Kind != corpus.KindConceptNote && s.Kind != corpus.KindOther && !slices.Contains(keys, s.Speaker.Key) {
			keys = append(keys, s.Speaker.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func testExamplePositions(t *testing.T, g *globals) {
	cells := positionsJSON(t, g, reportOptions{Evidence: 2})
	stance := map[string]string{}
	for _, c := range cells {
		stance[c.Speaker.Key+"/"+c.Position] = c.Stance
		if c.Evidence == nil || len(c.Evidence) > 2 {
			t.Errorf("%s/%s: %d quotes, want 0 to 2 (and evidence present)", c.Speaker.Key, c.Position, len(c.Evidence))
		}
	}
	for k, want := range map[string]string{
		"IRN/gender":        corpus.StanceOppose, // "No need for separate paragraph."
		"PAK/cbdr":          corpus.StanceSupport,
		"KEN/demand_driven": corpus.StanceSupport,
	} {
		if stance[k] != want {
			t.Errorf("%s = %q, want %q", k, stance[k], want)
		}
	}

	// By default only States: no chair, no co-chairs of the concept note,
	// no group, organisation or unknown speaker.
	for key, role := range rowKeys(cells) {
		if role != corpus.RoleDelegation {
			t.Errorf("default table has a row for %s (%s)", key, role)
		}
	}

	// The transcript's Chair only gives the floor, so --include-chair alone
	// adds exactly the chairs with tagged turns (none in examples/); the
	// co-chairs' concept note needs --include-all-kinds as well.
	chairRows := func(o reportOptions) []string {
		var keys []string
		for key, role := range rowKeys(positionsJSON(t, g, o)) {
			if role == corpus.RoleChair {
				keys = append(keys, key)
			}
		}
		slices.Sort(keys)
		return keys
	}
	want := taggedChairs(t, g)
	slices.Sort(want)
	if got := chairRows(reportOptions{IncludeChair: true}); !slices.Equal(got, want) {
		t.Errorf("--include-chair: chair rows %v, want %v", got, want)
	}
	if got := chairRows(reportOptions{IncludeAllKinds: true}); len(got) != 0 {
		t.Errorf("--include-all-kinds without --include-chair: chair rows %v", got)
	}
	if got := chairRows(reportOptions{IncludeChair: true, IncludeAllKinds: true}); !slices.Contains(got, "CO_CHAIRS") {
		t.Errorf("--include-chair --include-all-kinds: chair rows %v, want the concept note's CO_CHAIRS", got)
	}
}

// Every quoted sentence is in the text of the segment it cites.
func testExampleEvidence(t *testing.T, g *globals) {
	ix, err := index.OpenReadOnly(g.IndexDir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	err = ix.Segments(context.Background(), index.Filter{}, func(s corpus.Segment) error {
		text[index.SegmentID(s.Doc, s.Seq)] = s.Text
		return nil
	})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range positionsJSON(t, g, reportOptions{Evidence: 2, IncludeChair: true, IncludeNonState: true, IncludeAllKinds: true}) {
		for _, e := range c.Evidence {
			n++
			seg, ok := text[index.SegmentID(e.Doc, e.Seq)]
			switch {
			case !ok:
				t.Errorf("%s/%s cites %s #%d, which is not in the index", c.Speaker.Key, c.Position, e.Doc, e.Seq)
			case e.Sentence == "" || !strings.Contains(seg, e.Sentence):
				t.Errorf("%s/%s quotes %q, not in %s #%d", c.Speaker.Key, c.Position, e.Sentence, e.Doc, e.Seq)
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d quotes checked; the sample corpus gives more", n)
	}
}

// --speaker takes a State's common name.
func testExampleSearchByName(t *testing.T, g *globals) {
	for _, name := range []string{"Iran", "iran", "IRN", "Iran (Islamic Republic of)"} {
		f, err := (&filterOptions{Speakers: []string{name}}).filter(g)
		if err != nil || !slices.Equal(f.Speakers, []string{"IRN"}) {
			t.Errorf("--speaker %q: filter %v, %v; want IRN", name, f.Speakers, err)
		}
	}
	var out bytes.Buffer
	o := &searchOptions{Limit: 10, JSON: true, filterOptions: filterOptions{Speakers: []string{"Iran"}}}
	if err := runSearch(context.Background(), o, g, []string{""}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var docs []string
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var h searchHit
		if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
			t.Fatal(err)
		}
		if h.Speaker.Key != "IRN" {
			t.Errorf("--speaker Iran found %s in %s #%d", h.Speaker.Key, h.Doc, h.Seq)
		}
		docs = append(docs, h.Doc)
	}
	// Iran's own statement (speaker from its .meta.yaml) and its turn in
	// the session 2 transcript.
	if want := []string{"iran-2020-11-19-capacity-building", "oewg-2021-2025-session-2-meeting-8-transcript"}; !slices.Equal(docs, want) {
		t.Errorf("--speaker Iran: documents %v, want %v", docs, want)
	}
}
