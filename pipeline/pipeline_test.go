package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
)

func builtin(t testing.TB) *classify.RuleSet {
	t.Helper()
	rs, err := classify.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// A Go program ingests a folder and queries the index without the CLI.
func TestIngestAndQuery(t *testing.T) {
	p := pipeline.New(pipeline.Options{Rules: builtin(t)})
	files, errs := pipeline.Collect([]string{"../examples"})
	if len(errs) > 0 || len(files) != 5 {
		t.Fatalf("collect: %d files, errors %v", len(files), errs)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "ix"), index.Options{Command: "pipeline test"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	seen := 0
	st, err := p.Ingest(context.Background(), ix, files, pipeline.IngestOptions{Workers: 2, Progress: func(*pipeline.Result) { seen++ }})
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 5 || st.Failed != 0 || st.Segments < 85 || seen != 5 {
		t.Errorf("first ingest: %+v, progress called %d times", st, seen)
	}
	st, err = p.Ingest(context.Background(), ix, files, pipeline.IngestOptions{Workers: 2})
	if err != nil || st.Unchanged != 5 || st.New+st.Changed != 0 {
		t.Errorf("second ingest: %+v, %v", st, err)
	}
	f, err := pipeline.ParseFilter(pipeline.FilterSpec{Speakers: []string{"Kenya"}, Positions: []string{"demand_driven"}}, pipeline.PositionIDs(p.Rules()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), index.Query{Filter: f, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].Segment.Speaker.Key != "KEN" {
		t.Errorf("Kenya on demand_driven: %d hits", res.Total)
	}
}

func TestParseFilter(t *testing.T) {
	positions := []string{"poa", "gender"}
	for _, tt := range []struct {
		spec  pipeline.FilterSpec
		field string // "" = valid
	}{
		{pipeline.FilterSpec{Speakers: []string{"UK", "ACME_INSTITUTE"}, Process: "OEWG 2021-25", From: "2024-01-01"}, ""},
		{pipeline.FilterSpec{Speakers: []string{"Narnia"}}, "speaker"},
		{pipeline.FilterSpec{Positions: []string{"pao"}}, "position"},
		{pipeline.FilterSpec{Stance: "for"}, "stance"},
		{pipeline.FilterSpec{Stance: "mixed"}, "stance"}, // search: no tag is mixed
		{pipeline.FilterSpec{Roles: []string{"delegate"}}, "role"},
		{pipeline.FilterSpec{Kind: "speech"}, "kind"},
		{pipeline.FilterSpec{Session: -1}, "session"},
		{pipeline.FilterSpec{From: "2024-13-01"}, "from"},
		{pipeline.FilterSpec{From: "2024-02-01", To: "2024-01-01"}, "from"},
	} {
		f, err := pipeline.ParseFilter(tt.spec, positions)
		var fe *pipeline.FilterError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%+v: %v", tt.spec, err)
		case tt.field == "" && (f.Speakers[0] != "GBR" || f.Process != "OEWG 2021-2025"):
			t.Errorf("%+v: filter %+v", tt.spec, f)
		case tt.field != "" && !errors.As(err, &fe):
			t.Errorf("%+v: error %v, want a *FilterError", tt.spec, err)
		case tt.field != "" && fe.Field != tt.field:
			t.Errorf("%+v: field %q, want %q", tt.spec, fe.Field, tt.field)
		}
	}
}

// positions and compare take --stance mixed and filter their cells; the
// index is asked for every stance.
func TestParseFilterMixed(t *testing.T) {
	f, err := pipeline.ParseFilter(pipeline.FilterSpec{Stance: "mixed", Aggregate: true}, nil)
	if err != nil || f.Stance != "" {
		t.Errorf("aggregate --stance mixed: %+v, %v", f, err)
	}
}

func ExamplePipeline_Analyze() {
	rs, _ := classify.Builtin()
	p := pipeline.New(pipeline.Options{Rules: rs})
	doc, err := p.Analyze("../examples/bangladesh-2024-03-07-capacity-building.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := doc.Segments[0]
	fmt.Println(s.Speaker.Key, s.Attribution, doc.Meta.Date, doc.Meta.Session)
	// Output: BGD header 2024-03-07 7
}
