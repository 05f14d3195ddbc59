package classify

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"go.yaml.in/yaml/v3"
)

// labelledSentence is one entry of testdata/eval/sentences.yaml: a sentence
// written independently of the rules, its stance on each position it
// expresses (none: a distractor), and the register it imitates.
type labelledSentence struct {
	Text     string            `yaml:"text"`
	Tags     map[string]string `yaml:"tags"`
	Register string            `yaml:"register"`
}

func loadSentences(t testing.TB, name string) []labelledSentence {
	b, err := os.ReadFile("testdata/eval/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var out []labelledSentence
	if err := yaml.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// triple is one (sentence, position, stance) fact.
type triple struct {
	sent             int
	position, stance string
}

// sentenceScores is the outcome of scoring one tagger on the sentences.
type sentenceScores struct {
	micro                 Score
	byPosition, byStance  map[string]*Score
	distractors, falsePos int
	misses                []string
}

// scoreSentences tags each sentence as one segment and compares, for each
// position, the aggregated stance with the label. A mixed stance matches
// no label.
func scoreSentences(sents []labelledSentence, positions []string, tagger func(*corpus.Segment) []corpus.Tag) sentenceScores {
	sc := sentenceScores{byPosition: map[string]*Score{}, byStance: map[string]*Score{}}
	for _, p := range positions {
		sc.byPosition[p] = &Score{}
	}
	for _, s := range []string{corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention} {
		sc.byStance[s] = &Score{}
	}
	count := func(tr triple, f func(*Score)) {
		f(&sc.micro)
		if c, ok := sc.byPosition[tr.position]; ok {
			f(c)
		}
		if c, ok := sc.byStance[tr.stance]; ok {
			f(c)
		}
	}
	for i, s := range sents {
		seg := corpus.Segment{Text: s.Text}
		tags := tagger(&seg)
		if len(s.Tags) == 0 {
			sc.distractors++
			if len(tags) > 0 {
				sc.falsePos++
				sc.misses = append(sc.misses, fmt.Sprintf("distractor tagged %s:%s (%s): %q", tags[0].Position, tags[0].Stance, tags[0].Because, s.Text))
			}
		}
		for _, p := range positions {
			got, want := Aggregate(tags, p), s.Tags[p]
			if got == want {
				if got != "" {
					count(triple{i, p, got}, func(c *Score) { c.TP++ })
				}
				continue
			}
			if got != "" {
				count(triple{i, p, got}, func(c *Score) { c.FP++ })
			}
			if want != "" {
				count(triple{i, p, want}, func(c *Score) { c.FN++ })
			}
			if want != "" || got != "" {
				why := ""
				for _, t := range tags {
					if t.Position == p {
						why += " [" + t.Stance + ": " + t.Because + "]"
					}
				}
				sc.misses = append(sc.misses, fmt.Sprintf("%s: want %q, got %q%s: %q", p, want, got, why, s.Text))
			}
		}
	}
	return sc
}

// table renders the rules' scores with the baseline's beside them.
func sentenceTable(rules, base sentenceScores, positions []string) string {
	var b strings.Builder
	row := func(name string, r, k Score) {
		fmt.Fprintf(&b, "| %-14s | %5.3f | %5.3f | %5.3f | %5.3f | %5.3f | %5.3f |\n", name, r.Precision(), r.Recall(), r.F1(), k.Precision(), k.Recall(), k.F1())
	}
	fmt.Fprintf(&b, "| %-14s | %-5s | %-5s | %-5s | %-5s | %-5s | %-5s |\n", "", "P", "R", "F1", "kw P", "kw R", "kw F1")
	fmt.Fprintf(&b, "|%s|\n", strings.Repeat("---|", 7))
	for _, p := range positions {
		row(p, *rules.byPosition[p], *base.byPosition[p])
	}
	for _, s := range []string{corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention} {
		row(s, *rules.byStance[s], *base.byStance[s])
	}
	row("all (micro)", rules.micro, base.micro)
	fmt.Fprintf(&b, "distractors tagged: %d of %d (%.1f %%); keyword baseline %d (%.1f %%)\n",
		rules.falsePos, rules.distractors, 100*ratio(rules.falsePos, rules.distractors),
		base.falsePos, 100*ratio(base.falsePos, base.distractors))
	return b.String()
}

// TestEvaluateSentences scores the built-in rules on sentences written
// independently of them (testdata/eval/sentences.yaml) against the targets
// of issue 12, with the keyword baseline (any term → support) beside them.
// Run with -v to see the table and every miss:
//
//	go test ./classify/ -run TestEvaluateSentences -v
func TestEvaluateSentences(t *testing.T) {
	rs := builtin(t)
	sents := loadSentences(t, "sentences.yaml")
	if len(sents) < 400 {
		t.Fatalf("%d sentences; the set should have at least 400", len(sents))
	}
	var positions []string
	for _, p := range rs.Positions() {
		positions = append(positions, p.ID)
	}
	rules := scoreSentences(sents, positions, func(seg *corpus.Segment) []corpus.Tag {
		rs.Classify(seg)
		return seg.Tags
	})
	base := scoreSentences(sents, positions, rs.keywordTags)
	t.Logf("%d sentences, %d distractors\n%s", len(sents), rules.distractors, sentenceTable(rules, base, positions))
	if testing.Verbose() {
		slices.Sort(rules.misses)
		for _, m := range rules.misses {
			t.Log("miss: " + m)
		}
	}
	if f := rules.micro.F1(); f < minMicroF1 {
		t.Errorf("micro-F1 %.3f; want ≥ %.2f", f, minMicroF1)
	}
	if r := rules.byStance[corpus.StanceOppose].Recall(); r < minOpposeRecall {
		t.Errorf("oppose recall %.3f; want ≥ %.2f", r, minOpposeRecall)
	}
	if fp := ratio(rules.falsePos, rules.distractors); fp > maxDistractorFP {
		t.Errorf("distractor false positives %.1f %%; want ≤ %.0f %%", 100*fp, 100*maxDistractorFP)
	}
}

// The targets of issue 12. NOTE: raise them as the rules improve; never
// lower them below what the rules reach.
const (
	minMicroF1      = 0.92
	minOpposeRecall = 0.90
	maxDistractorFP = 0.03
)

// TestEvaluateHoldout scores the rules on a second set of 120 sentences
// (testdata/eval/holdout.yaml), written with the first by the same hand but
// never read while the rules were written or tuned: the figure to trust for
// sentences the project has not seen. Its floors are what the rules reached
// when it was first run, less a small margin.
//
//	go test ./classify/ -run TestEvaluateHoldout -v
func TestEvaluateHoldout(t *testing.T) {
	rs := builtin(t)
	sents := loadSentences(t, "holdout.yaml")
	var positions []string
	for _, p := range rs.Positions() {
		positions = append(positions, p.ID)
	}
	rules := scoreSentences(sents, positions, func(seg *corpus.Segment) []corpus.Tag {
		rs.Classify(seg)
		return seg.Tags
	})
	base := scoreSentences(sents, positions, rs.keywordTags)
	t.Logf("%d sentences, %d distractors\n%s", len(sents), rules.distractors, sentenceTable(rules, base, positions))
	if testing.Verbose() {
		slices.Sort(rules.misses)
		for _, m := range rules.misses {
			t.Log("miss: " + m)
		}
	}
	if f := rules.micro.F1(); f < holdoutMinMicroF1 {
		t.Errorf("held-out micro-F1 %.3f; want ≥ %.2f", f, holdoutMinMicroF1)
	}
	if r := rules.byStance[corpus.StanceOppose].Recall(); r < holdoutMinOpposeRecall {
		t.Errorf("held-out oppose recall %.3f; want ≥ %.2f", r, holdoutMinOpposeRecall)
	}
}

// Floors of the held-out set (see TestEvaluateHoldout): first run micro-F1
// 0.700, oppose recall 0.568.
const (
	holdoutMinMicroF1      = 0.65
	holdoutMinOpposeRecall = 0.52
)

// TestEvaluateDev2 scores the rules on a second development set
// (testdata/eval/dev2.yaml, 145 sentences) written before the rules were
// made to generalise (branch stance2): stance without stance keywords,
// delete/reinstate requests, dissociation, rhetorical questions, double
// negatives, concessions, disfluent speech, paraphrases, quotes of a draft
// and statements of fact. Run with -v to see the table and every miss:
//
//	go test ./classify/ -run TestEvaluateDev2 -v
func TestEvaluateDev2(t *testing.T) {
	rs := builtin(t)
	sents := loadSentences(t, "dev2.yaml")
	var positions []string
	for _, p := range rs.Positions() {
		positions = append(positions, p.ID)
	}
	rules := scoreSentences(sents, positions, func(seg *corpus.Segment) []corpus.Tag {
		rs.Classify(seg)
		return seg.Tags
	})
	base := scoreSentences(sents, positions, rs.keywordTags)
	t.Logf("%d sentences, %d distractors\n%s", len(sents), rules.distractors, sentenceTable(rules, base, positions))
	if testing.Verbose() {
		slices.Sort(rules.misses)
		for _, m := range rules.misses {
			t.Log("miss: " + m)
		}
	}
	if f := rules.micro.F1(); f < dev2MinMicroF1 {
		t.Errorf("dev2 micro-F1 %.3f; want ≥ %.2f", f, dev2MinMicroF1)
	}
	if r := rules.byStance[corpus.StanceOppose].Recall(); r < dev2MinOpposeRecall {
		t.Errorf("dev2 oppose recall %.3f; want ≥ %.2f", r, dev2MinOpposeRecall)
	}
}

// Floors of dev2 (see TestEvaluateDev2): what the rules reach, less a
// small margin. First run, before any rule was changed for it: micro-F1
// 0.434, oppose recall 0.411; now 0.876 and 0.821.
const (
	dev2MinMicroF1      = 0.85
	dev2MinOpposeRecall = 0.78
)
