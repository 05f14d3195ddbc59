package classify

import (
	"fmt"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// Explain classifies text as one segment and describes how each sentence
// was read: its clauses, the position phrases, cues and negators in each
// (with what each negator flipped), the frames (reported speech, question,
// quotation, condition) and the tags with their because. It is for rule
// authors and for readers who doubt a cell.
func (rs *RuleSet) Explain(text string) string {
	return rs.ExplainSegment(corpus.Segment{Text: text})
}

// ExplainSegment is Explain for a segment: a reported one (meeting
// coverage) is read as its speaker's own words, as Classify reads it.
func (rs *RuleSet) ExplainSegment(seg corpus.Segment) string {
	text := seg.Text
	rs.Classify(&seg)
	tx := prepare(text, corpus.SplitSentences(text), rs.rewriter(&seg))
	var b strings.Builder
	for si, ms := range rs.sentenceMatches(tx) {
		st := tx.sents[si]
		fmt.Fprintf(&b, "sentence %q\n", text[st.span.Start:st.span.End])
		if seg.Reported {
			ws := make([]string, 0, st.e-st.s)
			for _, t := range tx.toks[st.s:st.e] {
				ws = append(ws, t.text)
			}
			fmt.Fprintf(&b, "  read as the speaker's own words: %q\n", strings.Join(ws, " "))
		}
		var tr sentTrace
		rs.sentence(text, tx, st, ms, &tr)
		if len(tr.clauses) == 0 {
			b.WriteString("  names no position\n")
		}
		if st.question {
			fmt.Fprintf(&b, "  frame: question%s\n", map[bool]string{true: " (rhetorical)", false: ""}[hasRhetorical(ms, st, tx)])
		}
		for ci, c := range tr.clauses {
			fmt.Fprintf(&b, "  clause %d (%s", ci+1, clauseNames[c.kind])
			if c.marker.e > 0 {
				fmt.Fprintf(&b, ", marker %q", rs.words(text, tx, c.marker.s, c.marker.e))
			}
			if c.rank == 0 {
				b.WriteString(", outranked")
			}
			fmt.Fprintf(&b, "): %q\n", rs.words(text, tx, c.s, c.e))
			for _, it := range c.items {
				fmt.Fprintf(&b, "    %-22s %q", rs.itemLabel(it), rs.words(text, tx, it.s, it.e))
				if it.negated && it.neg >= 0 {
					fmt.Fprintf(&b, "  negated by %q (scope: its verb phrase, within the clause)", rs.words(text, tx, it.neg, it.neg+1))
				}
				if tx.toks[it.s].quoted {
					b.WriteString("  (in quotation marks)")
				}
				b.WriteByte('\n')
			}
			if c.frames.report {
				fmt.Fprintf(&b, "    frame: reported speech %q", rs.words(text, tx, c.frames.reportAt.s, c.frames.reportAt.e))
				if c.frames.self || c.frames.uptake {
					b.WriteString(", taken up by the speaker")
				}
				b.WriteByte('\n')
			}
		}
		for _, tg := range seg.Tags {
			if tg.Start == st.span.Start {
				fmt.Fprintf(&b, "  → %s %s (%s): %s\n", tg.Position, tg.Stance, tg.Rule, tg.Because)
			}
		}
	}
	return b.String()
}

func (rs *RuleSet) words(t string, tx *text, s, e int) string {
	if s >= e {
		return ""
	}
	return t[tx.toks[s].start:tx.toks[e-1].end]
}

func (rs *RuleSet) itemLabel(it item) string {
	switch it.owner.kind {
	case kTerm:
		return "position " + rs.positions[it.owner.pos].ID
	case kOpposite:
		return "opposite of " + rs.positions[it.owner.pos].ID
	case kNegator:
		return "negator"
	case kGovSupport, kGovOppose:
		return "governing " + kindLabel(it.owner.kind)
	}
	return kindLabel(it.owner.kind)
}
