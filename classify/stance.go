package classify

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/tag"
)

// posTagger is prose's part-of-speech tagger, loaded once.
var posTagger = sync.OnceValues(func() (*tag.Tagger, error) { return tag.New() })

// tagged makes sure words [a, b) of sentence st carry their part-of-speech
// tags and returns tx. Tagging is the costliest step of reading a sentence,
// so it is done on demand, only where a decision needs it (an "and"/"or"
// or "while" that may open a clause, a clause that may borrow a predicate,
// the words a negator reaches over), and only for those words and a few on
// either side, which is all the context the tagger reads.
func (tx *text) tagged(st sentence, a, b int) *text {
	a, b = max(a, st.s), min(b, st.e)
	for a < b && tx.toks[a].tag != "" {
		a++
	}
	for b > a && tx.toks[b-1].tag != "" {
		b--
	}
	if a >= b {
		return tx
	}
	tg, err := posTagger()
	if err != nil {
		return tx
	}
	// NOTE: the tagger reads two words on either side and its own last two
	// tags; a window of two more words each side tags [a, b) as the whole
	// sentence would, or nearly (the evaluations score the same).
	ws, we := max(st.s, a-tagContext), min(st.e, b+tagContext)
	buf := make([]tag.Token, we-ws)
	for i := range buf {
		tk := tx.toks[ws+i]
		buf[i].Text = tagText(tx.src[tk.start:tk.end], tk.text)
	}
	tg.TagTokens(buf)
	for i := a; i < b; i++ {
		tx.toks[i].tag = buf[i-ws].Tag
	}
	return tx
}

// tagContext is how many words on either side of those it needs the
// tagger is given.
const tagContext = 2

// tagText is the word w (canonically c) as the tagger knows it. NOTE: the
// tagger learnt from text that splits "cannot" and "don't" into a verb and
// "not"; given them whole it misreads the next word ("cannot close" as an
// adverb), so it is given the verb half, as that text spells it ("can",
// "do", "wo" of "won't").
func tagText(w, c string) string {
	if c == "cannot" {
		return w[:3]
	}
	if strings.HasSuffix(c, "nt") && len(c) > 2 {
		if i := strings.LastIndexAny(w, "nN"); i > 0 && i < len(w)-1 {
			if r, _ := utf8.DecodeRuneInString(w[i+1:]); isApostrophe(r) {
				return w[:i]
			}
		}
	}
	return w
}

func isVerbTag(t string) bool { return strings.HasPrefix(t, "VB") || t == "MD" }

// hasVerb reports whether words [s, e) of sentence st hold a verb.
func (tx *text) hasVerb(st sentence, s, e int) bool {
	tx.tagged(st, s, e)
	for i := s; i < e; i++ {
		if isVerbTag(tx.toks[i].tag) {
			return true
		}
	}
	return false
}

// clauseKind is how a clause relates to the rest of its sentence.
type clauseKind uint8

const (
	cMain        clauseKind = iota // the sentence's own statement
	cCoord                         // a coordinated predicate ("… and reject X")
	cContrast                      // after but, however: outranks what came before
	cConcession                    // although, while, because: subordinate
	cCondition                     // if, provided that: subordinate, makes the stance conditional
	cAlternative                   // rather than, instead of, ", not": borrows and flips a predicate
)

var clauseNames = [...]string{"main", "coordinated", "contrast", "subordinate", "condition", "alternative"}

// clause is words [s, e) of a sentence.
type clause struct {
	s, e   int
	kind   clauseKind
	marker match // the marker that opened it; e == 0 when none
	rank   int   // higher decides: main and contrast clauses outrank those they overrule
}

func isMarker(k kind) bool { return k >= kConditional && k <= kAlternative }

// markerKinds maps a marker to the clause it opens.
func markerClause(k kind) clauseKind {
	switch k {
	case kConditional:
		return cCondition
	case kContrast:
		return cContrast
	case kConcession:
		return cConcession
	}
	return cAlternative
}

