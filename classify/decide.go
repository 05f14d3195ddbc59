package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// decision is the stance a sentence takes on one position and why.
type decision struct {
	pos, rule int
	stance    int // +1 support, -1 oppose, 0 mention
	because   string
	clause    int // the clause that decided
	rank      int
	term      item   // the position phrase that decided (zero when borrowed)
	used      []item // the cues that decided
}

// clauseTrace is what Explain shows of one clause.
type clauseTrace struct {
	clause
	items  []item // cues, negators and terms, with negation applied
	frames frames
}

// sentTrace collects, for Explain, how one sentence was read.
type sentTrace struct {
	clauses []clauseTrace
}

func (d decision) stanceName() string {
	switch d.stance {
	case 1:
		return corpus.StanceSupport
	case -1:
		return corpus.StanceOppose
	}
	return corpus.StanceMention
}

// termsOf returns position pi's terms in ms, without those an exception
// covers or that overlap an earlier one.
func (rs *RuleSet) termsOf(ms []match, pi int) []item {
	var terms []item
	for _, m := range ms {
		if m.owner.pos != pi || (m.owner.kind != kTerm && m.owner.kind != kOpposite) {
			continue
		}
		if rs.excepted(ms, m, pi) || overlapsAny(m, terms) {
			continue
		}
		pol := 1
		if m.owner.kind == kOpposite {
			pol = -1
		}
		terms = append(terms, item{match: m, pol: pol, neg: -1})
	}
	return terms
}

