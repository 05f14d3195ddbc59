package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// realIndex ingests the real transcripts of ../shared/real (third-party
// data, read at run time) and the samples, or skips when they are absent.
func realIndex(t *testing.T) string {
	t.Helper()
	const real = "../../../shared/real/un80-iahwg"
	if _, err := os.Stat(real); err != nil {
		t.Skipf("no real transcripts at %s", real)
	}
	ix := filepath.Join(t.TempDir(), "ix")
	if code, _, stderr := cli(t, "ingest", "--index", ix, real, "../../examples"); code != 0 {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	return ix
}

// TestSearchKWIC: on real transcripts, a concordance of a phrase has one
// line per place the phrase is said — never one of its words alone —
// with the match in one column; --sort right orders by the words after.
func TestSearchKWIC(t *testing.T) {
	ix := realIndex(t)
	for _, tt := range []struct {
		query, sort string
		want        func(match string) bool
	}{
		{`"capacity building"`, "score", func(m string) bool {
			m = strings.ToLower(m)
			return m == "capacity building" || m == "capacity-building"
		}},
		{`"programme of action"`, "right", func(m string) bool {
			m = strings.ToLower(m)
			return strings.HasPrefix(m, "program") && strings.HasSuffix(m, " action") && strings.Count(m, " ") == 2
		}},
		{`mandate*`, "left", func(m string) bool { return strings.HasPrefix(strings.ToLower(m), "mandate") }},
	} {
		code, out, stderr := cli(t, "search", "--index", ix, "--kwic", "--sort", tt.sort, "--width", "100", "-n", "30", tt.query)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.query, code, stderr)
		}
		body, summary, _ := strings.Cut(out, "\n\n")
		lines := strings.Split(body, "\n")
		if len(lines) < 5 {
			t.Fatalf("%s: only %d lines:\n%s", tt.query, len(lines), out)
		}
		if !strings.Contains(summary, "matches in") {
			t.Errorf("%s: no summary: %q", tt.query, summary)
		}
		col := matchColumn(lines, tt.want)
		if col < 0 {
			t.Fatalf("%s: the matches are not in one column:\n%s", tt.query, body)
		}
		var rights []string
		for _, l := range lines {
			if utf8.RuneCountInString(l) > 100 {
				t.Errorf("%s: line wider than 100: %q", tt.query, l)
			}
			m, right, _ := strings.Cut(string([]rune(l)[col:]), "  ")
			if !tt.want(m) {
				t.Errorf("%s: match %q is not the query's: %q", tt.query, m, l)
			}
			rights = append(rights, strings.ToLower(m+" "+right))
		}
		if tt.sort == "right" {
			for i := 1; i < len(rights); i++ {
				if rights[i-1] > rights[i] {
					t.Errorf("%s --sort right: %q before %q", tt.query, rights[i-1], rights[i])
				}
			}
		}
	}
	if code, _, stderr := cli(t, "search", "--index", ix, "--kwic", ""); code != 2 || !strings.Contains(stderr, "needs words") {
		t.Errorf("--kwic '': exit %d, %q", code, stderr)
	}
}

// matchColumn finds the column (in runes) at which every line has, right
// after two spaces, a match that want accepts — the aligned match — or -1.
func matchColumn(lines []string, want func(string) bool) int {
	common := map[int]int{}
	for _, l := range lines {
		rs := []rune(l)
		for i := 2; i < len(rs); i++ {
			if rs[i-1] == ' ' && rs[i-2] == ' ' && rs[i] != ' ' {
				if m, _, _ := strings.Cut(string(rs[i:]), "  "); want(m) {
					common[i]++
				}
			}
		}
	}
	for c, n := range common {
		if n == len(lines) {
			return c
		}
	}
	return -1
}

// TestSearchFormats: -o picks the format from the extension, CSV and TSV
// read back with the export's columns plus score and fragment, JSON
// Lines are the --json shape; conflicting flags are usage errors.
func TestSearchFormats(t *testing.T) {
	ix := realIndex(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		args  []string
		file  string
		comma rune
	}{
		{[]string{"-o", filepath.Join(dir, "hits.csv")}, "hits.csv", ','},
		{[]string{"--format", "tsv", "-o", filepath.Join(dir, "hits.txt")}, "hits.txt", '\t'},
	} {
		args := append([]string{"search", "--index", ix, "-n", "7", "--speaker", "KEN", "capacity"}, tt.args...)
		if code, _, stderr := cli(t, args...); code != 0 || !strings.Contains(stderr, "wrote") {
			t.Fatalf("%v: exit %d %s", args, code, stderr)
		}
		f, err := os.Open(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.Comma = tt.comma
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		head := recs[0]
		if head[0] != "doc" || head[len(head)-2] != "score" || head[len(head)-1] != "fragment" {
			t.Errorf("%s: header %v", tt.file, head)
		}
		if len(recs) < 2 || len(recs) > 8 {
			t.Fatalf("%s: %d rows", tt.file, len(recs)-1)
		}
		for _, rec := range recs[1:] {
			row := map[string]string{}
			for i, h := range head {
				row[h] = rec[i]
			}
			if row["speaker"] != "KEN" || row["iso3"] != "KEN" || !strings.Contains(row["fragment"], "«") || row["score"] == "" {
				t.Errorf("%s: row %v", tt.file, row)
			}
		}
	}
	_, out, _ := cli(t, "search", "--index", ix, "--format", "jsonl", "-n", "2", "capacity")
	if n := strings.Count(out, "\n"); n != 2 || !strings.Contains(out, `"score":`) {
		t.Errorf("--format jsonl: %d lines:\n%.300s", n, out)
	}
	for _, args := range [][]string{{"--json", "--kwic"}, {"--format", "xml"}, {"--kwic", "--width", "10"}, {"--kwic", "--sort", "middle"}} {
		if code, _, _ := cli(t, append([]string{"search", "--index", ix, "capacity"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, code)
		}
	}
}
