package corpus

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode/utf8"
)

// matcher is a list of patterns, each with the literals one of which any
// of its matches must contain: a pattern whose literals a text lacks is not
// run. This spares most of a long speech the lexicon's chair acts and
// hand-over phrases, and runs the rest one small pattern at a time (which
// Go's regexp does much faster than one large alternation).
type matcher struct {
	parts []part
}

type part struct {
	re *regexp.Regexp
	// lits are lower-case literal groups: a match contains a literal of
	// every group. Nil means nothing is required.
	lits [][]string
}

func newMatcher(res []*regexp.Regexp, suffix string) *matcher {
	m := &matcher{}
	for _, re := range res {
		if suffix != "" {
			re = regexp.MustCompile(re.String() + suffix)
		}
		m.parts = append(m.parts, part{re: re, lits: literalsOf(re, 2)})
	}
	return m
}

// may reports whether the part may match the lower-cased text.
func (p part) may(lower string) bool {
	for _, g := range p.lits {
		found := false
		for _, l := range g {
			if strings.Contains(lower, l) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// MatchString reports whether any pattern matches s.
func (m *matcher) MatchString(s string) bool {
	lower := strings.ToLower(s)
	for _, p := range m.parts {
		if p.may(lower) && p.re.MatchString(s) {
			return true
		}
	}
	return false
}

// FindAllStringIndex returns the matches of every pattern in s, in order
// of their start.
func (m *matcher) FindAllStringIndex(s string) [][]int {
	lower := strings.ToLower(s)
	var out [][]int
	for _, p := range m.parts {
		if p.may(lower) {
			out = append(out, p.re.FindAllStringIndex(s, -1)...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// ReplaceAllString removes or replaces every pattern's matches in turn.
func (m *matcher) ReplaceAllString(s, repl string) string {
	for _, p := range m.parts {
		if p.may(strings.ToLower(s)) {
			s = p.re.ReplaceAllString(s, repl)
		}
	}
	return s
}

// literalsOf returns the literal groups (of at least minRunes runes each)
// that every match of re contains: a literal of each group. At most the
// three most selective groups are kept.
func literalsOf(re *regexp.Regexp, minRunes int) [][]string {
	s, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	gs := requiredLiterals(s.Simplify(), minRunes)
	sort.SliceStable(gs, func(i, j int) bool { return selectivity(gs[i]) > selectivity(gs[j]) })
	if len(gs) > 3 {
		gs = gs[:3]
	}
	return gs
}

// requiredLiterals returns groups of lower-case strings such that every
// match of re contains one string of each group; nil if it finds none.
func requiredLiterals(re *syntax.Regexp, minRunes int) [][]string {
	switch re.Op {
	case syntax.OpLiteral:
		s := strings.ToLower(string(re.Rune))
		if utf8.RuneCountInString(s) < minRunes {
			return nil
		}
		return [][]string{{s}}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0], minRunes)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0], minRunes)
		}
	case syntax.OpConcat:
		// Every part of a sequence is required.
		var all [][]string
		for _, sub := range re.Sub {
			all = append(all, requiredLiterals(sub, minRunes)...)
		}
		return all
	case syntax.OpAlternate:
		// One branch is required: the most selective group of each.
		var any []string
		for _, sub := range re.Sub {
			gs := requiredLiterals(sub, minRunes)
			if len(gs) == 0 {
				return nil
			}
			best := gs[0]
			for _, g := range gs[1:] {
				if selectivity(g) > selectivity(best) {
					best = g
				}
			}
			any = append(any, best...)
		}
		return [][]string{any}
	}
	return nil
}

// selectivity ranks a literal group: long literals are rare words, short
// ones common; fewer members is better.
func selectivity(ls []string) int { return 10*shortest(ls) - len(ls) }

func shortest(ls []string) int {
	n := -1
	for _, l := range ls {
		if n < 0 || len(l) < n {
			n = len(l)
		}
	}
	return n
}

// mayAny reports whether any pattern may match s (its literals are there).
func (m *matcher) mayAny(s string) bool {
	lower := strings.ToLower(s)
	for _, p := range m.parts {
		if p.may(lower) {
			return true
		}
	}
	return false
}
