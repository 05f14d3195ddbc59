package corpus

import (
	"regexp"
	"strings"
	"testing"

	"github.com/oewg/oewg/internal/fileerr"
)

// The literal filter never rejects a text the pattern matches: every
// pattern of the built-in lexicon against its own hand-over and label
// examples, and a few texts per list.
func TestMatcherFilterIsSafe(t *testing.T) {
	lx := DefaultLexicon()
	texts := []string{
		"I give the floor to Ghana.", "I now call on the representative of Brazil.", "It's Chile now, please.",
		"The meeting is called to order.", "I thank the representative of Iraq.", "Thank you, Mr. Chair.",
		"Ghana, to be followed by Kenya.", "I don't see Chile.", "Leave a Reply", "Speaker 3",
		"Thank you so much, Mr. Ryder.", "Sorry, I hate to interrupt you.", "I now open the floor.",
		"My apologies to Bangladesh.", "Over to you, Japan.", "Finland and then Latvia.",
	}
	for _, m := range []*matcher{lx.beforeAny, lx.weakAny, lx.actsRe, lx.thanksRe, lx.addrRe, lx.notRe, lx.afterRe, lx.absentRe, lx.laterRe, lx.chromeRe, lx.anonRe} {
		for _, s := range texts {
			for _, p := range m.parts {
				if p.re.MatchString(s) && !p.may(strings.ToLower(s)) {
					t.Errorf("%s: filter %q rejects %q, which matches", p.re, p.lits, s)
				}
			}
		}
	}
	got := newMatcher([]*regexp.Regexp{regexp.MustCompile(`(?i)\b(?:give|pass)\s+the\s+floor`)}, "").parts[0].lits
	if len(got) != 3 || got[0][0] != "floor" {
		t.Errorf("required literals = %q, want [[floor] [give pass] [the]] in some order after floor", got)
	}
}

// FuzzLoadLexicon: a user's --labels file never panics the loader; it is
// read or refused with file:line:col problems.
func FuzzLoadLexicon(f *testing.F) {
	for _, s := range []string{
		"labels:\n  - name: dash\n    form: inline\n    pattern: '^(?P<speaker>[A-Z]+) — '\n    examples: ['KENYA — Thank you.']\n",
		"chair_titles: [Convenor]\nbodies:\n  - {key: ACME, name: Acme, role: stakeholder, aliases: [ACI]}\n",
		"handover:\n  before: ['\\bI\\s+hand\\s+over\\s+to']\n",
		"labels: [1, 2]\nbodies: {a: b}\n",
		"::: not yaml",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// NOTE: the file is read as LoadLexicon reads a --labels file, but
		// into an empty lexicon: compiling the built-in data at every run
		// would leave the fuzzer a few runs a second.
		var errs fileerr.List
		lx := &Lexicon{chairTitles: map[string]bool{}, chairPeople: map[string]bool{}, intro: map[string]bool{}}
		if root := parseYAML("labels.yaml", data, &errs); root != nil {
			lx.add("labels.yaml", root, &errs)
		}
		for _, e := range errs {
			if e.File != "labels.yaml" || e.Line < 1 {
				t.Errorf("problem without file:line: %v", e)
			}
		}
	})
}