// clauses cuts sentence st into clauses at strong punctuation, clause
// markers, ", not", and, when the sentence holds a cue (votes), at
// "and"/"or" before a verb or a subject pronoun.
func (rs *RuleSet) clauses(tx *text, st sentence, ms []match, votes bool) []clause {
	markers := map[int]match{}
	for _, m := range ms {
		if !isMarker(m.owner.kind) || m.owner.pos != -1 || hidden(ms, m) {
			continue
		}
		// A marker followed by a comma is a sentence adverb ("We, however,
		// …"); "while" before a gerund is not a concession ("while taking
		// into account …").
		if m.e < st.e && tx.toks[m.e].clause && m.s > st.s {
			continue
		}
		if tx.toks[m.s].text == "while" && m.e < st.e && tx.tagged(st, m.e, m.e+1).toks[m.e].tag == "VBG" {
			continue
		}
		// "however well-intentioned": a degree adverb, not a contrast.
		if tx.toks[m.s].text == "however" && m.e < st.e && !tx.toks[m.e].clause {
			if t := tx.tagged(st, m.e, m.e+1).toks[m.e].tag; strings.HasPrefix(t, "JJ") || strings.HasPrefix(t, "RB") {
				continue
			}
		}
		// "not yet convinced": a marker right after a negator is not one;
		// nor one right after an auxiliary, where it is the verb ("should
		// be provided upon request").
		if m.s > st.s && (negatorEndsAt(ms, m.s) || within(ms, kTransparent, m.s-1)) {
			continue
		}
		if _, ok := markers[m.s]; !ok {
			markers[m.s] = m
		}
	}
	out := []clause{{s: st.s, kind: cMain}}
	open := func(i int, k clauseKind, m match) {
		cur := &out[len(out)-1]
		if i == cur.s {
			cur.kind, cur.marker = k, m
			return
		}
		cur.e = i
		out = append(out, clause{s: i, kind: k, marker: m})
	}
	for i := st.s; i < st.e; i++ {
		tk := tx.toks[i]
		cur := out[len(out)-1]
		if m, ok := markers[i]; ok {
			open(i, markerClause(m.owner.kind), m)
			i = m.e - 1
			continue
		}
		switch {
		case tk.strong && i > cur.s:
			open(i, cMain, match{})
		case tk.clause && i > cur.s && (cur.kind == cConcession || cur.kind == cCondition):
			open(i, cMain, match{})
		case tk.clause && tk.text == "not" && i > cur.s && !inNeutral(ms, i):
			open(i, cAlternative, match{})
		case tk.clause && (tk.text == "which" || tk.text == "who") && i > cur.s:
			// A relative clause describes the phrase before it; what it
			// says does not compose with the main predicate.
			open(i, cCoord, match{})
		case tk.text == "nor" && tk.clause && i > cur.s:
			// ", nor do we see any need for X" is a clause of its own.
			open(i, cCoord, match{})
		case votes && (tk.text == "and" || tk.text == "or") && !tk.quoted && i > cur.s && i+1 < st.e && bothSides(ms, cur.s, i) && tx.coordStarts(st, i+1):
			// NOTE: not inside a quotation ("Add: 'and promote …'"): the
			// quoted words are what the predicate takes.
			open(i, cCoord, match{})
		case votes && tk.clause && i > cur.s && i+1 < st.e && isSubject(tk.text) && tx.toks[i-1].text != tk.text && !inNeutral(ms, i) && bothSides(ms, cur.s, i) && tx.subjectStarts(st, i) && tx.hasVerb(st, cur.s, i):
			// "we don't want it, we don't want a PoA": a comma and a
			// subject and its verb start a clause of their own, after a
			// clause with a verb, unless the subject repeats ("that,
			// that has to go") or is a filler ("I mean", neutral).
			open(i, cCoord, match{})
		}
	}
	out[len(out)-1].e = st.e
	for ci := range out {
		c := &out[ci]
		switch c.kind {
		case cConcession:
			c.rank = 0
		default:
			c.rank = 1
		}
	}
	// A clause overruled by a contrast after it ranks below it.
	for ci := len(out) - 1; ci > 0; ci-- {
		if out[ci].kind == cContrast && out[ci-1].rank >= out[ci].rank {
			for j := ci - 1; j >= 0 && out[j].kind != cContrast; j-- {
				out[j].rank = min(out[j].rank, out[ci].rank-1)
			}
		}
	}
	return out
}

// bothSides reports whether cutting at word i can change a decision, so
// that it is worth tagging the words after i: the words from s hold a
// term, a cue, a negator or a reporting cue, and those after i a term, a
// cue or a negator.
func bothSides(ms []match, s, i int) bool {
	before, after := false, false
	for _, m := range ms {
		k := m.owner.kind
		pol, _ := voting(k)
		if pol == 0 && k != kTerm && k != kOpposite && k != kNegator && k != kMention && k != kReporting {
			continue
		}
		before = before || m.s >= s && m.e <= i
		after = after || m.s > i && k != kMention && k != kReporting
	}
	return before && after
}

