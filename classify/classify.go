package classify

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/oewg/oewg/corpus"
)

// Position describes one position a rule file defines.
type Position struct {
	// ID is the rule file's name without .yaml: poa, cbdr…
	ID string
	// Label is a short human-readable name.
	Label string
	// Description says what counts as the position.
	Description string
}

// kind is what a phrase or pattern match means.
type kind uint8

const (
	kTerm        kind = iota // names the position
	kOpposite                // names the position's opposite (supply-driven)
	kException               // a false friend: cancels overlapping terms
	kSupport                 // a cue voting support
	kOppose                  // a cue voting oppose
	kMention                 // a reporting cue: others said it
	kNegator                 // flips the next cue or term
	kNeutral                 // words that are never a cue ("avoid duplication")
	kFirstPerson             // the speaker speaks for itself (we, our)
	kAnaphora                // refers back (this, it)
	kGovSupport              // a governing predicate voting support ("we support", "should")
	kGovOppose               // a governing predicate voting oppose ("regret", "reject")
	kHedge                   // a hedge: governs and leans oppose ("caution against")
	kUptake                  // the speaker takes up reported words ("we agree with")
	kRhetSupport             // a rhetorical question that argues for ("why not")
	kRhetOppose              // a rhetorical question that argues against ("why should")
	kConditional             // opens a condition clause ("provided that")
	kContrast                // opens a contrasting main clause ("but")
	kConcession              // opens a subordinate clause ("although", "because")
	kAlternative             // opens an excluded alternative ("rather than")
	kTransparent             // a verb a negator reaches through ("do not think", "is not")
	kReporting               // a reporting verb: with another's subject, a report ("Iran requested")
	kHere                    // names this forum ("here", "this Group", "cyberspace")
)

// owner says which list a phrase or pattern belongs to.
type owner struct {
	kind kind
	pos  int // index into RuleSet.positions; -1 for shared cues
	rule int // index into the position's rule names; -1 for cues
}

// phrase is a compiled literal: canonical words, any of them possibly a
// prefix (written with a trailing '*').
type phrase struct {
	words  []pword
	owners []owner
}

// pword is one word of a phrase: a canonical word, or the stem of a prefix.
type pword struct {
	w      string
	prefix bool
}

// matches reports whether word w is p. A prefix matches its stem followed by
// one of suffixes, or by its last letter doubled and one of them
// ("commit*": committed, commitment, but not committee); with no suffixes
// it matches any word that starts with the stem.
func (p pword) matches(w string, suffixes map[string]bool) bool {
	if !p.prefix {
		return w == p.w
	}
	rest, ok := strings.CutPrefix(w, p.w)
	if !ok || len(suffixes) == 0 || suffixes[rest] {
		return ok
	}
	return len(rest) > 1 && rest[0] == p.w[len(p.w)-1] && suffixes[rest[1:]]
}

type pattern struct {
	re    *regexp.Regexp
	owner owner
	// need lists sets of literals (indices into RuleSet.lits): a sentence
	// must contain one literal of every set for re to match; nil when none
	// could be derived. A cheap prefilter.
	need [][]int
}

// needed returns sets of literals such that every match of expr contains
// one of each set, or nil. A pattern that is a sequence gives one set per
// part that has one ("(request|needs) … (recipient|receiving)" needs both
// a head and a modifier), so that a common head alone does not run it.
func needed(expr string) [][]string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	var need func(r *syntax.Regexp) []string
	need = func(r *syntax.Regexp) []string {
		switch r.Op {
		case syntax.OpLiteral:
			if r.Flags&syntax.FoldCase != 0 {
				return nil
			}
			return []string{string(r.Rune)}
		case syntax.OpCapture, syntax.OpPlus:
			return need(r.Sub[0])
		case syntax.OpRepeat:
			if r.Min > 0 {
				return need(r.Sub[0])
			}
		case syntax.OpConcat:
			var best []string
			bestLen := 0
			for _, s := range r.Sub {
				n := need(s)
				if n == nil {
					continue
				}
				m := len(n[0])
				for _, x := range n {
					m = min(m, len(x))
				}
				if m > bestLen {
					best, bestLen = n, m
				}
			}
			if bestLen >= 3 {
				return best
			}
		case syntax.OpAlternate:
			var out []string
			for _, s := range r.Sub {
				n := need(s)
				if n == nil {
					return nil
				}
				out = append(out, n...)
			}
			return out
		}
		return nil
	}
	re = re.Simplify()
	if re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	var out [][]string
	if re.Op == syntax.OpConcat {
		for _, s := range re.Sub {
			if n := need(s); n != nil && slices.IndexFunc(n, func(x string) bool { return len(x) < 3 }) < 0 {
				out = append(out, n)
			}
		}
	}
	if len(out) == 0 {
		if n := need(re); n != nil {
			out = append(out, n)
		}
	}
	return out
}

