package corpus

import (
	"regexp"
	"strings"
	"testing"
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
	if len(got) != 1 || got[0] != "floor" {
		t.Errorf("required literals = %q, want [floor]", got)
	}
}