// sentence decides the stance sentence st takes on each position it names.
// tr, when not nil, records the clauses for Explain.
func (rs *RuleSet) sentence(t string, tx *text, st sentence, ms []match, tr *sentTrace) []decision {
	terms := make([][]item, len(rs.positions))
	any := false
	for pi := range rs.positions {
		terms[pi] = rs.termsOf(ms, pi)
		any = any || len(terms[pi]) > 0
	}
	if !any {
		return nil
	}
	cls := rs.clauses(tx, st, ms, hasVotes(ms))
	quote := func(a, b int) string { return t[tx.toks[a].start:tx.toks[b-1].end] }
	conditional := ""
	for _, c := range cls {
		if c.kind == cCondition && c.marker.e > 0 {
			conditional = fmt.Sprintf("; conditional: %q", quote(c.marker.s, c.marker.e))
			break
		}
	}
	var out []decision
	for pi := range rs.positions {
		if len(terms[pi]) == 0 {
			continue
		}
		var ds []decision
		first := -1 // the first clause naming pi
		for ci, c := range cls {
			if first < 0 && namesIn(terms[pi], c) {
				first = ci
			}
		}
		reported, reportAt, reportedIn := false, match{}, cMain
		// uptaken: a clause before took up others' words ("we align
		// ourselves with the statement of the African Group, which
		// called for X"): their report is the speaker's too.
		uptaken := false
		var prevVotes []item
		for ci, c := range cls {
			var cterms []item
			for _, tm := range terms[pi] {
				if tm.s >= c.s && tm.s < c.e {
					cterms = append(cterms, tm)
				}
			}
			items, fr := clauseItems(tx, st, ms, cterms, pi, c.s, c.e)
			items = append(items, cterms...)
			items = append(items, answered(tx, c, cterms)...)
			slices.SortStableFunc(items, func(a, b item) int { return a.s - b.s })
			negateScoped(tx, st, ms, items)
			cterms = cterms[:0]
			for _, it := range items {
				if it.owner.kind == kTerm || it.owner.kind == kOpposite {
					cterms = append(cterms, it)
				}
			}
			if tr != nil && pi == firstNamed(terms) {
				tr.clauses = append(tr.clauses, clauseTrace{clause: c, items: items, frames: fr})
			} else if tr != nil {
				tr.clauses[ci].items = mergeItems(tr.clauses[ci].items, items)
			}
			var votes []item
			for _, it := range items {
				if it.pol != 0 && it.owner.kind != kTerm && it.owner.kind != kOpposite {
					votes = append(votes, it)
				}
			}
			if fr.report && uptaken && !fr.self && len(votes) == 0 && fr.reportAt.owner.kind == kReporting {
				// What they called for, the speaker calls for.
				votes = []item{{match: fr.reportAt, pol: 1, neg: -1}}
			}
			// A condition states what the speaker asks for: "provided
			// that it mentions national ownership" reports no one.
			if fr.report && !fr.self && !fr.uptake && !uptaken && c.kind != cCondition {
				reported, reportAt, reportedIn = true, fr.reportAt, c.kind
			} else if fr.self || fr.uptake || uptaken || reported && reportedIn == cConcession && c.kind != cConcession {
				// What others think in a concession ("whatever merits
				// some may see in X, …") does not frame the main clause.
				reported = false
			}
			uptaken = uptaken || fr.uptake
			borrowed := false
			// "We dissociate from paragraph 19, which imports X": a
			// relative clause with no stance of its own names what the
			// predicate before it takes.
			relative := c.s < len(tx.toks) && (tx.toks[c.s].text == "which" || tx.toks[c.s].text == "that") && tx.toks[c.s].clause
			if relative && len(cterms) > 0 && len(votes) > 0 && ci > 0 && len(prevVotes) > 0 {
				// "We dissociate from paragraph 33, which would commit
				// States to X": what the relative clause says of X, the
				// predicate that takes the paragraph composes with.
				var gov []item
				for _, v := range prevVotes {
					if _, g := voting(v.owner.kind); g {
						gov = append(gov, v)
					}
				}
				votes = append(gov, votes...)
			}
			if len(cterms) > 0 && len(votes) == 0 && ci > 0 && len(prevVotes) > 0 && (c.kind == cCondition || relative || !tx.hasVerb(st, c.s, c.e)) {
				// An elliptical clause borrows its predicate ("we support
				// X but not Y"); "rather than" flips it. A condition
				// borrows the predicate it conditions: "we could support
				// the PoA if it respects CBDR" supports CBDR.
				votes, borrowed = prevVotes, len(prevVotes) > 0
				if c.kind == cAlternative && c.marker.e > 0 {
					votes = flipAll(votes)
				}
			}
			if len(votes) > 0 && !borrowed {
				prevVotes = votes
			}
			frame := ""
			switch {
			case reported:
				frame = fmt.Sprintf("reported speech: %q", quote(reportAt.s, reportAt.e))
			case st.question && !hasRhetorical(ms, st, tx):
				frame = "question"
			}
			if len(cterms) == 0 {
				// A clause that names no position but takes a stance
				// speaks of the position named before it: "…, but we
				// cannot support it", "… and should be deleted". A clause
				// before the position speaks of its own subject, unless
				// the position is named in a condition on it ("we could
				// accept the paragraph if CBDR is reflected in it").
				if ci < first && cls[first].kind != cCondition || frame != "" || len(votes) == 0 || namesAny(terms, c) || (c.kind == cConcession || c.kind == cCondition) && !hasAnaphor(ms, c) {
					continue
				}
				// Nor of a position another, named in a later clause,
				// stands between: "we support the PoA, but please take out
				// CBDR, which has no place in it".
				if ci > first && namedLaterThan(terms, pi, cls, ci) {
					continue
				}
				pseudo := item{match: match{s: c.s, e: c.s}, pol: 1, neg: -1}
				if v, used, ok := compose(pseudo, votes, tx); ok {
					ds = append(ds, decision{pos: pi, rule: -1, stance: v, clause: ci, rank: 2*c.rank - 1, used: used,
						because: "clause " + clauseNames[c.kind] + ": " + rs.reasons(t, tx, used, pseudo)})
				}
				continue
			}
			for _, tm := range cterms {
				d := decision{pos: pi, rule: tm.owner.rule, clause: ci, rank: 2 * c.rank, term: tm}
				switch {
				case frame != "":
					if tm.owner.kind == kOpposite {
						continue
					}
					d.because = frame
				case tm.quoted(tx) && len(votes) == 0:
					if tm.owner.kind == kOpposite {
						continue
					}
					d.because = "quotation"
				default:
					tv := votes
					// A condition states what the speaker asks for: "if
					// the words X were taken out" is no fact.
					for k, v := range votes {
						if c.kind == cCondition {
							break
						}
						if factual(tx, st, ms, c.s, c.e, tm, v, len(votes)) {
							tv = append(slices.Clone(votes[:k]), slices.DeleteFunc(slices.Clone(votes[k+1:]), func(v item) bool { return factual(tx, st, ms, c.s, c.e, tm, v, len(votes)) })...)
							break
						}
					}
					v, used, ok := compose(tm, tv, tx)
					switch {
					case ok:
						d.stance, d.used = tm.effective()*v, used
					case tm.negated:
						d.stance = tm.effective()
					case tm.pol < 0:
						continue
					}
					d.because = rs.reasons(t, tx, d.used, tm)
					if borrowed {
						d.because = "borrowed from the clause before: " + d.because
					}
				}
				ds = append(ds, d)
				if d.stance != 0 {
					break
				}
			}
		}
		// "X belongs to the climate regime, not to cyberspace": a stance
		// that places X elsewhere, with this forum the excluded
		// alternative, opposes X here.
		for ci := 1; ci < len(cls); ci++ {
			c := cls[ci]
			if c.kind != cAlternative || namesIn(terms[pi], c) || !hasKind(ms, kHere, c.s, c.e) || hasKind(ms, kHere, cls[ci-1].s, cls[ci-1].e) {
				continue
			}
			for k := range ds {
				if ds[k].clause == ci-1 && ds[k].stance != 0 {
					ds[k].stance = -ds[k].stance
					ds[k].because += fmt.Sprintf("; this forum excluded: %q", quote(c.s, c.e))
				}
			}
		}
		if d, ok := pick(ds); ok {
			if d.rule < 0 {
				d.rule = terms[pi][0].owner.rule
			}
			if d.stance != 0 {
				d.because += conditional
			}
			out = append(out, d)
		}
	}
	return out
}

