package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/extract"
	"github.com/oewg/oewg/internal/testdocs"
)

// tagCounts counts a document's tags by speaker, position and stance.
func tagCounts(segs []corpus.Segment) map[string]int {
	c := map[string]int{}
	for _, s := range segs {
		for _, t := range s.Tags {
			c[s.Speaker.Key+" "+t.Position+" "+t.Stance]++
		}
	}
	return c
}

// tagF1 is the F1 of got's tags against want's, as multisets.
func tagF1(got, want map[string]int) float64 {
	tp, ng, nw := 0, 0, 0
	for k, n := range got {
		ng += n
		tp += min(n, want[k])
	}
	for _, n := range want {
		nw += n
	}
	if ng+nw == 0 {
		return 1
	}
	return 2 * float64(tp) / float64(ng+nw)
}

// wordDiff counts the words of got and want that the other lacks.
func wordDiff(got, want string) int {
	c := map[string]int{}
	for _, w := range strings.Fields(want) {
		c[w]++
	}
	for _, w := range strings.Fields(got) {
		c[w]--
	}
	n := 0
	for _, v := range c {
		n += max(v, -v)
	}
	return n
}

func speakersOf(segs []corpus.Segment) []string {
	var out []string
	for _, s := range segs {
		k := s.Speaker.Key
		if s.Interjection {
			k = "(" + k + ")"
		}
		if s.OnBehalfOf != "" {
			k += "/" + s.OnBehalfOf
		}
		out = append(out, k)
	}
	return out
}

// TestPDFRendererMatrix renders each sample document to PDF with the tools
// that make the PDFs researchers download, and checks that each gives the
// speaker sequence of the text exactly and its tags with F1 ≥ 0.98. A
// renderer whose tool is not installed is skipped with a message (.ci/run
// installs them). Run with -v for the README's matrix.
func TestPDFRendererMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("renders PDFs with external tools; not in -short")
	}
	files, _ := filepath.Glob("../../examples/*")
	var docs []string
	for _, f := range files {
		if !corpus.IsSidecar(f) {
			docs = append(docs, f)
		}
	}
	type cell struct{ extractor, words, speakers, f1 string }
	var mu sync.Mutex
	matrix := map[string]map[string]cell{}
	for _, r := range testdocs.Renderers {
		t.Run(r.Name, func(t *testing.T) {
			if !r.Available() {
				t.Skipf("%s is not installed (apt-get install %s); renderer skipped", r.Tool, r.Tool)
			}
			for _, f := range docs {
				name := filepath.Base(f)
				t.Run(name, func(t *testing.T) {
					res, err := extract.File(f)
					if err != nil {
						t.Fatal(err)
					}
					want := analyzeJSON(t, nil, f)
					dir := t.TempDir()
					pdf, err := r.Render(dir, res.Text)
					if err != nil {
						t.Fatalf("render: %v", err)
					}
					// The PDF keeps the document's name, so that what the
					// file name says still holds, and its sidecar.
					target := filepath.Join(dir, strings.TrimSuffix(name, filepath.Ext(name))+".pdf")
					if err := os.Rename(pdf, target); err != nil {
						t.Fatal(err)
					}
					if meta, err := os.ReadFile(f + ".meta.yaml"); err == nil {
						os.WriteFile(target+".meta.yaml", meta, 0o644)
					}
					got := analyzeJSON(t, nil, target)
					pres, err := extract.File(target)
					if err != nil {
						t.Fatal(err)
					}
					gs, ws := speakersOf(got), speakersOf(want)
					right := 0
					for i := range min(len(gs), len(ws)) {
						if gs[i] == ws[i] {
							right++
						}
					}
					f1 := tagF1(tagCounts(got), tagCounts(want))
					mu.Lock()
					if matrix[r.Name] == nil {
						matrix[r.Name] = map[string]cell{}
					}
					matrix[r.Name][name] = cell{pres.Extractor, fmt.Sprint(wordDiff(pres.Text, res.Text)), fmt.Sprintf("%d/%d", right, len(ws)), fmt.Sprintf("%.3f", f1)}
					mu.Unlock()
					if strings.Join(gs, " ") != strings.Join(ws, " ") {
						t.Errorf("speakers differ from the text's:\n got %v\nwant %v", gs, ws)
					}
					if f1 < 0.98 {
						t.Errorf("tags F1 %.3f against the text's, want ≥ 0.98\n got %v\nwant %v", f1, tagCounts(got), tagCounts(want))
					}
				})
			}
		})
	}
	var names []string
	for n := range matrix {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("| renderer | document | extractor | words differing | speakers right | tags F1 |\n|---|---|---|---|---|---|\n")
	for _, n := range names {
		var ds []string
		for d := range matrix[n] {
			ds = append(ds, d)
		}
		sort.Strings(ds)
		for _, d := range ds {
			c := matrix[n][d]
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", n, d, c.extractor, c.words, c.speakers, c.f1)
		}
	}
	t.Log("\n" + b.String())
}