// coordStarts reports whether a coordinated predicate starts at word i of
// sentence st: a verb, or a subject pronoun and a verb.
func (tx *text) coordStarts(st sentence, i int) bool {
	t := tx.tagged(st, i, i+1).toks[i].tag
	if t == "VBG" || t == "VBN" {
		return false
	}
	if isVerbTag(t) {
		return true
	}
	// A subject pronoun, or "this"/"that" standing for one ("and this is
	// why"), and a verb.
	return (t == "PRP" || t == "DT") && i+1 < st.e && isVerbTag(tx.tagged(st, i+1, i+2).toks[i+1].tag)
}

func isSubject(w string) bool {
	switch w {
	case "we", "i", "it", "they", "this", "that", "he", "she", "you":
		return true
	}
	return false
}

// subjectStarts reports whether a subject pronoun at word i of sentence st
// is followed by a verb.
func (tx *text) subjectStarts(st sentence, i int) bool {
	return i+1 < st.e && isVerbTag(tx.tagged(st, i+1, i+2).toks[i+1].tag)
}

// hidden reports whether m lies inside a neutral phrase or inside a longer
// match of another kind (the "but" of "common but differentiated").
func hidden(ms []match, m match) bool {
	for _, x := range ms {
		if x.owner.kind == m.owner.kind || x.s > m.s || x.e < m.e {
			continue
		}
		if x.owner.kind == kNeutral || x.e-x.s > m.e-m.s {
			return true
		}
	}
	return false
}

// groupWord reports whether w opens a phrase naming others ("some
// delegations", "those who").
func groupWord(w string) bool {
	switch w {
	case "some", "many", "several", "other", "certain", "a", "one", "another", "those":
		return true
	}
	return false
}

func negatorAfter(ms []match, a, b int) bool {
	for _, x := range ms {
		if x.owner.kind == kNegator && x.s >= a && x.s < b {
			return true
		}
	}
	return false
}

func negatorEndsAt(ms []match, i int) bool {
	for _, x := range ms {
		if x.owner.kind == kNegator && x.e == i {
			return true
		}
	}
	return false
}

func inNeutral(ms []match, i int) bool {
	for _, x := range ms {
		if x.owner.kind == kNeutral && x.s <= i && i < x.e {
			return true
		}
	}
	return false
}

// voting reports whether a cue kind votes, and whether it governs.
func voting(k kind) (pol int, governs bool) {
	switch k {
	case kSupport:
		return 1, false
	case kOppose:
		return -1, false
	case kGovSupport, kRhetSupport:
		return 1, true
	case kGovOppose, kHedge, kRhetOppose:
		return -1, true
	}
	return 0, false
}

// reports reports whether reporting verb m, in the clause starting at word
// s, reports another's words: it has a subject before it in the clause
// that is not the speaker (no first_person word) in a sentence that is not
// a question ("Who asked for a PoA?" reports nothing), it is a finite verb
// ("Iran requested", not "the proposed text") or a passive with its agent
// ("was first proposed by"), and no term of the position stands before an active one
// (the Programme of Action … initially proposed by France" names what the
// speaker speaks of, then who proposed it).
func (tx *text) reports(st sentence, ms []match, terms []item, s int, m match) bool {
	if m.s == s || st.question {
		return false
	}
	for _, x := range ms {
		if x.owner.kind == kFirstPerson && x.s >= s && x.s < m.s {
			return false
		}
	}
	switch t := tx.tagged(st, m.s, m.s+1).toks[m.s].tag; t {
	case "VBD", "VBZ", "VBP":
	case "VBN":
		j := m.s - 1
		for j > s && strings.HasPrefix(tx.tagged(st, j, j+1).toks[j].tag, "RB") {
			j--
		}
		switch tx.toks[j].text {
		case "is", "are", "was", "were", "be", "been", "being":
			// A passive reports when it names who spoke: "was first
			// proposed in 2020 by France and Egypt".
			for i := m.e; i < st.e && !tx.toks[i].strong; i++ {
				if tx.toks[i].text == "by" {
					return true
				}
			}
			return false
		case "has", "have", "had":
			// "Kenya has proposed": active.
		default:
			return false
		}
	default:
		return false
	}
	for _, t := range terms {
		if t.s >= s && t.s < m.s {
			return false
		}
	}
	return true
}