// answered returns a support vote for each term of clause c an answer
// follows right after: "PoA yes", "demand-driven fine" (and "CBDR no":
// see negateScoped).
func answered(tx *text, c clause, terms []item) []item {
	var out []item
	for _, tm := range terms {
		if tm.e >= c.e || tx.toks[tm.e].clause && tx.toks[tm.e].text != "fine" {
			continue
		}
		switch tx.toks[tm.e].text {
		case "yes", "fine", "ok", "okay":
			out = append(out, item{match: match{s: tm.e, e: tm.e + 1, owner: owner{kind: kSupport, pos: -1, rule: -1}}, pol: 1, neg: -1})
		}
	}
	return out
}

// namesIn reports whether one of terms lies in clause c.
func namesIn(terms []item, c clause) bool {
	for _, t := range terms {
		if t.s >= c.s && t.s < c.e {
			return true
		}
	}
	return false
}

// namesAny reports whether clause c names any position.
func namesAny(terms [][]item, c clause) bool {
	for _, ts := range terms {
		for _, t := range ts {
			if t.s >= c.s && t.s < c.e {
				return true
			}
		}
	}
	return false
}

// namedLaterThan reports whether, before clause ci, another position is
// named in a later clause than position pi last is.
func namedLaterThan(terms [][]item, pi int, cls []clause, ci int) bool {
	last := func(ts []item) int {
		l := -1
		for k := 0; k < ci; k++ {
			if namesIn(ts, cls[k]) {
				l = k
			}
		}
		return l
	}
	mine := last(terms[pi])
	for pj, ts := range terms {
		if pj != pi && last(ts) > mine {
			return true
		}
	}
	return false
}

func firstNamed(terms [][]item) int {
	for i, t := range terms {
		if len(t) > 0 {
			return i
		}
	}
	return -1
}

