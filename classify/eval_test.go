package classify

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/extract"
	"go.yaml.in/yaml/v3"
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
	if p, r := rules.Overall.Precision(), rules.Overall.Recall(); p < 0.97 || r < 0.97 {
		t.Errorf("precision %.3f, recall %.3f; want both ≥ 0.97", p, r)
	}
	for _, m := range rules.Misses {
		if m.Want == "oppose" {
			t.Errorf("labelled oppose not found: %s %s %s (got %q)", m.Doc, m.Speaker, m.Position, m.Got)
		}
	}
}

// The evaluation below is test-only: it scores the rules against the hand
// labels in testdata/eval.

// Labels are hand-labelled stances: document id → speaker key → position →
// stance (support, oppose, mixed or mention).
type Labels map[string]map[string]map[string]string

// ParseLabels reads labels from YAML (see testdata/eval/labels.yaml).
func ParseLabels(r io.Reader) (Labels, error) {
	var l Labels
	if err := yaml.NewDecoder(r).Decode(&l); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	return l, nil
}

// Score counts agreements for one position (or all).
type Score struct {
	// Position is the position id, or "all".
	Position string
	// TP counts (document, speaker, position) cells whose predicted stance
	// equals the label; FP cells with a predicted stance (support, oppose,
	// mixed) that differs from the label or has none; FN labelled stances
	// not predicted exactly. A mention counts as no stance on either side.
	TP, FP, FN int
}

// Precision is TP/(TP+FP), 1 when nothing was predicted.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP/(TP+FN), 1 when nothing was labelled.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Miss is one cell where prediction and label differ.
type Miss struct {
	Doc, Speaker, Position string
	Want, Got              string // "" when absent
}

// Scores is the outcome of an evaluation.
type Scores struct {
	// Overall sums every position.
	Overall Score
	// ByPosition is sorted by position id.
	ByPosition []Score
	// Misses lists disagreements, sorted.
	Misses []Miss
}

// Evaluate classifies segs with rs (on copies; segs are not changed),
// aggregates each (document, speaker, position) cell with Aggregate, and
// compares the cells of the documents that labels cover.
func Evaluate(labels Labels, segs []corpus.Segment, rs *RuleSet) Scores {
	return evaluate(labels, segs, rs, func(seg *corpus.Segment) []corpus.Tag {
		c := *seg
		rs.Classify(&c)
		return c.Tags
	})
}

// EvaluateKeywords is Evaluate for the keyword baseline: any sentence with a
// position's term (phrases and patterns, ignoring exceptions, opposites and
// cues) is a support tag.
func EvaluateKeywords(labels Labels, segs []corpus.Segment, rs *RuleSet) Scores {
	return evaluate(labels, segs, rs, rs.keywordTags)
}

// keywordTags is the baseline classifier.
func (rs *RuleSet) keywordTags(seg *corpus.Segment) []corpus.Tag {
	if seg.Interjection {
		return nil
	}
	spans := seg.Sentences
	if spans == nil {
		spans = corpus.SplitSentences(seg.Text)
	}
	tx := prepare(seg.Text, spans, nil)
	var tags []corpus.Tag
	si := 0 // matches are sorted by start word, sentences too
	for _, m := range rs.matches(tx) {
		if m.owner.kind != kTerm {
			continue
		}
		for si < len(tx.sents) && tx.sents[si].e <= m.s {
			si++
		}
		if st := tx.sents[si]; m.s >= st.s {
			tags = append(tags, rs.tag(m.owner.pos, corpus.StanceSupport, m.owner.rule, seg.Text[st.span.Start:st.span.End], st.span))
		}
	}
	return tags
}

type cell struct{ doc, speaker, position string }

func evaluate(labels Labels, segs []corpus.Segment, rs *RuleSet, tagger func(*corpus.Segment) []corpus.Tag) Scores {
	tags := map[[2]string][]corpus.Tag{}
	for i := range segs {
		seg := &segs[i]
		if _, ok := labels[seg.Doc]; !ok {
			continue
		}
		k := [2]string{seg.Doc, seg.Speaker.Key}
		tags[k] = append(tags[k], tagger(seg)...)
	}
	got := map[cell]string{}
	for k, ts := range tags {
		for _, p := range rs.positions {
			if s := Aggregate(ts, p.ID); s != "" && s != corpus.StanceMention {
				got[cell{k[0], k[1], p.ID}] = s
			}
		}
	}
	want := map[cell]string{}
	for doc, sp := range labels {
		for speaker, ps := range sp {
			for pos, s := range ps {
				if s != corpus.StanceMention {
					want[cell{doc, speaker, pos}] = s
				}
			}
		}
	}
	byPos := map[string]*Score{}
	for _, p := range rs.positions {
		byPos[p.ID] = &Score{Position: p.ID}
	}
	score := func(pos string) *Score {
		if s, ok := byPos[pos]; ok {
			return s
		}
		byPos[pos] = &Score{Position: pos}
		return byPos[pos]
	}
	var misses []Miss
	for c, w := range want {
		g := got[c]
		if g == w {
			score(c.position).TP++
			continue
		}
		score(c.position).FN++
		if g != "" {
			score(c.position).FP++
		}
		misses = append(misses, Miss{c.doc, c.speaker, c.position, w, g})
	}
	for c, g := range got {
		if _, ok := want[c]; !ok {
			score(c.position).FP++
			misses = append(misses, Miss{c.doc, c.speaker, c.position, "", g})
		}
	}
	var out Scores
	out.Overall.Position = "all"
	for _, s := range byPos {
		out.ByPosition = append(out.ByPosition, *s)
		out.Overall.TP += s.TP
		out.Overall.FP += s.FP
		out.Overall.FN += s.FN
	}
	sort.Slice(out.ByPosition, func(i, j int) bool { return out.ByPosition[i].Position < out.ByPosition[j].Position })
	slices.SortFunc(misses, func(a, b Miss) int {
		return strings.Compare(a.Doc+"\x00"+a.Speaker+"\x00"+a.Position, b.Doc+"\x00"+b.Speaker+"\x00"+b.Position)
	})
	out.Misses = misses
	return out
}

// Table renders scores as a fixed-width table, one row per position and a
// last row for all.
func (s Scores) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %4s %4s %4s %9s %7s %6s\n", "position", "TP", "FP", "FN", "precision", "recall", "F1")
	for _, p := range append(slices.Clone(s.ByPosition), s.Overall) {
		fmt.Fprintf(&b, "%-14s %4d %4d %4d %9.3f %7.3f %6.3f\n", p.Position, p.TP, p.FP, p.FN, p.Precision(), p.Recall(), p.F1())
	}
	return b.String()
}