// hasVotes reports whether ms holds a cue that votes or a negator: without
// one, how a sentence divides into clauses decides nothing.
func hasVotes(ms []match) bool {
	for _, m := range ms {
		if pol, _ := voting(m.owner.kind); pol != 0 || m.owner.kind == kNegator {
			return true
		}
	}
	return false
}

// frames are what a clause says about how its words are meant.
type frames struct {
	report, self, uptake bool
	reportAt             match // the reporting words
	rhetorical           bool
}

// clauseItems selects, for position pi, the cues of words [s, e)
// (longest first, not overlapping each other nor the terms, not inside
// quotation marks) and negators, and the clause's frames.
func clauseItems(tx *text, st sentence, ms []match, terms []item, pi, s, e int) (items []item, fr frames) {
	// A reporting verb whose subject is another's frames the clause, and
	// is not the speaker's cue ("Iran requested CBDR language").
	end := -1
	for _, m := range ms {
		if m.owner.kind == kReporting && m.s >= s && m.s < e && !tx.toks[m.s].quoted && tx.reports(st, ms, terms, s, m) {
			if !fr.report {
				fr.reportAt = m
			}
			fr.report = true
			end = max(end, m.e)
		}
	}
	for _, m := range ms {
		if m.s < s || m.s >= e {
			continue
		}
		k := m.owner.kind
		if k < kSupport || isMarker(k) || k == kTransparent || k == kReporting || k == kHere || (m.owner.pos != -1 && m.owner.pos != pi) {
			continue
		}
		switch k {
		case kFirstPerson:
			fr.self = true
			continue
		case kUptake:
			fr.uptake = true
			continue
		case kAnaphora:
			continue
		}
		if m.s < end || overlapsAny(m, terms) && !modalInside(tx, m, terms) || tx.toks[m.s].quoted || othersAct(tx, st, m) {
			continue
		}
		end = m.e
		switch k {
		case kMention:
			// "would give some States an excuse", "the same load as
			// those who built it": a group named after a verb of the
			// clause is its object, not who speaks.
			if groupWord(tx.toks[m.s].text) && m.s > s && tx.hasVerb(st, s, m.s) {
				continue
			}
			if !fr.report {
				fr.reportAt = m
			}
			fr.report = true
			continue
		case kNeutral:
			continue
		case kRhetSupport, kRhetOppose:
			// A rhetorical question opens its clause: "could the Chair
			// explain why …" asks for information.
			if fr.rhetorical || !st.question || m.s != s && !tx.toks[m.s].clause {
				continue // one rhetorical question is one vote
			}
			// "What would X achieve that this Group cannot?": a what-
			// question is rhetorical when it denies something after it;
			// "what would the PoA's secretariat look like?" asks.
			if tx.toks[m.s].text == "what" && !negatorAfter(ms, m.e, st.e) {
				continue
			}
			fr.rhetorical = true
		}
		pol, _ := voting(k)
		items = append(items, item{match: m, pol: pol, neg: -1})
	}
	return items, fr
}

// modalInside reports whether cue m is a modal standing inside a term,
// not at its edge: the predicate of a position said in other words ("it
// is the beneficiary who must decide", "the receiving State should
// define the priorities").
func modalInside(tx *text, m match, terms []item) bool {
	if m.e-m.s > 2 || !modals[tx.toks[m.s].text] && tx.toks[m.e-1].text != "to" {
		return false
	}
	for _, t := range terms {
		if m.s > t.s && m.e < t.e {
			return true
		}
	}
	return false
}

// othersAct reports whether cue m is a participle whose agent, named
// after "by", is not the speaker: "a programme of action promoted by a
// narrow circle of States" says what others did, not what the speaker
// holds ("supported by my delegation" does). Support cues only: "a text
// rejected by most States" is usually the speaker's argument.
func othersAct(tx *text, st sentence, m match) bool {
	if pol, _ := voting(m.owner.kind); pol <= 0 || m.e >= st.e-1 || tx.toks[m.e].text != "by" || m.e-m.s != 1 {
		return false
	}
	switch tx.toks[m.e+1].text {
	case "us", "my", "our", "me", "this":
		return false
	}
	return tx.tagged(st, m.s, m.e).toks[m.s].tag == "VBN"
}

