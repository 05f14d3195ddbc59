package classify

import (
	"strings"

	"github.com/oewg/oewg/corpus"
)

// Meeting coverage tells what a speaker said in the third person: "The
// representative of Brazil said that his country supported a programme
// of action." In a segment marked reported (corpus.Segment.Reported), the
// words that stand for the speaker read as the speaker's own: the frame's
// subject ("representative", within the first reportedWindow words) and
// "he"/"she" anywhere become "we", "his"/"her" and "its country" become
// "our". The sentence is then read as first-person speech: "we … said
// that our country supported …" supports; "She noted that some States
// opposed …" reports others, as in a statement. The lists are
// _stance.yaml's reported_pronouns, reported_subjects and
// reported_possessives.

// reportedKeys are _stance.yaml's keys of reportedSpec.
var reportedKeys = []string{"reported_pronouns", "reported_subjects", "reported_possessives", "reported_it", "reported_verbs"}

// reportedWindow is how far into a sentence its frame's subject stands.
const reportedWindow = 12

// reportedSpec holds the words, canonical, each a phrase of words whose
// first is rewritten; verbs are single words.
type reportedSpec struct {
	pronouns, subjects, possessives, it [][]string
	verbs                               map[string]bool
}

func (r *reportedSpec) add(key string, ws []string) {
	switch key {
	case "reported_pronouns":
		r.pronouns = append(r.pronouns, ws)
	case "reported_subjects":
		r.subjects = append(r.subjects, ws)
	case "reported_possessives":
		r.possessives = append(r.possessives, ws)
	case "reported_it":
		r.it = append(r.it, ws)
	case "reported_verbs":
		if r.verbs == nil {
			r.verbs = map[string]bool{}
		}
		r.verbs[strings.Join(ws, " ")] = true
	}
}

// canonPhrase is a phrase's words in canonical form, space-separated.
func canonPhrase(p string) string {
	toks := tokenize(nil, strings.ToLower(p), 0, false)
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = t.text
	}
	return strings.Join(ws, " ")
}

// selfSpans are the byte spans of a reported segment's text that name its
// speaker or the group it speaks for ("The Netherlands stressed …",
// "CUBA and IRAN questioned …").
func selfSpans(seg *corpus.Segment) [][2]int {
	var out [][2]int
	for _, m := range corpus.Default().FindAll(seg.Text) {
		if k := m.Speaker.Key; k == seg.Speaker.Key || k == seg.OnBehalfOf && k != "" {
			out = append(out, [2]int{m.Start, m.End})
		}
	}
	return out
}

// firstPerson rewrites one sentence's tokens of reported speech as the
// speaker's own words (see above): the speaker's name (self) within the
// sentence's first reportedWindow words, a pronoun, the frame's subject,
// "it"/"they" before a verb of saying read as "we"; a possessive as
// "our". Offsets are kept: tags still point at the record's sentence.
func (r *reportedSpec) firstPerson(toks []token, self [][2]int) []token {
	at := func(i int, p []string) bool {
		if i+len(p) > len(toks) {
			return false
		}
		for j, w := range p {
			if toks[i+j].text != w {
				return false
			}
		}
		return true
	}
	anyAt := func(i int, ps [][]string) bool {
		for _, p := range ps {
			if at(i, p) {
				return true
			}
		}
		return false
	}
	inSelf := func(t token) int {
		for k, sp := range self {
			if t.start >= sp[0] && t.end <= sp[1] {
				return k
			}
		}
		return -1
	}
	out := toks[:0]
	subject, lastSelf := false, -1
	for i, t := range toks {
		if k := inSelf(t); k >= 0 && i < reportedWindow {
			if k == lastSelf {
				continue // the rest of the name
			}
			lastSelf, subject = k, true
			if n := len(out); n >= 2 && out[n-2].text == "according" && out[n-1].text == "to" {
				// "According to India, …": India's own view.
				t.clause, out = out[n-2].clause, out[:n-2]
			}
			t.text = "we"
			out = append(out, t)
			continue
		}
		lastSelf = -1
		switch {
		case anyAt(i, r.pronouns):
			t.text = "we"
		case !subject && i < reportedWindow && anyAt(i, r.subjects):
			t.text, subject = "we", true
		case anyAt(i, r.it) && i+1 < len(toks) && r.verbs[toks[i+1].text]:
			t.text = "we"
		case anyAt(i, r.possessives):
			t.text = "our"
		}
		out = append(out, t)
	}
	return out
}

// rewriter is how prepare rewrites seg's sentences: nil unless seg is
// reported.
func (rs *RuleSet) rewriter(seg *corpus.Segment) func([]token) []token {
	if !seg.Reported {
		return nil
	}
	self := selfSpans(seg)
	return func(toks []token) []token { return rs.reported.firstPerson(toks, self) }
}
