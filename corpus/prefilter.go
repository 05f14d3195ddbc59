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
	// lits are lower-case; nil means no literal is required.
	lits []string
}

func newMatcher(res []*regexp.Regexp, suffix string) *matcher {
	m := &matcher{}
	for _, re := range res {
		if suffix != "" {
			re = regexp.MustCompile(re.String() + suffix)
		}
		p := part{re: re}
		p.lits = literalsOf(re, 2)
		m.parts = append(m.parts, p)
	}
	return m
}

// may reports whether the part may match the lower-cased text.
func (p part) may(lower string) bool {
	if p.lits == nil {
		return true
	}
	for _, l := range p.lits {
		if strings.Contains(lower, l) {
			return true
		}
	}
	return false
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

// literalsOf returns the literals of at least minRunes runes one of which
// every match of re contains (see requiredLiterals).
func literalsOf(re *regexp.Regexp, minRunes int) []string {
	s, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	return requiredLiterals(s.Simplify(), minRunes)
}

// requiredLiterals returns a set of lower-case strings one of which every
// match of re contains, or nil if it finds none worth checking.
func requiredLiterals(re *syntax.Regexp, minRunes int) []string {
	switch re.Op {
	case syntax.OpLiteral:
		s := strings.ToLower(string(re.Rune))
		if utf8.RuneCountInString(s) < minRunes {
			return nil
		}
		return []string{s}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0], minRunes)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0], minRunes)
		}
	case syntax.OpConcat:
		// NOTE: long literals are rare words ("floor", "meeting"), short
		// ones common ("is", "we"): the set whose shortest member is
		// longest wins, then the one with fewer members.
		var best []string
		for _, sub := range re.Sub {
			l := requiredLiterals(sub, minRunes)
			if l == nil {
				continue
			}
			if best == nil || selectivity(l) > selectivity(best) {
				best = l
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			l := requiredLiterals(sub, minRunes)
			if l == nil {
				return nil
			}
			all = append(all, l...)
		}
		return all
	}
	return nil
}

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