// negateScoped applies each negator to the first cue or term after it in
// items (which all lie in one clause of sentence st): its scope is the verb
// phrase it denies, to the end of the clause or up to a second verb. Verbs
// a negation passes through (auxiliaries, "think", "intend": the lexicon's
// transparent verbs) do not count. "We will not take part in any PoA"
// negates the PoA; "we cannot close without highlighting the initiative of
// Women" does not negate Women; "we do not think the PoA is needed"
// negates "needed".
func negateScoped(tx *text, st sentence, ms []match, items []item) {
	for _, n := range items {
		if n.owner.kind != kNegator {
			continue
		}
		// "No, no, it does not belong here": a negator a comma follows is
		// an answer, and negates nothing after it.
		// "We did not, as suggested, agree to X": a parenthesis after the
		// negator does not make it an answer.
		aside := n.e < st.e && tx.toks[n.e].clause && tx.toks[n.e].text == "as"
		if !aside && (n.e >= st.e || tx.toks[n.e].clause) {
			// "PoA yes, CBDR no": an answer right after a term denies it.
			for j, it := range items {
				if it.owner.kind == kTerm && it.e == n.s && !tx.toks[n.s].clause {
					items[j].negated = !items[j].negated
					items[j].neg = n.s
				}
			}
			continue
		}
		// "It is not that gender is secondary": the negator denies the
		// clause after "that", so its predicate, not its subject.
		cueOnly := n.e < st.e && tx.toks[n.e].text == "that"
		// "Neither X nor Y has been agreed": the pair denies the
		// predicate once; "nor" negates the second subject, not the verb.
		termOnly := tx.toks[n.s].text == "nor" && slices.ContainsFunc(items, func(x item) bool {
			return x.owner.kind == kNegator && x.s < n.s && tx.toks[x.s].text == "neither"
		})
		// "a country with no cyber industry": after a preposition, "no"
		// denies its noun, and reaches nothing beyond.
		inPhrase := tx.toks[n.s].text == "no" && n.s > st.s && isPreposition(tx.toks[n.s-1].text)
		best := -1
		for j, it := range items {
			isTerm := it.owner.kind == kTerm || it.owner.kind == kOpposite
			if it.pol == 0 || it.s < n.e || cueOnly && isTerm || termOnly && !isTerm {
				continue
			}
			if best < 0 || it.s < items[best].s {
				best = j
			}
		}
		// "without" denies the noun phrase it takes ("without national
		// ownership", "without the request of the recipient"), not
		// what comes after it ("without highlighting … Women", "without
		// any condition … taking into account needs").
		narrow := tx.toks[n.s].text == "without" && best >= 0 && items[best].s > n.e+2
		if best < 0 || narrow || tx.verbsBetween(st, ms, n.e, items[best].s) > 1 || inPhrase && items[best].s != n.e {
			// "X should not be enshrined", "it should certainly not be
			// assumed that …": a negator that reaches no cue or term
			// after it denies the modal before it.
			if m := modalBefore(tx, st, items, n.s); m >= 0 && !inPhrase {
				items[m].negated = !items[m].negated
				if items[m].neg < 0 {
					items[m].neg = n.s
				}
			}
			continue
		}
		items[best].negated = !items[best].negated
		if items[best].neg < 0 || n.s < items[best].neg {
			items[best].neg = n.s
		}
	}
}

// modals are the modal verbs a negator after them denies.
var modals = map[string]bool{"should": true, "must": true, "shall": true, "ought": true}

// modalBefore returns the index in items of a cue ending in a modal verb
// that the negator at word i follows, adverbs aside ("should certainly
// not"), or -1.
func modalBefore(tx *text, st sentence, items []item, i int) int {
	j := i
	for j > st.s && strings.HasSuffix(tx.tagged(st, j-1, j).toks[j-1].tag, "RB") && !modals[tx.toks[j-1].text] {
		j--
	}
	for k, it := range items {
		if it.e == j && it.pol != 0 && it.owner.kind != kTerm && it.owner.kind != kOpposite && modals[tx.toks[it.e-1].text] {
			return k
		}
	}
	return -1
}

// isPreposition reports whether w is a preposition that takes a noun
// phrase ("with no", "of no").
func isPreposition(w string) bool {
	switch w {
	case "with", "of", "for", "in", "at", "by", "from", "on":
		return true
	}
	return false
}

