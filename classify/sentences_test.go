package classify

import (
	"cmp"
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
	// confusion counts each wrong (label → result) pair, "" for none;
	// registers counts the sentences of each register, and those right
	// on every position: where a set fails, without reading its misses.
	confusion map[[2]string]int
	registers map[string]*[2]int
}

// scoreSentences tags each sentence as one segment and compares, for each
// position, the aggregated stance with the label. A mixed stance matches
// no label.
func scoreSentences(sents []labelledSentence, positions []string, tagger func(*corpus.Segment) []corpus.Tag) sentenceScores {
	sc := sentenceScores{byPosition: map[string]*Score{}, byStance: map[string]*Score{},
		confusion: map[[2]string]int{}, registers: map[string]*[2]int{}}
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
		reg := sc.registers[s.Register]
		if reg == nil {
			reg = &[2]int{}
			sc.registers[s.Register] = reg
		}
		reg[1]++
		right := true
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
			right = false
			sc.confusion[[2]string{want, got}]++
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
		if right {
			reg[0]++
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
	none := func(s string) string { return cmp.Or(s, "none") }
	var wrong []string
	for k, n := range rules.confusion {
		wrong = append(wrong, fmt.Sprintf("%s→%s %d", none(k[0]), none(k[1]), n))
	}
	slices.Sort(wrong)
	fmt.Fprintf(&b, "wrong (label→result): %s\n", strings.Join(wrong, ", "))
	var regs []string
	for r, n := range rules.registers {
		regs = append(regs, fmt.Sprintf("%s %d/%d", r, n[0], n[1]))
	}
	slices.Sort(regs)
	fmt.Fprintf(&b, "sentences right by register: %s\n", strings.Join(regs, ", "))
	return b.String()
}

// evalSets are the labelled sentence sets, each with its floors. NOTE:
// raise the floors as the rules improve; never lower them below what the
// rules reach.
var evalSets = []struct {
	// file is in testdata/eval; min is the least number of sentences.
	file string
	min  int
	// minF1 and minOppose are the floors of micro-F1 and oppose recall;
	// maxFP the most distractors tagged (1 = no limit).
	minF1, minOppose, maxFP float64
	// blind sets never print their misses, even with -v: nobody tuning
	// the rules reads them.
	blind bool
}{
	// The development set of issue 12: 489 sentences written independently
	// of the rules, and the targets of the issue (now 0.935, 0.930, 2.4 %).
	{file: "sentences.yaml", min: 400, minF1: 0.94, minOppose: 0.93, maxFP: 0.03},
	// A second development set written before the rules were made to
	// generalise (stance without keywords, delete/reinstate, rhetorical
	// questions, disfluent speech …): first run 0.434 / 0.411, now 0.876 /
	// 0.821.
	{file: "dev2.yaml", minF1: 0.90, minOppose: 0.83, maxFP: 0.03},
	// Held out while the rules were tuned on the two sets above: first run
	// 0.700 / 0.568. NOTE: descriptions of its misses (some phrasings
	// among them) were shown to the engineer who then generalised the
	// rules, so its 0.814 / 0.676 are optimistic; holdout2 is the clean one.
	{file: "holdout.yaml", minF1: 0.84, minOppose: 0.70, maxFP: 0.03},
	// Written last, by a hand that saw no rule and no other set, never
	// looked at while rules changed: the figure for sentences the project
	// has not seen. 0.754 / 0.710 with the rules before the last round of
	// generalisation, 0.826 / 0.806 after.
	{file: "holdout2.yaml", minF1: 0.87, minOppose: 0.83, maxFP: 0.05},
	// A third development set, written independently of the rules on the
	// shapes the held-out sets pointed to: diplomatic formulae, automatic
	// captions, translated English, paraphrases, alignment. First run
	// 0.671 / 0.582, now 0.890 / 0.836.
	{file: "dev3.yaml", minF1: 0.88, minOppose: 0.83, maxFP: 0.03},
	// A fourth, written independently of the rules on the registers the
	// blind set fails most (by its register counts): irony, short and
	// informal interventions, captions, interpreted speech. First run
	// 0.564 / 0.429, now 0.723 / 0.679: irony is most of what is left.
	{file: "dev4.yaml", minF1: 0.72, minOppose: 0.67, maxFP: 0.10},
	// A fifth, written independently of the rules across the registers of
	// a week of plenary and informal consultations. First run 0.724 /
	// 0.587, now 0.855 / 0.714.
	{file: "dev5.yaml", minF1: 0.85, minOppose: 0.71, maxFP: 0.03},
	// A sixth: explanations of position, reservations, corrections,
	// consequences and analogies, and the plain statements around them.
	// First run 0.690 / 0.576, now 0.793 / 0.729.
	{file: "dev6.yaml", minF1: 0.78, minOppose: 0.72, maxFP: 0.05},
	// A seventh: the positions said in other words (two thirds of it
	// without their usual names). First run 0.644 / 0.462 (recall 0.518:
	// the terms were not found), now 0.819 / 0.692.
	{file: "dev7.yaml", minF1: 0.81, minOppose: 0.68, maxFP: 0.03},
	// An eighth: interpreted English, and the positions in other words
	// (holdout5's scores by register pointed there). First run 0.771 /
	// 0.677, now 0.839 / 0.758.
	{file: "dev8.yaml", minF1: 0.83, minOppose: 0.75, maxFP: 0.03},
	// Written blind (no rule, no other set seen), and scored blind: its
	// misses are never printed, so that nobody changing the rules reads
	// them. First run 0.667 / 0.586, 3 of 21 distractors tagged; 0.773 /
	// 0.672 after the rounds on dev3 to dev7. NOTE: its scores
	// (never its sentences) were looked at when a change was kept or
	// dropped, so it is no longer quite clean; holdout4 is.
	{file: "holdout3.yaml", minF1: 0.77, minOppose: 0.66, maxFP: 0.15, blind: true},
	// Written blind after the dev3 and dev4 rounds, scored blind, and
	// kept out of every decision: the figure for unseen sentences. The
	// rules of the session before scored 0.714 / 0.588; now 0.796 / 0.745.
	{file: "holdout4.yaml", minF1: 0.79, minOppose: 0.74, maxFP: 0.05, blind: true},
	// Written blind at the end of the session (a third of it in other
	// words), scored once with the rules of the session before (0.631 /
	// 0.472) and once with these (0.722 / 0.642); dev8 was then written
	// on the register its scores showed weakest (interpreted English):
	// 0.727 / 0.642.
	{file: "holdout5.yaml", minF1: 0.71, minOppose: 0.63, maxFP: 0.05, blind: true},
	// Written blind after every rule change of the session, scored once
	// with the rules of the session before and once with the final ones:
	// the figure to quote: 0.664 / 0.481 before, 0.742 / 0.615 now.
	{file: "holdout6.yaml", minF1: 0.73, minOppose: 0.60, maxFP: 0.05, blind: true},
}

// TestEvaluateSentences scores the built-in rules on each labelled set of
// sentences (testdata/eval), with the keyword baseline (any term →
// support) beside them, against each set's floors. Run with -v to see the
// tables and every miss:
//
//	go test ./classify/ -run TestEvaluateSentences -v
func TestEvaluateSentences(t *testing.T) {
	rs := builtin(t)
	var positions []string
	for _, p := range rs.Positions() {
		positions = append(positions, p.ID)
	}
	for _, set := range evalSets {
		t.Run(set.file, func(t *testing.T) {
			sents := loadSentences(t, set.file)
			if len(sents) < set.min {
				t.Fatalf("%d sentences; the set should have at least %d", len(sents), set.min)
			}
			rules := scoreSentences(sents, positions, func(seg *corpus.Segment) []corpus.Tag {
				rs.Classify(seg)
				return seg.Tags
			})
			base := scoreSentences(sents, positions, rs.keywordTags)
			t.Logf("%d sentences, %d distractors\n%s", len(sents), rules.distractors, sentenceTable(rules, base, positions))
			if testing.Verbose() && !set.blind {
				slices.Sort(rules.misses)
				for _, m := range rules.misses {
					t.Log("miss: " + m)
				}
			}
			if f := rules.micro.F1(); f < set.minF1 {
				t.Errorf("micro-F1 %.3f; want ≥ %.2f", f, set.minF1)
			}
			if r := rules.byStance[corpus.StanceOppose].Recall(); r < set.minOppose {
				t.Errorf("oppose recall %.3f; want ≥ %.2f", r, set.minOppose)
			}
			if fp := ratio(rules.falsePos, rules.distractors); fp > set.maxFP {
				t.Errorf("distractor false positives %.1f %%; want ≤ %.0f %%", 100*fp, 100*set.maxFP)
			}
		})
	}
}
