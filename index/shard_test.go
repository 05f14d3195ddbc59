package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
)

// shardDocs is every case folder's documents, and each paragraph of the
// sample files as a document of its own: enough documents that every
// shard holds some of each kind.
func shardDocs(t *testing.T) []corpus.Document {
	t.Helper()
	var docs []corpus.Document
	dirs, _ := filepath.Glob("testdata/cases/*")
	for _, dir := range dirs {
		var ds []corpus.Document
		readJSON(t, filepath.Join(dir, "docs.json"), &ds)
		for _, d := range ds {
			d.ID = filepath.Base(dir) + "-" + d.ID
			for i := range d.Segments {
				d.Segments[i].Doc = d.ID
			}
			docs = append(docs, d)
		}
	}
	files, byFile := sampleParagraphs(t)
	speakers := []string{"KEN", "GBR", "IRN", "CHL", "FRA"}
	for _, f := range files {
		for i, p := range byFile[f] {
			id := fmt.Sprintf("%s-%03d", strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)), i)
			role, kind := "delegation", "statement"
			if i%4 == 0 {
				role = "observer"
			}
			if i%3 == 0 {
				kind = "transcript"
			}
			docs = append(docs, corpus.Document{ID: id, File: f, Hash: id, Segments: []corpus.Segment{
				{Doc: id, Seq: 1, Text: p, Kind: kind, Speaker: corpus.Speaker{Key: speakers[i%len(speakers)], Role: role}},
			}})
		}
	}
	if len(docs) < 100 {
		t.Fatalf("only %d documents", len(docs))
	}
	return docs
}

// TestShardsScoreAsOne indexes the same documents into one shard and into
// three, and checks that every search returns the same hits, totals and
// facets (bleve's and the read-only columns), with scores close to one
// index's: each shard scores with its own document counts.
//
// NOTE: at 1 GB (300,000 records a shard) the two shards' scores were
// within 0.3 % of one index's; these few hundred records split three ways
// give each shard other counts, hence the wider scoreTolerance; and a
// term expansion (prefix*, fuzzy~, /regexp/) has other terms in each
// shard, hence another query norm (cyber*: scores twice one index's).
func TestShardsScoreAsOne(t *testing.T) {
	docs := shardDocs(t)
	one, three := shardIndex(t, docs, 1), shardIndex(t, docs, 3)
	one, three = reopenReadOnly(t, one), reopenReadOnly(t, three)
	for i, s := range three.shards {
		if n, _ := s.bi.DocCount(); n < 20 {
			t.Errorf("shard %d holds %d records", i, n)
		}
	}
	queries := []Query{
		{Text: "capacity"}, {Text: `"capacity building" ICT`}, {Text: `"programme of action"`},
		{Text: "cyber*"}, {Text: "capacty~1"}, {Text: "/respons.*/"}, {Text: "+national +ownership"},
		{Text: "gender women -men"}, {Text: `title:statement capacity`},
		{Text: "capacity", Filter: Filter{Speakers: []string{"KEN", "GBR"}}},
		{Text: "States", Filter: Filter{Roles: []string{"delegation"}}},
		{Filter: Filter{Speakers: []string{"IRN"}}}, {Filter: Filter{Tagged: true}},
	}
	dirs, _ := filepath.Glob("testdata/cases/*")
	for _, dir := range dirs {
		var cases []searchCase
		readJSON(t, filepath.Join(dir, "searches.json"), &cases)
		for _, c := range cases {
			queries = append(queries, c.query())
		}
	}
	ctx := context.Background()
	for round := range 2 { // NOTE: both rounds count facets with columns (highlighted, then not)
		for _, q := range queries {
			q.Size, q.Facets, q.Highlight = 1000, true, round == 0
			want, err := one.Search(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			got, err := three.Search(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Errorf("%q %+v: 3 shards %d hits (%d shown), 1 shard %d (%d)", q.Text, q.Filter, got.Total, len(got.Hits), want.Total, len(want.Hits))
				continue
			}
			if !slices.Equal(hitIDs(got), hitIDs(want)) {
				t.Errorf("%q %+v: 3 shards find\n%v\n1 shard\n%v", q.Text, q.Filter, hitIDs(got), hitIDs(want))
			}
			if d := maxScoreDiff(got, want); d > scoreTolerance && !strings.ContainsAny(q.Text, "*~/") {
				t.Errorf("%q %+v: scores differ by up to %.1f %%, want at most %.0f %%", q.Text, q.Filter, 100*d, 100*scoreTolerance)
			}
			if !slices.Equal(got.SpeakerFacets, want.SpeakerFacets) || !slices.Equal(got.PositionFacets, want.PositionFacets) {
				t.Errorf("%q: facets %v %v, want %v %v", q.Text, got.SpeakerFacets, got.PositionFacets, want.SpeakerFacets, want.PositionFacets)
			}
			for i := range got.Hits {
				if i > 0 && got.Hits[i].Score > got.Hits[i-1].Score {
					t.Errorf("%q: hit %d scores above hit %d", q.Text, i, i-1)
				}
			}
		}
	}
}

// shardIndex indexes docs into a new index of n shards.
func shardIndex(t *testing.T, docs []corpus.Document, n int) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "ix"), Options{Shards: n})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	w := ix.NewWriter()
	for i := range docs {
		if err := w.Add(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestColumnFilters checks that role and kind filters answered from a
// read-only index's columns select what bleve's filters select.
func TestColumnFilters(t *testing.T) {
	ix := shardIndex(t, shardDocs(t), DefaultShards)
	var queries []Query
	for _, text := range []string{"", "capacity", `"capacity building" ICT`, "cyber*"} {
		for _, f := range []Filter{
			{Roles: []string{"delegation"}}, {Roles: []string{"observer", "chair"}}, {Roles: []string{"nosuchrole"}},
			{Kind: "transcript"}, {Kind: "statement", Roles: []string{"delegation"}},
			{Kind: "transcript", Speakers: []string{"KEN", "GBR"}},
		} {
			queries = append(queries, Query{Text: text, Filter: f, Size: 1000, Facets: true, Highlight: text != ""})
		}
	}
	ctx := context.Background()
	var want []*Results
	for _, q := range queries {
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res)
	}
	ro := reopenReadOnly(t, ix)
	for round := range 2 { // NOTE: the first search builds the columns, the second reads them
		for i, q := range queries {
			got, err := ro.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want[i].Total || !slices.Equal(scored(got), scored(want[i])) {
				t.Errorf("round %d, %q %+v: %d hits %v, bleve's filters %d %v", round, q.Text, q.Filter, got.Total, scored(got), want[i].Total, scored(want[i]))
			}
			if !slices.Equal(got.SpeakerFacets, want[i].SpeakerFacets) {
				t.Errorf("%q %+v: facets %v, want %v", q.Text, q.Filter, got.SpeakerFacets, want[i].SpeakerFacets)
			}
		}
	}
	if want[0].Total == 0 || want[1].Total == 0 || want[3].Total == 0 {
		t.Errorf("filters select nothing: %d %d %d", want[0].Total, want[1].Total, want[3].Total)
	}
	for i, s := range ro.shards {
		if s.columns.cols == nil {
			t.Errorf("shard %d never built its columns", i)
		}
	}
}

// scored lists a result's hits as "id score" (score rounded to 12
// significant digits), by score then id: the order of ties is each
// index's own.
func scored(r *Results) []string {
	hits := slices.Clone(r.Hits)
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 && math.Abs(a.Score-b.Score) > 1e-12*math.Abs(a.Score) {
			return c
		}
		return cmp.Compare(SegmentID(a.Segment.Doc, a.Segment.Seq), SegmentID(b.Segment.Doc, b.Segment.Seq))
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s %.12g", SegmentID(h.Segment.Doc, h.Segment.Seq), h.Score)
	}
	return out
}

