package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
)

// searchCase is one entry of a case's searches.json.
type searchCase struct {
	Name  string `json:"name"`
	Query struct {
		Text      string   `json:"text"`
		Speakers  []string `json:"speakers"`
		Positions []string `json:"positions"`
		Stance    string   `json:"stance"`
		Kind      string   `json:"kind"`
		Process   string   `json:"process"`
		Session   int      `json:"session"`
		From      string   `json:"from"`
		To        string   `json:"to"`
		Roles     []string `json:"roles"`
		Highlight bool     `json:"highlight"`
		Facets    bool     `json:"facets"`
	} `json:"query"`
	// IDs are the expected segment ids, in order unless Unordered.
	IDs       []string `json:"ids"`
	Unordered bool     `json:"unordered"`
	// Total, if set, is the expected number of hits.
	Total *uint64 `json:"total"`
	// Fragment must occur in the first hit's fragments.
	Fragment       string         `json:"fragment"`
	SpeakerFacets  map[string]int `json:"speaker_facets"`
	PositionFacets map[string]int `json:"position_facets"`
}

func (c searchCase) query() Query {
	q := c.Query
	return Query{Text: q.Text, Size: 100, Highlight: q.Highlight, Facets: q.Facets, Filter: Filter{
		Speakers: q.Speakers, Positions: q.Positions, Stance: q.Stance, Kind: q.Kind,
		Process: q.Process, Session: q.Session, From: q.From, To: q.To, Roles: q.Roles,
	}}
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func openTemp(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "ix"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// reopenReadOnly closes ix and opens its folder read-only.
func reopenReadOnly(t testing.TB, ix *Index) *Index {
	t.Helper()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(ix.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}

// TestCases walks testdata/cases: each folder's docs.json is indexed and
// each of its searches.json entries run.
// putAll puts docs into a new index.
func putAll(t *testing.T, docs []corpus.Document) *Index {
	t.Helper()
	ix := openTemp(t)
	for i := range docs {
		if err := ix.Put(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var docs []corpus.Document
			readJSON(t, filepath.Join(dir, "docs.json"), &docs)
			var cases []searchCase
			readJSON(t, filepath.Join(dir, "searches.json"), &cases)
			ix := putAll(t, docs)
			for _, c := range cases {
				t.Run(c.Name, func(t *testing.T) { runCase(t, ix, c) })
			}
			// A read-only index counts facets its own way: the same cases.
			ro := reopenReadOnly(t, ix)
			for _, c := range cases {
				t.Run("read-only/"+c.Name, func(t *testing.T) { runCase(t, ro, c) })
			}
		})
	}
}

func runCase(t *testing.T, ix *Index, c searchCase) {
	res, err := ix.Search(context.Background(), c.query())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, SegmentID(h.Segment.Doc, h.Segment.Seq))
	}
	if c.IDs != nil {
		want := slices.Clone(c.IDs)
		if c.Unordered {
			slices.Sort(got)
			slices.Sort(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("hits = %q, want %q", got, want)
		}
	}
	if c.Total != nil && res.Total != *c.Total {
		t.Errorf("total = %d, want %d (hits %q)", res.Total, *c.Total, got)
	}
	if c.Fragment != "" {
		if len(res.Hits) == 0 || !strings.Contains(strings.Join(res.Hits[0].Fragments, "\n"), c.Fragment) {
			t.Errorf("fragments do not contain %q: %v", c.Fragment, res.Hits)
		}
	}
	checkFacets(t, "speaker", res.SpeakerFacets, c.SpeakerFacets)
	checkFacets(t, "position", res.PositionFacets, c.PositionFacets)
}

func checkFacets(t *testing.T, name string, got []FacetCount, want map[string]int) {
	t.Helper()
	if want == nil {
		return
	}
	m := map[string]int{}
	for _, f := range got {
		m[f.Term] = f.Count
	}
	if len(m) != len(want) {
		t.Errorf("%s facets = %v, want %v", name, m, want)
		return
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s facets = %v, want %v", name, m, want)
			return
		}
	}
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestWholeWords(t *testing.T) {
	text := "It should help develop skills and institutions that increase the resilience and security of states, so they can fully enjoy the benefits."
	tests := []struct{ frag, want string }{
		{" … elp develop skills and institutions that increase the «resilience» and security of states, so they can fully enjoy t … ",
			" … develop skills and institutions that increase the «resilience» and security of states, so they can fully enjoy … "},
		{"It should help develop skills and institutions that increase the «resilience» … ",
			"It should help develop skills and institutions that increase the «resilience» … "},
		{" … the «resilience» and security of states, so they can fully enjoy the benefits.",
			" … the «resilience» and security of states, so they can fully enjoy the benefits."},
	}
	for _, tt := range tests {
		if got := wholeWords(tt.frag, text); got != tt.want {
			t.Errorf("wholeWords(%q)\n got %q\nwant %q", tt.frag, got, tt.want)
		}
	}
}

// TestSegmentsTagged checks that Filter.Tagged keeps exactly the segments
// with a tag, on every case folder, and none on an index without tags.
func TestSegmentsTagged(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	ctx := context.Background()
	tagged := 0
	for _, dir := range dirs {
		var docs []corpus.Document
		readJSON(t, filepath.Join(dir, "docs.json"), &docs)
		ix := putAll(t, docs)
		var want, got []string
		if err := ix.Segments(ctx, Filter{}, func(s corpus.Segment) error {
			if len(s.Tags) > 0 {
				want = append(want, SegmentID(s.Doc, s.Seq))
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Segments(ctx, Filter{Tagged: true}, func(s corpus.Segment) error {
			got = append(got, SegmentID(s.Doc, s.Seq))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: tagged segments %q, want %q", dir, got, want)
		}
		tagged += len(want)
	}
	if tagged == 0 {
		t.Fatal("no tagged segment in the cases")
	}
	ix, _ := sampleIndex(t)
	if err := ix.Segments(ctx, Filter{Tagged: true}, func(s corpus.Segment) error {
		t.Errorf("untagged index: %s #%d", s.Doc, s.Seq)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
