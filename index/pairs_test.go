package index

import (
	"cmp"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/oewg/oewg/corpus"
)

// sampleIndex indexes the sample documents of examples/, one segment per
// paragraph, and returns the index and the paragraphs.
func sampleIndex(t *testing.T) (*Index, []string) {
	t.Helper()
	ix := openTemp(t)
	var paras []string
	files, byFile := sampleParagraphs(t)
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		d := &corpus.Document{ID: id, File: f, Hash: id, Meta: corpus.Meta{Title: id}}
		for _, p := range byFile[f] {
			paras = append(paras, p)
			d.Segments = append(d.Segments, corpus.Segment{Doc: id, Seq: len(d.Segments) + 1, Text: p, Title: title(id),
				Source: "https://example.org/" + id, Speaker: corpus.Speaker{Key: "UNKNOWN"}})
		}
		if err := ix.Put(d); err != nil {
			t.Fatal(err)
		}
	}
	if len(paras) < 100 {
		t.Fatalf("only %d paragraphs in the samples", len(paras))
	}
	return ix, paras
}

// title makes a title of a sample's file name: "Iran 2020 11 19 Capacity
// Building" (words that its segments' phrases also hold).
func title(id string) string {
	ws := strings.FieldsFunc(id, func(r rune) bool { return r == '-' })
	for i, w := range ws {
		ws[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(ws, " ")
}

// sampleParagraphs lists the sample documents in examples/ (not their
// sidecars) and their non-empty paragraphs, by file.
func sampleParagraphs(t *testing.T) ([]string, map[string][]string) {
	t.Helper()
	files, err := filepath.Glob("../examples/*.*")
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	paras := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, ".yaml") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, f)
		for _, p := range strings.Split(string(b), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras[f] = append(paras[f], p)
			}
		}
	}
	return docs, paras
}