// verbsBetween counts the verbs in words [a, b) of sentence st that a
// negation does not pass through: all but the transparent ones and "have"
// before a past participle ("would not have supported"). It counts up to
// two.
func (tx *text) verbsBetween(st sentence, ms []match, a, b int) int {
	if b-a < 2 {
		return 0 // one word is at most the verb the negator denies
	}
	tx.tagged(st, a, b+1)
	n := 0
	for i := a; i < b && n < 2; i++ {
		t := tx.toks[i].tag
		if !isVerbTag(t) || t == "MD" || within(ms, kTransparent, i) {
			continue
		}
		switch tx.toks[i].text {
		case "have", "has", "had", "having":
			j := i + 1
			for j < st.e && strings.HasPrefix(tx.toks[j].tag, "RB") {
				j++
			}
			if j < st.e && (tx.toks[j].tag == "VBN" || tx.toks[j].tag == "VBD") {
				continue
			}
		}
		n++
	}
	return n
}

// within reports whether word i lies inside a match of kind k.
func within(ms []match, k kind, i int) bool {
	for _, x := range ms {
		if x.owner.kind == k && x.s <= i && i < x.e {
			return true
		}
	}
	return false
}

// compose returns the stance votes give term t (+1, -1), and the votes that
// decided it; ok is false when no vote bears on t. A governing cue governs
// what follows it in the clause: before the term, or before another cue
// ("should" × "be deleted"), it multiplies ("regret" × "deleted"); the
// other cues agree, or the nearest decides. Coordinated governing cues
// ("reject and oppose") count once.
//
// Governing cues multiply only along one chain, each inside what the one
// before it takes. A comma between two of them ends the chain ("we don't
// want it, we don't want a PoA": the second repeats the first, and does
// not take it); so does a relative clause after the term ("reinstate the
// words X that were dropped": "dropped" describes X and is outranked by
// the predicate that takes it). Separate chains are separate votes: they
// agree, or the chain before the term decides. A comma opens a new chain
// only before a new predicate (newPredicate).
func compose(t item, votes []item, tx *text) (int, []item, bool) {
	g, c := 1, 0
	var used, plain []item
	last := -1
	chains := 0      // chains closed so far
	var heads []item // the first cue of each chain, for its sign
	var signs []int
	relative := false // a relative clause about the term has begun
	// newChain closes the chain so far and opens one with cue v, the
	// i-th vote.
	newChain := func(i int, v item) {
		signs = append(signs, g)
		chains++
		g = v.effective()
		used = append(used, v)
		heads = append(heads, v)
		last = i
	}
	for i, v := range votes {
		_, governs := voting(v.owner.kind)
		if governs && (v.s < t.s || i+1 < len(votes)) {
			if last >= 0 && (coordinated(tx, votes[last], v) || repeated(tx, votes[last], v)) {
				// "reject and oppose"; "we cant accept that were not
				// going to accept that": a predicate said again counts
				// once.
				continue
			}
			if last >= 0 && (newPredicate(tx, votes[last].e, v.s) || v.s >= t.e && relativeBetween(tx, t.e, v.s)) {
				if v.s >= t.e && relativeBetween(tx, t.e, v.s) {
					relative = true
				}
				signs = append(signs, g)
				chains++
				g = 1
			}
			if relative && len(signs) > 0 {
				// A relative clause's cues describe the term: the
				// predicate that takes it has decided.
				continue
			}
			g *= v.effective()
			used = append(used, v)
			if len(heads) == chains {
				heads = append(heads, v)
			}
			last = i
			continue
		}
		// NOTE: a cue that is not a predicate, inside the phrase a
		// governing cue takes ("cannot accept a parallel track like the
		// PoA"), describes the term and does not compose.
		if !governs && v.e <= t.s && last >= 0 {
			continue
		}
		if last >= 0 && v.s >= t.e && !relativeBetween(tx, t.e, v.s) && describes(tx, t.e, v.s) {
			// "reject X as premature", "caution against X, a concept
			// that would fragment …": the cue says what the speaker
			// takes X to be, and agrees with the predicate that takes
			// it rather than composing with it.
			newChain(i, v)
			continue
		}
		if last >= 0 && v.s >= t.e && (relativeBetween(tx, t.e, v.s) || newPredicate(tx, votes[last].e, v.s)) {
			// "reinstate the words X that were dropped": a relative
			// clause describes the term; the predicate that takes it
			// decides. After a comma a cue is a vote of its own ("delete
			// X, as it adds nothing"): a chain of its own.
			if !relativeBetween(tx, t.e, v.s) {
				newChain(i, v)
			}
			continue
		}
		plain = append(plain, v)
	}
	if len(signs) > 0 {
		// Chains that agree count once; else the last chain before the
		// term decides.
		all := append(signs, g)
		g = all[0]
		for k, sg := range all {
			if k < len(heads) && heads[k].s < t.s {
				g = sg
			}
		}
	}
	if len(plain) > 0 {
		c = plain[0].effective()
		for _, v := range plain[1:] {
			if v.effective() != c {
				n := nearest(t, plain)
				c, plain = n.effective(), []item{n}
				break
			}
		}
		used = append(used, plain...)
	}
	if len(used) == 0 {
		return 0, nil, false
	}
	if c == 0 {
		c = 1
	}
	return g * c, used, true
}