// hasNeeded reports whether a sentence contains one literal of each set of
// need; known says, for the sentence, whether it contains each of the rule
// set's literals (1 yes, 2 no; see literalSet.find).
func hasNeeded(need [][]int, known []uint32, gen uint32) bool {
	for _, n := range need {
		found := false
		for _, li := range n {
			if known[li] == gen {
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

type positionRules struct {
	Position
	rules []string // "position/rule-id", indexed by owner.rule
}

// RuleSet is a compiled, immutable set of positions and stance cues, safe
// for concurrent use.
type RuleSet struct {
	positions []positionRules // sorted by ID
	phrases   []phrase
	// byFirst indexes phrases by their first word; prefixFirst indexes the
	// phrases whose first word is a prefix ("duplicat*") by prefixKey.
	byFirst     map[string][]int
	prefixFirst map[string][]int
	patterns    []pattern
	lits        []string    // the literals patterns need (see pattern.need)
	litSet      *literalSet // finds lits
	lookback    int         // how many sentences back anaphora looks
	short       int         // a sentence of at most this many words is elliptical
	// suffixes are the endings a prefix phrase word may take.
	suffixes map[string]bool
	// fingerprint identifies the rule files' contents (see Fingerprint).
	fingerprint string
	// reported rewrites the sentences of reported speech (reported.go).
	reported reportedSpec
}

// build compiles validated specs. Positions are sorted by id and phrases
// indexed in load order, so the result does not depend on map order.
func build(specs []*positionSpec, st *stanceSpec) *RuleSet {
	sort.Slice(specs, func(i, j int) bool { return specs[i].id < specs[j].id })
	rs := &RuleSet{byFirst: map[string][]int{}, prefixFirst: map[string][]int{}, lookback: st.lookback, short: st.short, suffixes: map[string]bool{}, reported: st.reported}
	for _, x := range st.suffixes {
		rs.suffixes[x] = true
	}
	index, lits := map[string]int{}, map[string]int{}
	intern := func(sets [][]string) [][]int {
		var out [][]int
		for _, set := range sets {
			var ix []int
			for _, l := range set {
				i, ok := lits[l]
				if !ok {
					i = len(rs.lits)
					lits[l] = i
					rs.lits = append(rs.lits, l)
				}
				ix = append(ix, i)
			}
			out = append(out, ix)
		}
		return out
	}
	addPhrase := func(s strNode, o owner) {
		words := s.words
		key := phraseKey(words)
		i, ok := index[key]
		if !ok {
			i = len(rs.phrases)
			index[key] = i
			ph := phrase{words: make([]pword, len(words))}
			for j, w := range words {
				stem, prefix := strings.CutSuffix(w, "*")
				ph.words[j] = pword{w: stem, prefix: prefix}
			}
			rs.phrases = append(rs.phrases, ph)
			if first := ph.words[0]; first.prefix {
				k := prefixKey(first.w)
				rs.prefixFirst[k] = append(rs.prefixFirst[k], i)
			} else {
				rs.byFirst[first.w] = append(rs.byFirst[first.w], i)
			}
		}
		if !slices.Contains(rs.phrases[i].owners, o) {
			rs.phrases[i].owners = append(rs.phrases[i].owners, o)
		}
	}
	addCues := func(c cueSpec, pos int) {
		for k := kSupport; k <= kHere; k++ {
			for _, s := range c[k] {
				addPhrase(s, owner{kind: k, pos: pos, rule: -1})
			}
		}
	}
	addCues(st.cues, -1)
	for pi, ps := range specs {
		pr := positionRules{Position: Position{ID: ps.id, Label: ps.label, Description: ps.description}}
		for _, group := range []struct {
			k     kind
			rules []ruleSpec
		}{{kTerm, ps.terms}, {kOpposite, ps.opposites}, {kException, ps.exceptions}} {
			for _, r := range group.rules {
				o := owner{kind: group.k, pos: pi, rule: len(pr.rules)}
				pr.rules = append(pr.rules, ps.id+"/"+r.id)
				for _, s := range r.phrases {
					addPhrase(s, o)
				}
				for _, re := range r.patterns {
					rs.patterns = append(rs.patterns, pattern{re: re, owner: o, need: intern(needed(re.String()))})
				}
			}
		}
		addCues(ps.cues, pi)
		rs.positions = append(rs.positions, pr)
	}
	rs.litSet = newLiteralSet(rs.lits)
	// NOTE: longer phrases first, so that the first match at a word is the
	// longest ("not in favor" before "in favor").
	byLen := func(a, b int) int { return len(rs.phrases[b].words) - len(rs.phrases[a].words) }
	for _, l := range rs.byFirst {
		slices.SortStableFunc(l, byLen)
	}
	for _, l := range rs.prefixFirst {
		slices.SortStableFunc(l, byLen)
	}
	return rs
}

// prefixKey is the key under which RuleSet.prefixFirst files a prefix
// phrase whose first word's stem is w, and under which a word w looks it
// up: the first two bytes (one for a one-letter stem, which a word looks up
// too). NOTE: one byte for all made the lists long.
func prefixKey(w string) string { return w[:min(2, len(w))] }

// Positions returns the positions, sorted by ID.
func (rs *RuleSet) Positions() []Position {
	out := make([]Position, len(rs.positions))
	for i, p := range rs.positions {
		out[i] = p.Position
	}
	return out
}

// Fingerprint identifies the rule files the set was compiled from: a hash
// of their names and contents. Two rule sets with the same fingerprint tag
// alike; the index records the fingerprint of the rules that tagged it.
func (rs *RuleSet) Fingerprint() string { return rs.fingerprint }

// Has reports whether the rule set defines position id.
func (rs *RuleSet) Has(id string) bool {
	_, ok := rs.position(id)
	return ok
}

func (rs *RuleSet) position(id string) (int, bool) {
	return sort.Find(len(rs.positions), func(i int) int { return strings.Compare(id, rs.positions[i].ID) })
}

// match is one phrase or pattern match: words [s, e) of the segment.
type match struct {
	s, e  int
	owner owner
}

// text is a segment prepared for matching.
type text struct {
	src   string // the segment text
	toks  []token
	sents []sentence
	norm  string
}

type sentence struct {
	span     corpus.Span
	s, e     int // words [s, e)
	question bool
}

// prepare tokenises the sentences of seg and builds the normalised text:
// canonical words separated by one space, sentences by a newline.
func prepare(t string, spans []corpus.Span, rw func([]token) []token) *text {
	// NOTE: about one word per six bytes of English text; the normalised
	// text is at most about as long as the original.
	tx := &text{src: t, toks: make([]token, 0, len(t)/6+1), sents: make([]sentence, 0, len(spans))}
	var nb strings.Builder
	nb.Grow(len(t))
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(t) || sp.Start >= sp.End {
			continue
		}
		first := len(tx.toks)
		tx.toks = tokenize(tx.toks, t[sp.Start:sp.End], sp.Start, false)
		tx.toks = append(tx.toks[:first], dropRepeats(tx.toks[first:])...)
		if rw != nil {
			tx.toks = append(tx.toks[:first], rw(tx.toks[first:])...)
		}
		if first == len(tx.toks) {
			continue
		}
		if nb.Len() > 0 {
			nb.WriteByte('\n')
		}
		for i := first; i < len(tx.toks); i++ {
			if i > first {
				nb.WriteByte(' ')
			}
			tx.toks[i].norm = nb.Len()
			nb.WriteString(tx.toks[i].text)
		}
		end := strings.TrimRight(t[sp.Start:sp.End], " \t\r\n\"'”’)")
		q := strings.HasSuffix(end, "?") || unmarkedQuestion(end, tx.toks[first:])
		tx.sents = append(tx.sents, sentence{span: sp, s: first, e: len(tx.toks), question: q})
	}
	tx.norm = nb.String()
	return tx
}

// unmarkedQuestion reports whether a sentence without a final stop, as
// automatic captions write them, opens like a question: a wh-word ("why
// should a programme wait …"), or an auxiliary before its subject ("is it
// really …"), fillers aside.
func unmarkedQuestion(text string, toks []token) bool {
	if text == "" {
		return false
	}
	if r, _ := utf8.DecodeLastRuneInString(text); !isWordRune(r) {
		return false
	}
	i := 0
	for i < len(toks) && fillers[toks[i].text] {
		i++
	}
	if i >= len(toks)-1 {
		return false
	}
	switch toks[i].text {
	case "why", "how", "who", "what":
		return true
	case "is", "are", "do", "does", "should", "would", "can", "could", "isnt", "arent", "dont", "doesnt", "shouldnt", "wouldnt":
		switch toks[i+1].text {
		case "it", "we", "this", "there", "anyone", "anybody", "that", "they", "you":
			return true
		}
	}
	return false
}

// fillers are words a caption may open a sentence with.
var fillers = map[string]bool{"uh": true, "um": true, "so": true, "well": true, "and": true, "but": true, "now": true, "okay": true, "ok": true}

// dropRepeats removes, in place, the words a speaker repeats as it
// searches for them: "we, we cannot, we cannot accept" reads "we cannot
// accept", "the the point of of a PoA" "the point of a PoA". Up to three
// words are a repeat; a semicolon or a dash between them is not one.
func dropRepeats(toks []token) []token {
	out := toks[:0]
	for i := 0; i < len(toks); {
		n := 0
		for k := 3; k >= 1 && n == 0; k-- {
			if len(out) >= k && i+k <= len(toks) && !toks[i].strong && sameWords(out[len(out)-k:], toks[i:i+k]) {
				n = k
			}
		}
		if n > 0 {
			i += n
			continue
		}
		out = append(out, toks[i])
		i++
	}
	return out
}

func sameWords(a, b []token) bool {
	for i := range a {
		if a[i].text != b[i].text {
			return false
		}
	}
	return true
}

// matches returns every phrase and pattern match in tx, within sentences,
// sorted by start word, longer first, then by owner.
func (rs *RuleSet) matches(tx *text) []match {
	var out []match
	for si := range tx.sents {
		st := &tx.sents[si]
		for i := st.s; i < st.e; i++ {
			try := func(pi int) {
				ph := &rs.phrases[pi]
				if i+len(ph.words) > st.e {
					return
				}
				for j, w := range ph.words {
					if !w.matches(tx.toks[i+j].text, rs.suffixes) {
						return
					}
				}
				for _, o := range ph.owners {
					out = append(out, match{s: i, e: i + len(ph.words), owner: o})
				}
			}
			w := tx.toks[i].text
			for _, pi := range rs.byFirst[w] {
				try(pi)
			}
			for _, pi := range rs.prefixFirst[prefixKey(w)] {
				try(pi)
			}
			if len(w) > 1 {
				for _, pi := range rs.prefixFirst[w[:1]] {
					try(pi) // a one-letter stem
				}
			}
		}
	}
	// NOTE: patterns run sentence by sentence, and only on sentences that
	// contain one of the literals the pattern needs: running them over whole
	// segments made them the hot spot.
	known := make([]uint32, len(rs.lits))
	for si, st := range tx.sents {
		a := tx.toks[st.s].norm
		b := tx.toks[st.e-1].norm + len(tx.toks[st.e-1].text)
		sent := tx.norm[a:b]
		gen := uint32(si + 1)
		rs.litSet.find(sent, known, gen)
		for _, p := range rs.patterns {
			if !hasNeeded(p.need, known, gen) {
				continue
			}
			for _, loc := range p.re.FindAllStringIndex(sent, -1) {
				s, e := tx.wordsIn(a+loc[0], a+loc[1])
				if s < e {
					out = append(out, match{s: s, e: e, owner: p.owner})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b match) int {
		if a.s != b.s {
			return a.s - b.s
		}
		if a.e != b.e {
			return b.e - a.e
		}
		if a.owner.kind != b.owner.kind {
			return int(a.owner.kind) - int(b.owner.kind)
		}
		if a.owner.pos != b.owner.pos {
			return a.owner.pos - b.owner.pos
		}
		return a.owner.rule - b.owner.rule
	})
	return out
}

// wordsIn returns the words overlapping bytes [a, b) of the normalised text.
func (tx *text) wordsIn(a, b int) (int, int) {
	s := sort.Search(len(tx.toks), func(i int) bool { return tx.toks[i].norm+len(tx.toks[i].text) > a })
	e := sort.Search(len(tx.toks), func(i int) bool { return tx.toks[i].norm >= b })
	return s, e
}

// Classify sets seg.Tags from seg.Text: one tag per sentence and position
// the sentence expresses, ordered by sentence start, then position id. It
// computes seg.Sentences with corpus.SplitSentences when they are nil.
// Interjections get no tags.
func (rs *RuleSet) Classify(seg *corpus.Segment) {
	seg.Tags = nil
	if seg.Interjection || seg.Text == "" {
		return
	}
	if seg.Sentences == nil {
		seg.Sentences = corpus.SplitSentences(seg.Text)
	}
	spans := seg.Sentences
	if !slices.IsSortedFunc(spans, func(a, b corpus.Span) int { return a.Start - b.Start }) {
		spans = slices.Clone(spans)
		slices.SortFunc(spans, func(a, b corpus.Span) int { return a.Start - b.Start })
	}
	tx := prepare(seg.Text, spans, rs.rewriter(seg))
	// named[i] lists the positions sentence i names or inherits, with the rule.
	named := make([][]posRule, len(tx.sents))
	for si, ms := range rs.sentenceMatches(tx) {
		st := tx.sents[si]
		if len(ms) == 0 {
			continue
		}
		sentText := seg.Text[st.span.Start:st.span.End]
		for _, d := range rs.sentence(seg.Text, tx, st, ms, nil) {
			named[si] = append(named[si], posRule{d.pos, d.rule})
			tg := rs.tag(d.pos, d.stanceName(), d.rule, sentText, st.span)
			tg.Because = d.because
			seg.Tags = append(seg.Tags, tg)
		}
		if len(named[si]) == 0 {
			rs.anaphora(seg, tx, si, ms, named, sentText)
		}
	}
}

type posRule struct{ pos, rule int }

// sentenceMatches returns, for each sentence of tx, its matches.
func (rs *RuleSet) sentenceMatches(tx *text) [][]match {
	all := rs.matches(tx)
	out := make([][]match, len(tx.sents))
	mi := 0
	for si, st := range tx.sents {
		from := mi
		for mi < len(all) && all[mi].s < st.e {
			mi++
		}
		out[si] = all[from:mi]
	}
	return out
}

func (rs *RuleSet) tag(pi int, stance string, rule int, sentText string, sp corpus.Span) corpus.Tag {
	return corpus.Tag{Position: rs.positions[pi].ID, Stance: stance, Rule: rs.positions[pi].rules[rule],
		Sentence: sentText, Start: sp.Start, End: sp.End}
}

// item is a term or cue in a sentence with its polarity after negation.
type item struct {
	match
	pol     int // +1 support or term, -1 oppose or opposite, 0 other
	negated bool
	neg     int // the word where the negator that flipped it starts; -1 when none
}

func overlapsAny(m match, items []item) bool {
	for _, it := range items {
		if m.s < it.e && it.s < m.e {
			return true
		}
	}
	return false
}

func (it item) effective() int {
	if it.negated {
		return -it.pol
	}
	return it.pol
}

func nearest(t item, votes []item) item {
	best, bd := votes[0], -1
	for _, v := range votes {
		d := v.s - t.e
		if v.s < t.s {
			d = t.s - v.e
		}
		if d < 0 {
			d = 0
		}
		if bd < 0 || d < bd {
			best, bd = v, d
		}
	}
	return best
}

// excepted reports whether term m overlaps one of position pi's exceptions.
func (rs *RuleSet) excepted(ms []match, m match, pi int) bool {
	for _, x := range ms {
		if x.owner.kind == kException && x.owner.pos == pi && x.s < m.e && m.s < x.e {
			return true
		}
	}
	return false
}

// anaphora tags sentence si, which names no position, with the positions of
// a sentence at most lookback sentences before it when it carries a
// support or oppose cue and refers back (this, it …) or is elliptical
// ("No need for separate paragraph."). The evidence is sentence si, the
// rule the antecedent's.
func (rs *RuleSet) anaphora(seg *corpus.Segment, tx *text, si int, ms []match, named [][]posRule, sentText string) {
	st := tx.sents[si]
	if st.question {
		return
	}
	var ante []posRule
	for j := si - 1; j >= 0 && j >= si-rs.lookback; j-- {
		// NOTE: a back-reference stays within its paragraph: "this" in a
		// new bullet points at the bullet's own subject. The gap between
		// two sentences is white space, so two line breaks in it make a
		// blank line, even one holding spaces (as corpus splits paragraphs).
		if gap := seg.Text[tx.sents[j].span.End:tx.sents[j+1].span.Start]; strings.Count(gap, "\n") >= 2 {
			break
		}
		if len(named[j]) > 0 {
			ante = named[j]
			break
		}
	}
	if len(ante) == 0 {
		return
	}
	refers := st.e-st.s <= rs.short
	for _, m := range ms {
		// NOTE: a back-reference stands near the start of the sentence
		// ("This is essential.", "We should avoid this kind of …"); a
		// "this" late in a long sentence usually points elsewhere.
		if m.owner.kind == kAnaphora && m.owner.pos == -1 && m.s-st.s < rs.short && !idiom(ms, m) {
			refers = true
		}
	}
	if !refers {
		return
	}
	at := st.s
	for _, m := range ms {
		if m.owner.kind == kAnaphora && m.owner.pos == -1 {
			at = m.s
			break
		}
	}
	for _, a := range ante {
		cues, fr := clauseItems(tx, st, ms, nil, a.pos, st.s, st.e)
		if fr.report && !fr.self {
			continue
		}
		negateScoped(tx, st, ms, cues)
		var votes []item
		for _, c := range cues {
			if c.pol != 0 {
				votes = append(votes, c)
			}
		}
		pseudo := item{match: match{s: at, e: at}, pol: 1, neg: -1}
		v, used, ok := compose(pseudo, votes, tx)
		if !ok {
			continue
		}
		d := decision{pos: a.pos, stance: v}
		named[si] = append(named[si], a)
		tg := rs.tag(a.pos, d.stanceName(), a.rule, sentText, st.span)
		tg.Because = "refers back: " + rs.reasons(seg.Text, tx, used, pseudo)
		seg.Tags = append(seg.Tags, tg)
	}
}

// idiom reports whether marker m is part of a neutral phrase ("to this
// end"), which does not refer back.
func idiom(ms []match, m match) bool {
	for _, x := range ms {
		if x.owner.kind == kNeutral && x.owner.pos == -1 && x.s <= m.s && m.e <= x.e {
			return true
		}
	}
	return false
}

// Aggregate returns a speaker's stance on position from its tags: support,
// oppose, mixed (both), mention (only mentions), or "" (no tag).
func Aggregate(tags []corpus.Tag, position string) string {
	var sup, opp, men bool
	for _, t := range tags {
		if t.Position != position {
			continue
		}
		switch t.Stance {
		case corpus.StanceSupport:
			sup = true
		case corpus.StanceOppose:
			opp = true
		case corpus.StanceMention:
			men = true
		}
	}
	switch {
	case sup && opp:
		return corpus.StanceMixed
	case sup:
		return corpus.StanceSupport
	case opp:
		return corpus.StanceOppose
	case men:
		return corpus.StanceMention
	}
	return ""
}