// TestPairsMatchPhrases checks that a phrase answered by the pairs field
// finds exactly the segments bleve's phrase search does: every two- and
// three-word window of 400 paragraphs of the samples, plus windows
// re-ordered (which mostly match nothing).
func TestPairsMatchPhrases(t *testing.T) {
	ix, paras := sampleIndex(t)
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	var phrases []string
	for range 400 {
		ws := strings.Fields(paras[r.IntN(len(paras))])
		for n := 2; n <= 3 && len(ws) >= n; n++ {
			i := r.IntN(len(ws) - n + 1)
			w := slices.Clone(ws[i : i+n])
			phrases = append(phrases, strings.Join(w, " "))
			slices.Reverse(w)
			phrases = append(phrases, strings.Join(w, " "))
		}
	}
	phrases = append(phrases, "capacity building", "Programme of Action", "program of action", "demand-driven",
		"common but differentiated", "Chair's summary", "capacity-building", "the capacity of the", "of the")
	ctx := context.Background()
	rewritten := 0
	for _, p := range phrases {
		p = strings.NewReplacer(`"`, "", `\`, "").Replace(p)
		if seen[p] || strings.TrimSpace(p) == "" {
			continue
		}
		seen[p] = true
		text := `"` + p + `"`
		tq, _, _, err := textQuery(text, ix.mapping)
		if err != nil {
			continue // not a query string once quoted (a stray operator)
		}
		if hasPairs(tq) {
			rewritten++
		}
		got := ids(t, ix, tq)
		mp := bleve.NewMatchPhraseQuery(p)
		want := ids(t, ix, mp)
		if !slices.Equal(got, want) {
			t.Errorf("%s: pairs find %d segments %v, phrase search %d %v", text, len(got), got, len(want), want)
		}
		if _, err := ix.Search(ctx, Query{Text: text, Highlight: true}); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
	if rewritten < 300 {
		t.Errorf("only %d of %d phrases answered by pairs", rewritten, len(seen))
	}
	t.Logf("%d phrases, %d answered by the pairs field", len(seen), rewritten)
}

func hasPairs(q query.Query) bool {
	found := false
	mapLeaves(q, func(q query.Query) query.Query {
		if tq, ok := q.(*query.TermQuery); ok && tq.FieldVal == pairsField {
			found = true
		}
		return q
	})
	return found
}

// ids lists the segment ids q matches, sorted.
func ids(t *testing.T, ix *Index, q query.Query) []string {
	t.Helper()
	var out []string
	for _, h := range ranked(t, ix, q) {
		out = append(out, h.id)
	}
	slices.Sort(out)
	return out
}

// TestTextQueryTypeFilter checks when a query can do without the filter
// on segment records, and that it never returns a document record.
func TestTextQueryTypeFilter(t *testing.T) {
	ix, _ := sampleIndex(t)
	for _, tt := range []struct {
		text         string
		onlySegments bool
	}{
		{`capacity`, true},
		{`"capacity building" ICT`, true},
		{`+national -ownership`, true},
		{`-capacity`, false},
		{`-capacity -gender`, false},
		{`doc:iran-2020-11-19-capacity-building`, false},
		{`type:document`, false},
		{`"Article 2: sovereignty"`, true}, // a colon in a phrase names no field
	} {
		_, only, _, err := textQuery(tt.text, ix.mapping)
		if err != nil {
			t.Fatalf("%s: %v", tt.text, err)
		}
		if only != tt.onlySegments {
			t.Errorf("%s: onlySegments = %v, want %v", tt.text, only, tt.onlySegments)
		}
		res, err := ix.Search(context.Background(), Query{Text: tt.text, Size: 10000})
		if err != nil {
			t.Fatalf("%s: %v", tt.text, err)
		}
		for _, h := range res.Hits {
			if h.Segment.Doc == "" || h.Segment.Seq == 0 {
				t.Errorf("%s: hit %+v is not a segment", tt.text, h.Segment)
			}
		}
		if tt.text == `-capacity` && res.Total == 0 {
			t.Errorf("-capacity: no hits")
		}
	}
}

// TestFormatVersion checks that an index of another format is refused
// with a remedy, for writing and for reading: one of this layout with
// another format number, and the unsharded indexes of formats 1 and 2.
func TestFormatVersion(t *testing.T) {
	registerAnalysis()
	newer := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(newer, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := os.WriteFile(filepath.Join(newer, layoutName), []byte(`{"format":99,"shards":2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{newer: "99"}
	for _, v := range []string{"1", "2"} {
		dir := filepath.Join(t.TempDir(), "v"+v)
		m, err := newMapping()
		if err != nil {
			t.Fatal(err)
		}
		bi, err := bleve.New(dir, m)
		if err != nil {
			t.Fatal(err)
		}
		if v == "2" {
			if err := bi.SetInternal([]byte(formatKey), []byte(v)); err != nil {
				t.Fatal(err)
			}
		}
		bi.Close()
		want[dir] = v
	}
	for dir, v := range want {
		for name, open := range map[string]func(string, Options) (*Index, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
			_, err := open(dir, Options{})
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Version != v || !strings.Contains(err.Error(), "ingest again") {
				t.Errorf("%s(%s): err = %v, want a FormatError for format %s", name, filepath.Base(dir), err, v)
			}
		}
	}
}

// TestFacetsReadOnly checks that the facets a read-only index counts with
// bitmaps are bleve's own, on the samples, for queries broad and narrow,
// with and without filters, and after a document was replaced (deleted
// records must not count).
func TestFacetsReadOnly(t *testing.T) {
	ix, _ := sampleIndex(t)
	// Replace one document with fewer segments: its old records are deleted.
	d := &corpus.Document{ID: "iran-2020-11-19-capacity-building", File: "x", Hash: "y", Segments: []corpus.Segment{
		{Doc: "iran-2020-11-19-capacity-building", Seq: 1, Text: "Capacity building must be demand-driven.", Speaker: corpus.Speaker{Key: "IRN"},
			Tags: []corpus.Tag{{Position: "capacity", Stance: corpus.StanceSupport}}},
	}}
	if err := ix.Put(d); err != nil {
		t.Fatal(err)
	}
	queries := []Query{
		{Text: "capacity"}, {Text: `"capacity building"`}, {Text: "cyber*"}, {Text: "-capacity"},
		{Text: "gender women"}, {Text: "nosuchword"}, {Filter: Filter{Speakers: []string{"IRN"}}},
		{}, {Text: "capacity", Filter: Filter{Positions: []string{"capacity"}}},
	}
	ctx := context.Background()
	var want []*Results
	for _, q := range queries {
		q.Facets, q.Highlight = true, true
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res)
	}
	ro := reopenReadOnly(t, ix)
	for i, q := range queries {
		q.Facets, q.Highlight = true, true
		got, err := ro.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.SpeakerFacets, want[i].SpeakerFacets) || !slices.Equal(got.PositionFacets, want[i].PositionFacets) {
			t.Errorf("%+v: read-only facets %v %v, bleve's %v %v", q, got.SpeakerFacets, got.PositionFacets, want[i].SpeakerFacets, want[i].PositionFacets)
		}
		if got.Total != want[i].Total {
			t.Errorf("%+v: total %d, want %d", q, got.Total, want[i].Total)
		}
	}
	if len(want[0].SpeakerFacets) == 0 {
		t.Error("no speaker facets for capacity")
	}
	for i, s := range ro.shards {
		if s.columns.cols == nil {
			t.Errorf("the read-only index never counted with shard %d's columns", i)
		}
	}
}

// TestTitlesDoNotMatchText: words and phrases search what was said, not
// the document's title or URL (they would match every segment of the
// document); title: and source: search those, title:"…" as a phrase.
func TestTitlesDoNotMatchText(t *testing.T) {
	ix := openTemp(t)
	d := &corpus.Document{ID: "cb", File: "cb.txt", Hash: "cb", Meta: corpus.Meta{Title: "Capacity Building", Source: "https://example.org/gender-report"}}
	for i, text := range []string{
		"We support the Programme of Action.",
		"Capacity building must be demand-driven.",
		"The building has no capacity left.",
	} {
		d.Segments = append(d.Segments, corpus.Segment{Doc: "cb", Seq: i + 1, Text: text, Title: d.Meta.Title, Source: d.Meta.Source, Speaker: corpus.Speaker{Key: "KEN"}})
	}
	if err := ix.Put(d); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		want  []int
	}{
		{`"capacity building"`, []int{2}},
		{`"capacity-building"`, []int{2}},
		{`capacity`, []int{2, 3}},
		{`"building capacity"`, nil},
		{`gender`, nil},
		{`title:"capacity building"`, []int{1, 2, 3}},
		{`title:"building capacity"`, nil},
		{`source:gender`, []int{1, 2, 3}},
		{`"programme of action" OR title:capacity`, []int{1, 2, 3}},
	} {
		res, err := ix.Search(context.Background(), Query{Text: tt.query, Size: 10, Highlight: true})
		if err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		var got []int
		for _, h := range res.Hits {
			got = append(got, h.Segment.Seq)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: segments %v, want %v", tt.query, got, tt.want)
		}
	}
}

