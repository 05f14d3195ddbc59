package classify

import (
	"github.com/oewg/oewg/extract"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/oewg/oewg/corpus"
)

// exampleMeta is what a user would give for the sample files: the Iran
// statement names no speaker (its sidecar does).
// exampleSegments runs the pipeline (extract, the sidecar metadata,
// corpus.NewDocument) over the sample documents, as oewg analyze does.
var exampleSegments = sync.OnceValues(func() ([]corpus.Segment, error) {
	files, err := filepath.Glob("../examples/*")
	if err != nil {
		return nil, err
	}
	var segs []corpus.Segment
	for _, f := range files {
		if corpus.IsSidecar(f) {
			continue
		}
		res, err := extract.File(f)
		if err != nil {
			return nil, err
		}
		meta, _, err := corpus.LoadSidecar(f)
		if err != nil {
			return nil, err
		}
		doc, err := corpus.NewDocument(f, res.Text, meta)
		if err != nil {
			return nil, err
		}
		segs = append(segs, doc.Segments...)
	}
	return segs, nil
})

func TestPipelineSegments(t *testing.T) {
	segs, err := exampleSegments()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range segs {
		t.Logf("%s %d %s %v %.60q", s.Doc, s.Seq, s.Speaker.Key, s.Interjection, s.Text)
	}
}

func loadLabels(t testing.TB) Labels {
	f, err := os.Open("testdata/eval/labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ParseLabels(f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestEvaluate scores the built-in rules and a keyword baseline against the
// hand labels. Run with -v to see the table:
//
//	go test ./classify/ -run TestEvaluate -v
func TestEvaluate(t *testing.T) {
	segs, err := exampleSegments()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	labels := loadLabels(t)
	rules := Evaluate(labels, segs, rs)
	base := EvaluateKeywords(labels, segs, rs)
	t.Logf("rules:\n%s", rules.Table())
	t.Logf("keyword baseline (any term → support):\n%s", base.Table())
	for _, m := range rules.Misses {
		t.Logf("miss: %s %s %s: want %q, got %q", m.Doc, m.Speaker, m.Position, m.Want, m.Got)
	}
	if p, r := rules.Overall.Precision(), rules.Overall.Recall(); p < 0.95 || r < 0.95 {
		t.Errorf("precision %.3f, recall %.3f; want both ≥ 0.95", p, r)
	}
	for _, m := range rules.Misses {
		if m.Want == "oppose" {
			t.Errorf("labelled oppose not found: %s %s %s (got %q)", m.Doc, m.Speaker, m.Position, m.Got)
		}
	}
}
