package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHTMLReportWorthSending: on real transcripts, the HTML position
// table picked by -o's extension shows every quote (no collapsed
// details: it prints), names positions by their labels, lists the
// documents behind it and the method, draws stances by session, and
// colours the cells of compare --by session too.
func TestHTMLReportWorthSending(t *testing.T) {
	ix := realIndex(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "table.html")
	if code, _, stderr := cli(t, "positions", "--index", ix, "--evidence", "2", "-o", out); code != 0 {
		t.Fatalf("positions: %d %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{"<!DOCTYPE html>", "Programme of Action", "Gender perspective", "<h2>Evidence</h2>",
		"<h2>Documents</h2>", "<h2>Method</h2>", "<svg", `class="support"`, "session_3_Oct_23_2025", "Left out:"} {
		if !strings.Contains(html, want) {
			t.Errorf("table.html has no %q", want)
		}
	}
	if strings.Contains(html, "<details") {
		t.Errorf("table.html hides quotes in <details>")
	}
	// Every note a cell links to is a visible quote.
	links := regexp.MustCompile(`href="#q(\d+)"`).FindAllStringSubmatch(html, -1)
	quotes := regexp.MustCompile(`<li id="q(\d+)">[^<]*<span[^>]*>[^<]*</span>\s*<blockquote>“[^”]+”</blockquote>`).FindAllStringSubmatch(html, -1)
	if len(links) < 20 || len(links) != len(quotes) {
		t.Errorf("%d links to quotes, %d quotes shown", len(links), len(quotes))
	}

	out = filepath.Join(dir, "by-session.html")
	if code, _, stderr := cli(t, "compare", "--index", ix, "--by", "session", "-o", out); code != 0 {
		t.Fatalf("compare: %d %s", code, stderr)
	}
	b, _ = os.ReadFile(out)
	if n := strings.Count(string(b), `<td class="`); n < 4 {
		t.Errorf("compare --by session html: %d coloured cells", n)
	}
	out = filepath.Join(dir, "table.md")
	if code, _, _ := cli(t, "positions", "--index", ix, "-o", out); code != 0 {
		t.Fatal("positions -o table.md failed")
	}
	if b, _ = os.ReadFile(out); !strings.HasPrefix(string(b), "## ") || !strings.Contains(string(b), "| --- |") {
		t.Errorf("-o table.md is not Markdown:\n%.200s", b)
	}
}

// TestTableFitsWidth: a table for a narrow terminal shortens the row
// labels (keeping the key) and wraps the quotes, so no line is wider
// than the terminal; --wide (no width) keeps everything.
func TestTableFitsWidth(t *testing.T) {
	ix := realIndex(t)
	g := &globals{IndexDir: ix}
	for _, width := range []int{0, 72} {
		var b strings.Builder
		o := &reportOptions{Evidence: 1}
		o.width = width
		if err := runPositions(context.Background(), o, g, nil, &b); err != nil {
			t.Fatal(err)
		}
		text := b.String()
		wide := 0
		for _, l := range strings.Split(text, "\n") {
			wide = max(wide, utf8.RuneCountInString(l))
		}
		switch {
		case width == 0 && (wide <= 72 || !strings.Contains(text, "Iran (Islamic Republic of) (IRN)")):
			t.Errorf("no width: widest line %d, want the full labels", wide)
		case width == 72 && wide > 72:
			t.Errorf("width 72: a line of %d", wide)
		case width == 72 && !strings.Contains(text, "(IRN)"):
			t.Errorf("width 72: the shortened label lost its key:\n%s", text)
		}
	}
}