// TestWordsAsTerms checks that the query of one word, which textQuery
// turns into a term query, and the queries around it rank the segments
// as bleve's own query-string query does: same hits, same order, same
// scores.
func TestWordsAsTerms(t *testing.T) {
	ix, paras := sampleIndex(t)
	r := rand.New(rand.NewPCG(3, 4))
	texts := []string{"capacity", "Capacity^3", "capacity women", "+capacity -women", "capacity^2 gender", "ICTs", "the"}
	for range 150 {
		ws := strings.Fields(paras[r.IntN(len(paras))])
		w := strings.Trim(ws[r.IntN(len(ws))], `.,;:()"'“”’!?[]{}^~*\/+-`)
		if w != "" && !strings.ContainsAny(w, `:"\`) {
			texts = append(texts, w)
		}
	}
	terms := 0
	for _, text := range texts {
		tq, _, _, err := textQuery(text, ix.mapping)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if _, ok := tq.(*query.TermQuery); ok {
			terms++
		}
		got, want := ranked(t, ix, tq), ranked(t, ix, bleve.NewQueryStringQuery(text))
		if !slices.EqualFunc(got, want, func(a, b rankedHit) bool {
			return a.id == b.id && math.Abs(a.score-b.score) <= 1e-9*math.Max(1, math.Abs(b.score))
		}) {
			t.Errorf("%q: %d hits %v, bleve's query string %d %v", text, len(got), head(got), len(want), head(want))
		}
	}
	if terms < len(texts)/2 {
		t.Errorf("only %d of %d queries became a term query", terms, len(texts))
	}
}

type rankedHit struct {
	id    string
	score float64
}

// ranked lists the segments q matches, best first (ties by id).
func ranked(t *testing.T, ix *Index, q query.Query) []rankedHit {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(termQ("type", typeSegment), q), 10000, 0, false)
	res, err := ix.search(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []rankedHit
	for _, h := range res.Hits {
		out = append(out, rankedHit{h.ID, h.Score})
	}
	slices.SortFunc(out, func(a, b rankedHit) int { return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.id, b.id)) })
	return out
}

func head(s []rankedHit) []rankedHit { return s[:min(len(s), 3)] }

// TestWildcardsIgnoreCase checks that a prefix or wildcard on the words
// said finds what its lowercase form finds (the words are indexed
// lowercased, and bleve does not analyse a wildcard), and that one on a
// named field keeps its case.
func TestWildcardsIgnoreCase(t *testing.T) {
	ix, _ := sampleIndex(t)
	for _, c := range []struct{ text, lower string }{
		{"Capac*", "capac*"}, {"CYBER*", "cyber*"}, {"Mechan* States", "mechan* States"}, {"+Cyber* -women", "+cyber* -women"}, {"Ca?ac*", "ca?ac*"},
	} {
		tq, _, _, err := textQuery(c.text, ix.mapping)
		if err != nil {
			t.Fatal(err)
		}
		lq, _, _, err := textQuery(c.lower, ix.mapping)
		if err != nil {
			t.Fatal(err)
		}
		got, want := ranked(t, ix, tq), ranked(t, ix, lq)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%q: %d hits, %q %d", c.text, len(got), c.lower, len(want))
		}
	}
	tq, _, _, err := textQuery("speaker:KE*", ix.mapping)
	if err != nil {
		t.Fatal(err)
	}
	if wq, ok := tq.(*query.WildcardQuery); !ok || wq.Wildcard != "KE*" {
		t.Errorf("speaker:KE* became %#v", tq)
	}
}