// commaBetween reports whether a comma or other clause punctuation stands
// between the word before a and word b (a token's clause flag marks the
// punctuation before it).
func commaBetween(tx *text, a, b int) bool {
	for i := a; i <= b && i < len(tx.toks); i++ {
		if tx.toks[i].clause {
			return true
		}
	}
	return false
}

// newPredicate reports whether a comma between the word before a and word
// b opens a predicate of its own: a subject pronoun or a word of reason or
// result follows it ("delete X, as it adds nothing"; "we don't want it, we
// don't want X"), not a parenthesis ("is, frankly, misplaced").
func newPredicate(tx *text, a, b int) bool {
	for i := a; i <= b && i < len(tx.toks); i++ {
		if !tx.toks[i].clause {
			// Captions have no commas: "we are uncomfortable with X it
			// could slow down …" — a subject pronoun and a modal open
			// a predicate of their own.
			if i+1 < len(tx.toks) && i+1 <= b && subjectModal(tx.toks[i].text, tx.toks[i+1].text) {
				return true
			}
			continue
		}
		switch w := tx.toks[i].text; w {
		case "as", "so", "since", "for", "thus", "hence", "therefore":
			return true
		default:
			if isSubject(w) {
				return true
			}
		}
	}
	return false
}

// subjectModal reports whether words w, next are a subject pronoun and a
// modal or "is": the start of a predicate without punctuation.
func subjectModal(w, next string) bool {
	switch w {
	case "it", "its", "they", "theyre", "we", "were", "i":
	default:
		return false
	}
	switch next {
	case "could", "would", "will", "might", "may", "can", "cannot", "cant", "wont", "wouldnt", "is", "isnt", "are", "arent":
		return true
	case "not", "a", "an", "the", "very", "too", "just", "really", "also", "already", "still", "simply", "clearly", "going":
		// "its not", "its a": it's, as captions spell it; the
		// possessive takes a noun.
		return w == "its" || w == "theyre"
	}
	return (w == "its" || w == "theyre") && (next == w || strings.HasSuffix(next, "ing")) // "its its duplicating"
}

// relativeBetween reports whether a relative clause opens in words [a, b)
// right after a term ("X that were dropped", "X, which was not agreed")
// and runs on to b.
func relativeBetween(tx *text, a, b int) bool {
	for i := a; i < b && i <= a+1; i++ {
		switch tx.toks[i].text {
		case "that", "which", "who":
			return !commaBetween(tx, i+1, b)
		}
	}
	return false
}

// describes reports whether words [a, b) after a term open a description
// of it: "as" ("reject X as premature") or an appositive after a comma
// ("X, a concept that …").
func describes(tx *text, a, b int) bool {
	if a >= b || a >= len(tx.toks) {
		return false
	}
	switch w := tx.toks[a].text; {
	case w == "as":
		return true
	case tx.toks[a].clause && (w == "a" || w == "an"):
		return true
	}
	return false
}

// repeated reports whether cue b says cue a again: the same words, the
// same way.
func repeated(tx *text, a, b item) bool {
	return a.e-a.s == b.e-b.s && a.effective() == b.effective() && sameWords(tx.toks[a.s:a.e], tx.toks[b.s:b.e])
}

// coordinated reports whether only "and", "or" or commas stand between
// cues a and b.
func coordinated(tx *text, a, b item) bool {
	if b.s <= a.e || b.s-a.e > 2 {
		return false
	}
	for i := a.e; i < b.s; i++ {
		if w := tx.toks[i].text; w != "and" && w != "or" {
			return false
		}
	}
	return true
}