// mergeItems adds to have the items of more it lacks (another position's
// terms and cues), by start.
func mergeItems(have, more []item) []item {
	for _, m := range more {
		if !slices.ContainsFunc(have, func(h item) bool { return h.s == m.s && h.owner == m.owner }) {
			have = append(have, m)
		}
	}
	slices.SortStableFunc(have, func(a, b item) int { return a.s - b.s })
	return have
}

func flipAll(votes []item) []item {
	out := slices.Clone(votes)
	for i := range out {
		out[i].pol = -out[i].pol
	}
	return out
}

func hasRhetorical(ms []match, st sentence, tx *text) bool {
	for _, m := range ms {
		if (m.owner.kind == kRhetSupport || m.owner.kind == kRhetOppose) && m.s >= st.s && m.s < st.e {
			if tx.toks[m.s].text == "what" && !negatorAfter(ms, m.e, st.e) {
				continue // see clauseItems
			}
			return true
		}
	}
	return false
}

func isHave(w string) bool { return w == "has" || w == "have" || w == "had" }

// factual reports whether cue v, a governing cue in clause [s, e)
// of sentence st, states a fact about term tm rather than the speaker's
// view of it, in a clause where the speaker does not speak for itself:
// the term is the subject of a past or perfect active verb ("the Women in
// Cyber Fellowship has supported diplomats"), or the cue is a noun naming
// something the only vote ("the co-sponsors of the PoA resolution met"); or
// a text action in the past, the clause's only vote ("Rev.2 dropped X").
func factual(tx *text, st sentence, ms []match, s, e int, tm, v item, votes int) bool {
	pol, governs := voting(v.owner.kind)
	if !governs || v.negated || pol < 0 && votes > 1 {
		return false
	}
	for _, x := range ms {
		if x.owner.kind == kFirstPerson && x.s >= s && x.s < e {
			return false
		}
	}
	if pol < 0 {
		// "Rev.2 dropped the references to CBDR", "the reference was
		// deleted": what a text underwent, when nothing else in the
		// clause says how the speaker takes it ("we regret that …").
		if v.s == s || !strings.HasSuffix(tx.toks[v.s].text, "ed") && tx.toks[v.s].text != "struck" && tx.toks[v.s].text != "taken" {
			return false
		}
		switch t := tx.tagged(st, v.s, v.s+1).toks[v.s].tag; t {
		case "VBD":
			return true
		case "VBN":
			switch tx.toks[v.s-1].text {
			case "was", "were", "been", "has", "have", "had":
				return true
			}
		}
		return false
	}
	// Cheap shapes first: tagging is the costly step.
	after := v.s >= tm.e && (strings.HasSuffix(tx.toks[v.s].text, "ed") || v.s > 0 && isHave(tx.toks[v.s-1].text))
	// NOTE: a cue right after a comma opens a clause ("In paragraph 34,
	// retain X"): an imperative the tagger may misread as a noun.
	inNP := votes == 1 && (v.s == tm.e || v.e <= tm.s) && !tx.toks[v.s].clause
	if !after && !inNP {
		return false
	}
	t := tx.tagged(st, v.s, v.s+1).toks[v.s].tag
	switch {
	case after && t == "VBD":
		return true
	case after && t == "VBN":
		j := v.s - 1
		for j > tm.e && strings.HasPrefix(tx.tagged(st, j, j+1).toks[j].tag, "RB") {
			j--
		}
		return isHave(tx.toks[j].text)
	case inNP && (t == "NN" || t == "NNS") && (v.s == tm.e || !tx.hasVerb(st, v.e, tm.s) && ofPhrase(tx, v.e)) && !stanceNoun[tx.toks[v.s].text]:
		// In the term's own noun phrase ("the PoA proposal", "the
		// co-sponsors of the PoA"), not said of it ("the PoA is a good
		// proposal"); "its support for …" is a stance, whoever speaks.
		// "their strong backing for …": adjectives may stand between.
		j := v.s - 1
		for j > st.s && strings.HasPrefix(tx.tagged(st, j, j+1).toks[j].tag, "JJ") || j > st.s && strings.HasPrefix(tx.toks[j].tag, "RB") {
			j--
		}
		return v.s == st.s || tx.tagged(st, j, j+1).toks[j].tag != "PRP$"
	}
	return false
}