// scoreTolerance is how far, relatively, a hit's score on three shards
// may be from one index's on shardDocs.
const scoreTolerance = 0.25

// hitIDs lists a result's hits by id, sorted.
func hitIDs(r *Results) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = SegmentID(h.Segment.Doc, h.Segment.Seq)
	}
	slices.Sort(out)
	return out
}

// maxScoreDiff is the largest relative difference between the scores of
// the same hit in a and b.
func maxScoreDiff(a, b *Results) float64 {
	want := map[string]float64{}
	for _, h := range b.Hits {
		want[SegmentID(h.Segment.Doc, h.Segment.Seq)] = h.Score
	}
	var d float64
	for _, h := range a.Hits {
		w := want[SegmentID(h.Segment.Doc, h.Segment.Seq)]
		if w != 0 {
			d = max(d, math.Abs(h.Score-w)/math.Abs(w))
		}
	}
	return d
}

// TestListingInIDOrder checks that a read-only index lists the segments a
// filter selects (no text) in the order bleve's sort by id gives, page by
// page, from each shard's _id column.
func TestListingInIDOrder(t *testing.T) {
	ix := shardIndex(t, shardDocs(t), DefaultShards)
	var queries []Query
	for _, f := range []Filter{{}, {Roles: []string{"delegation"}}, {Kind: "transcript"}, {Speakers: []string{"KEN", "GBR"}}, {Positions: []string{"poa"}}} {
		for _, from := range []int{0, 5, 40} {
			queries = append(queries, Query{Filter: f, Size: 7, From: from, Facets: true})
		}
	}
	ctx := context.Background()
	var want [][]string
	for _, q := range queries {
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, hitIDs(res))
	}
	ro := reopenReadOnly(t, ix)
	for round := range 2 { // NOTE: the first search builds the columns
		for i, q := range queries {
			got, err := ro.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(hitIDs(got), want[i]) {
				t.Errorf("round %d, %+v from %d: %v, bleve's sort by id %v", round, q.Filter, q.From, hitIDs(got), want[i])
			}
		}
	}
	if len(want[0]) != 7 || len(want[2]) != 7 {
		t.Errorf("listings too short to test the order: %v", want)
	}
	for i, s := range ro.shards {
		if s.columns.cols == nil || s.columns.cols[idColumn].rank == nil {
			t.Errorf("shard %d has no _id column", i)
		}
	}
}