// stanceNoun are nouns that are a stance whoever's they are: "support for
// the participation of women" (a caption, a heading) takes a side, where
// "the co-sponsors of the PoA" name people.
var stanceNoun = map[string]bool{"support": true, "backing": true, "endorsement": true, "opposition": true, "rejection": true}

// ofPhrase reports whether a preposition follows word i: a noun cue
// before the term takes it as "the co-sponsors of the PoA" do; a verb the
// tagger read as a noun ("the Movement favours CBDR") takes it directly.
func ofPhrase(tx *text, i int) bool {
	if i >= len(tx.toks) {
		return false
	}
	switch tx.toks[i].text {
	case "of", "for", "on", "to", "about", "regarding", "in":
		return true
	}
	return false
}

// hasKind reports whether a match of kind k starts in words [s, e).
func hasKind(ms []match, k kind, s, e int) bool {
	for _, m := range ms {
		if m.owner.kind == k && m.s >= s && m.s < e {
			return true
		}
	}
	return false
}

func hasAnaphor(ms []match, c clause) bool {
	for _, m := range ms {
		if m.owner.kind == kAnaphora && m.s >= c.s && m.s < c.e {
			return true
		}
	}
	return false
}

// pick chooses among a position's clause decisions: a stance before a
// mention, the higher-ranked clause (a main clause over a concession, a
// contrast over what it answers), then the later one.
func pick(ds []decision) (decision, bool) {
	best := -1
	for i, d := range ds {
		switch {
		case best < 0:
			best = i
		case (d.stance != 0) != (ds[best].stance != 0):
			if d.stance != 0 {
				best = i
			}
		case d.stance != 0 && (d.rank > ds[best].rank || d.rank == ds[best].rank && d.stance != ds[best].stance):
			if d.stance != ds[best].stance {
				ds[i].because = "main clause decides; " + d.because
			}
			best = i
		}
	}
	if best < 0 {
		return decision{}, false
	}
	return ds[best], true
}

// quoted reports whether term it stands inside quotation marks.
func (it item) quoted(tx *text) bool { return tx.toks[it.s].quoted }

// reasons renders the cues that decided a stance: `negated support:
// "cannot support"`, `oppose: "premature"`, `negated term: "not
// demand-driven"`.
func (rs *RuleSet) reasons(t string, tx *text, used []item, tm item) string {
	var parts []string
	for _, v := range used {
		label := kindLabel(v.owner.kind)
		from, to := v.s, v.e-1
		if v.negated {
			label = "negated " + label
			if v.neg >= 0 {
				// The negator stands before the cue, or after a modal
				// ("should not").
				from, to = min(from, v.neg), max(to, v.neg)
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %q", label, t[tx.toks[from].start:tx.toks[to].end]))
	}
	if tm.negated && tm.e > tm.s {
		from, to := tm.s, tm.e-1
		if tm.neg >= 0 {
			from, to = min(from, tm.neg), max(to, tm.neg) // "CBDR no"
		}
		parts = append(parts, fmt.Sprintf("negated term: %q", t[tx.toks[from].start:tx.toks[to].end]))
	}
	if len(parts) == 0 {
		return "no stance cue"
	}
	return strings.Join(parts, ", ")
}

func kindLabel(k kind) string {
	switch k {
	case kSupport, kGovSupport:
		return "support"
	case kOppose, kGovOppose:
		return "oppose"
	case kHedge:
		return "hedge"
	case kRhetSupport, kRhetOppose:
		return "rhetorical question"
	}
	return "cue"
}
