package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oewg/oewg/internal/fileerr"
	"github.com/oewg/oewg/internal/lazyre"
	"go.yaml.in/yaml/v3"
)

// Meeting coverage — a UN press release, a summary record, a rapporteur's
// account — has no labels: it reports each speaker in the third person
// ("The representative of Brazil said …"). The openers are data
// (transcripts.yaml, reported), so that another house style is a --labels
// file away.

// reportedGrammar is the lexicon's reported section.
type reportedGrammar struct {
	verbs   []string
	opens   []string // as written, {verb} not yet replaced
	openRes []opener
	// verbSet is the verbs of the list: an opener with {verb} needs one.
	verbSet  map[string]bool
	ends     []*regexp.Regexp
	examples []string
	endsRe   *matcher
	// continues: a paragraph that carries on the turn before it.
	continues   []*regexp.Regexp
	continuesRe *matcher
}

// hasVerb reports whether a lower-case text holds a verb of the list.
func (r *reportedGrammar) hasVerb(lower string) bool {
	for w := range strings.FieldsFuncSeq(lower, func(c rune) bool { return !unicode.IsLetter(c) }) {
		if r.verbSet[w] {
			return true
		}
	}
	return false
}

// opener is a compiled opener, with the literals a match needs and
// whether it needs a verb of the list.
type opener struct {
	part
	verb bool
}

var reportedKeys = map[string]bool{"verbs": true, "opens": true, "ends": true, "continues": true, "examples": true}

func (lx *Lexicon) addReported(file string, v *yaml.Node, errs *fileerr.List) {
	r := &lx.reported
	entries(file, v, errs, "reported", reportedKeys, func(k string, val *yaml.Node) {
		switch k {
		case "verbs":
			r.verbs = append(r.verbs, strs(file, val, errs)...)
		case "opens":
			for _, p := range strs(file, val, errs) {
				// Checked now with a stand-in verb, so that the error
				// points at this file.
				re, err := compile(strings.ReplaceAll(p, "{verb}", "said"))
				if err != nil {
					errs.Add(file, val.Line, val.Column, "reported: bad opener: %v", err)
					continue
				}
				for _, n := range re.SubexpNames() {
					if n != "" && n != "speaker" && n != "name" && n != "group" && n != "person" {
						errs.Add(file, val.Line, val.Column, "reported: opener has unknown part (?P<%s>); parts are group, name, person, speaker", n)
					}
				}
				r.opens = append(r.opens, p)
			}
		case "ends":
			r.ends = append(r.ends, patterns(file, val, errs)...)
		case "continues":
			r.continues = append(r.continues, patterns(file, val, errs)...)
		case "examples":
			r.examples = append(r.examples, strs(file, val, errs)...)
		}
	})
}

// finishReported compiles the openers with the verbs of every file, and
// checks that each example opens a turn.
func (lx *Lexicon) finishReported(errs *fileerr.List) {
	r := &lx.reported
	r.verbSet = map[string]bool{}
	var verbs []string
	for _, v := range r.verbs {
		if v = strings.ToLower(strings.TrimSpace(v)); !r.verbSet[v] {
			r.verbSet[v] = true
			verbs = append(verbs, regexp.QuoteMeta(v))
		}
	}
	verb := "(?:" + strings.Join(verbs, "|") + ")"
	r.openRes = r.openRes[:0]
	for _, p := range r.opens {
		re, err := compile(strings.ReplaceAll(p, "{verb}", verb))
		if err != nil {
			errs.Add("reported", 0, 0, "opener %q: %v", p, err)
			continue
		}
		// NOTE: the literals of the verb list are one group every
		// opener with {verb} needs; hasVerb looks for it once a
		// sentence, as words, not once an opener as literals.
		op := opener{part: part{re: re}, verb: strings.Contains(p, "{verb}")}
		for _, g := range literalsOf(re, 2) {
			if !op.verb || len(g) < len(verbs)/2 {
				op.lits = append(op.lits, g)
			}
		}
		r.openRes = append(r.openRes, op)
	}
	r.endsRe, r.continuesRe = alternation(r.ends, ""), alternation(r.continues, "")
	for _, ex := range r.examples {
		if _, ok := lx.reportedOpener(ex); !ok {
			errs.Add("reported", 0, 0, "no opener reads the example %q", ex)
		}
	}
}

// reportedOpener reads a sentence that opens a reported turn: its label
// (speaker, group, person, and the opener as evidence).
func (lx *Lexicon) reportedOpener(sent string) (label, bool) {
	sent = sent[len(sentenceNumber.FindString(sent)):]
	if len(sent) < 12 {
		return label{}, false
	}
	// NOTE: an opener is read at a sentence's start: its first
	// openerWindow bytes are enough, and a literal every match needs
	// (a verb of the list, "according to") is looked for first.
	if len(sent) > openerWindow {
		cut := openerWindow
		for cut > 0 && !utf8.RuneStart(sent[cut]) {
			cut--
		}
		sent = sent[:cut]
	}
	sent = leadingSentence(sent)
	lower := strings.ToLower(sent)
	hasVerb := lx.reported.hasVerb(lower)
	// NOTE: an opener may follow a leading clause that ends in a comma
	// ("Noting the rise of ransomware, the representative of Estonia
	// said"): each is tried at the sentence's start, then after each
	// comma of its first leadMax bytes. A lead of any length inside
	// every pattern made them ten times slower on the paragraphs of
	// every statement.
	var may []*opener // the openers whose literals the sentence has
	for i := range lx.reported.openRes {
		if op := &lx.reported.openRes[i]; (!op.verb || hasVerb) && op.may(lower) {
			may = append(may, op)
		}
	}
	if len(may) == 0 {
		return label{}, false
	}
	for _, at := range leadEnds(sent) {
		if lab, ok := lx.openerAt(sent, at, may); ok {
			return lab, true
		}
	}
	return label{}, false
}

// leadMax bounds a leading clause before an opener.
const leadMax = 200

// leadEnds are where an opener may start in sent: 0, and after each ", "
// of its first leadMax bytes before any stop, semicolon or colon.
func leadEnds(sent string) []int {
	out := []int{0}
	for i := 0; i < len(sent) && i < leadMax; i++ {
		switch sent[i] {
		case '.', ';', ':':
			if i > 3 { // "Mr." and "Ms." stay
				return out
			}
		case ',':
			j := i + 1
			for j < len(sent) && (sent[j] == ' ' || sent[j] == '\t' || sent[j] == '\n') {
				j++
			}
			if j > i+1 && j < len(sent) {
				out = append(out, j)
			}
		}
	}
	return out
}

// openerAt reads one of the openers starting at byte at of full.
func (lx *Lexicon) openerAt(full string, at int, openers []*opener) (label, bool) {
	sent := full[at:]
	for _, op := range openers {
		re := op.re
		m := re.FindStringSubmatchIndex(sent)
		if m == nil {
			continue
		}
		part := func(name string) string {
			if i := re.SubexpIndex(name); i > 0 && m[2*i] >= 0 {
				return strings.TrimSpace(sent[m[2*i]:m[2*i+1]])
			}
			return ""
		}
		sp, named := part("speaker"), false
		if sp == "" {
			sp, named = part("name"), true
			// "The US, the UNITED KINGDOM and AUSTRALIA opposed": a lead
			// that is itself a name is the first of a list.
			if at > 0 {
				lead := strings.TrimSuffix(strings.TrimSpace(full[:at]), ",")
				if _, ok := lx.g.Lookup(lead); ok {
					sp = lead
				}
			}
		}
		group, person := part("group"), part("person")
		if group == "" {
			// "The representative of Nigeria, speaking for the African
			// Group, said"
			if g := appositiveGroup.FindStringSubmatch(sent[:m[1]]); g != nil {
				group = g[1]
			}
		}
		lab := label{grammar: "reported", text: strings.TrimSpace(full[:at+m[1]]), person: person, speaker: lx.reportedSpeaker(sp, !named)}
		if sp == "" && person != "" {
			// A person alone: whom the record introduced before.
			lab.open = true
			return lab, true
		}
		if lab.speaker.Key == Unknown.Key {
			continue
		}
		lab.chair = lab.speaker.Role == RoleChair
		if group != "" {
			if s, ok := lx.lookupWithAcronym(group); ok {
				lab.group = s.Key
			} else {
				lab.group = keyOf(group)
			}
			if lab.group == lab.speaker.Key {
				lab.group = ""
			}
		}
		return lab, true
	}
	return label{}, false
}

// sentenceNumber is what may stand before an opener: markup, quotes, a
// summary record's paragraph number ("12. Mr. Kamau (Kenya) said").
var sentenceNumber = lazyre.New(`^[\s*_#>•\-–]*(?:\(?\d{1,3}[.)]\s+)?(?:\[?\d{1,2}[:.]\d{2}(?::\d{2})?\]?\s*(?:[—–\-:|]\s*)?)?`)

// introduction is a person the record introduces with whom the person
// speaks for: "moderated by Dr. Ana Ferreira of the United Nations
// Institute for Disarmament Research (UNIDIR)", "Mr. Kamau (Kenya)".
var introduction = lazyre.New(`\b((?:Mr|Mrs|Ms|Mme|Madam|Dr|Ambassador|Professor|Prof)\.?\s+\p{Lu}[\p{L}\-'’]+(?:\s+\p{Lu}[\p{L}\-'’]+){0,2})(?:\s+(?:of|from)\s+|\s*\(|,\s+(?:[\p{L}\s]{2,60}?\s+(?:of|at|for)\s+))((?:the\s+)?\p{Lu}[^,.;()]{1,100})`)

// introductions reads the people a text introduces (see introduction),
// by folded surname; a surname two people share is nobody's.
func (lx *Lexicon) introductions(text string) map[string]Speaker {
	out, clash := map[string]Speaker{}, map[string]bool{}
	for _, m := range introduction.Re().FindAllStringSubmatch(text, -1) {
		sp := lx.reportedSpeaker(strings.TrimSpace(m[2]), true)
		if sp.Key == Unknown.Key {
			continue
		}
		k := fold(surname(m[1]))
		if prev, ok := out[k]; ok && prev.Key != sp.Key {
			clash[k] = true
		}
		out[k] = sp
	}
	for k := range clash {
		delete(out, k)
	}
	return out
}

// continues reports whether a paragraph's first sentence carries on the
// turn of cur: it refers to the speaker (reported.continues: "He added",
// "Turning to X, she said", "Her delegation") or names it or its group.
func (lx *Lexicon) continues(sent string, cur *Segment) bool {
	if lx.reported.continuesRe.MatchString(sent) {
		return true
	}
	for _, m := range lx.g.FindAll(sent) {
		if k := m.Speaker.Key; k == cur.Speaker.Key || k != "" && k == cur.OnBehalfOf {
			return true
		}
	}
	return false
}

// appositiveGroup is a group an opener's appositive names.
var appositiveGroup = lazyre.New(`(?i),\s+(?:speaking\s+)?(?:on\s+behalf\s+of|for)\s+(?:the\s+)?([^,]{2,80}),`)

// speakerRef refers to the speaker of the turn a sentence is in.
var speakerRef = lazyre.New(`(?i)\b(?:he|she|his|her)\b`)

// paraNumberOnly is a paragraph's number as a sentence of its own.
var paraNumberOnly = lazyre.New(`^\s*\(?\d{1,3}[.)]\s*$`)

// reportedSpeaker resolves an opener's speaker part: a chair title, a
// State, group, body or office the gazetteer knows, the first of several
// ("CUBA and IRAN questioned": Cuba), the first one an office names ("Ms.
// Lee, Director at the Ministry of Foreign Affairs of the Republic of
// Korea"); if orgs, else a name of capitalised words, an organisation
// ("the representative of Access Now"). Unknown if none.
func (lx *Lexicon) reportedSpeaker(sp string, orgs bool) Speaker {
	if lx.isChairTitle(sp) {
		return chairSpeaker
	}
	if s, ok := lx.g.Lookup(sp); ok {
		if s.Role == RoleChair {
			return chairSpeaker
		}
		return s
	}
	if i := severalNames.FindStringIndex(sp); i != nil {
		if s, ok := lx.g.Lookup(sp[:i[0]]); ok && s.Role != RoleChair {
			return s
		}
	}
	if ms := lx.g.FindAll(sp); len(ms) > 0 && ms[0].Speaker.Role != RoleChair {
		return ms[0].Speaker
	}
	if orgs {
		if name, ends, ok := lx.orgName(sp); ok && ends && len(name) >= len(strings.TrimPrefix(strings.TrimPrefix(sp, "the "), "The ")) {
			return Speaker{Key: keyOf(name), Name: name, Role: RoleStakeholder}
		}
		// An office at an organisation: "a researcher at the CyberPeace
		// Institute".
		for _, m := range officeAt.Re().FindAllStringSubmatchIndex(sp, -1) {
			if name, _, ok := lx.orgName(sp[m[2]:]); ok {
				return Speaker{Key: keyOf(name), Name: name, Role: RoleStakeholder}
			}
		}
	}
	return Unknown
}

// officeAt is where an office names its organisation.
var officeAt = lazyre.New(`\b(?:at|of|from|with|for)\s+(\p{Lu})`)

// memberStates is what stands around a group named by its members.
var memberStates = lazyre.New(`(?i)^(?:the\s+)?member\s+states\s+of\s+(?:the\s+)?|\s+member\s+states$`)

// lookupWithAcronym resolves a name, or its acronym in brackets after it
// ("the Association of Southeast Asian Nations (ASEAN)").
func (lx *Lexicon) lookupWithAcronym(name string) (Speaker, bool) {
	if s, ok := lx.g.Lookup(name); ok {
		return s, true
	}
	// "the member States of CARICOM", "ASEAN Member States"
	if n := memberStates.ReplaceAllString(name, ""); n != name {
		if s, ok := lx.g.Lookup(n); ok {
			return s, true
		}
	}
	if i := strings.IndexByte(name, '('); i > 0 {
		if s, ok := lx.g.Lookup(strings.TrimSpace(name[:i])); ok {
			return s, true
		}
		return lx.g.Lookup(strings.Trim(name[i:], "() "))
	}
	return Speaker{}, false
}

// severalNames ends the first of several speakers named together.
var severalNames = lazyre.New(`(?i)\s*(?:,|\band\b|\bwith\b|\balong\s+with\b|\btogether\s+with\b)`)

// reportedSentence is one sentence of a reported text, and what opens or
// ends there.
type reportedSentence struct {
	start, end int // in the text
	para       int // the paragraph's index
	open       *label
	ends       bool // no one's: it ends the turn before it
	heading    bool
}

// readReported splits the paragraphs into sentences and reads the
// openers.
func (lx *Lexicon) readReported(text string, paras []para) []reportedSentence {
	var sents []reportedSentence
	// persons are the people the record introduced, by folded surname.
	persons := lx.introductions(text)
	for pi, p := range paras {
		s := text[p.start:p.end]
		if isHeading(s) {
			sents = append(sents, reportedSentence{start: p.start, end: p.end, para: pi, heading: true})
			continue
		}
		number := -1 // the start of a paragraph number the splitter cut off ("12.")
		for si, sp := range SplitSentences(s) {
			if paraNumberOnly.MatchString(s[sp.Start:sp.End]) {
				number = sp.Start
				continue
			}
			first := si == 0 || si == 1 && number >= 0
			rs := reportedSentence{start: p.start + sp.Start, end: p.start + sp.End, para: pi}
			if number >= 0 {
				rs.start, number = p.start+number, -1
			}
			sent := text[rs.start:rs.end]
			lab, ok := lx.reportedOpener(sent)
			if ok && lab.person != "" {
				if lab.open {
					lab.speaker, ok = persons[fold(surname(lab.person))]
					lab.open, lab.chair = false, lab.speaker.Role == RoleChair
				} else {
					persons[fold(surname(lab.person))] = lab.speaker
				}
			}
			if ok {
				rs.open = &lab
			} else if t := strings.TrimSpace(sent); (first || !speakerRef.MatchString(t)) && (lx.reported.endsRe.MatchString(t) || lx.notesRe.MatchString(t)) {
				// NOTE: inside a paragraph, "Some delegations had drawn
				// parallels with X, he noted" is the speaker's account
				// of others; "Another delegation, however, expressed
				// the view …" is another's turn.
				rs.ends = true
			}
			sents = append(sents, rs)
		}
	}
	return sents
}

// openerWindow is how far into a sentence an opener may reach.
const openerWindow = 480

// leadingSentence cuts s after its first sentence: a stop after a word of
// three letters or more (not "Mr." nor "U.S."), then a space.
func leadingSentence(s string) string {
	letters := 0
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case (r == '.' || r == '!' || r == '?') && letters >= 3 && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\n'):
			return s[:i+1]
		default:
			letters = 0
		}
	}
	return s
}

// looksReported reports whether a text without labels is meeting
// coverage: three paragraphs of its first 200 that open with an opener,
// or two that name two speakers; headed (a header named a speaker),
// three that name three speakers: a statement reports no three others
// turn by turn.
//
// NOTE: only paragraphs' starts are read, not every sentence: every
// statement and paper goes through this (a sentence split and the
// openers on each sentence made a statement's attribution six times
// slower).
func (lx *Lexicon) looksReported(text string, paras []para, headed bool) bool {
	if len(lx.reported.openRes) == 0 {
		return false
	}
	opened := 0
	seen := map[string]bool{}
	for i, p := range paras {
		if i >= 200 {
			break
		}
		lab, ok := lx.reportedOpener(text[p.start:p.end])
		if !ok || lab.open {
			continue
		}
		opened++
		seen[lab.speaker.Key] = true
		if headed && opened >= 3 && len(seen) >= 3 || !headed && (opened >= 3 || opened >= 2 && len(seen) >= 2) {
			return true
		}
	}
	return false
}

// reportedNote is every reported segment's note.
const reportedNote = "reported speech: the words are the record's account of the speaker, not the speaker's own"

// segmentReported makes the turns of meeting coverage: each opener starts
// the turn of whom it names, the sentences after it continue that turn
// (across paragraphs) until the next opener, a heading or a sentence that
// is no one's. What comes before the first opener (the headline, the
// summary) is no one's.
func (lx *Lexicon) segmentReported(text string, paras []para) []Segment {
	sents := lx.readReported(text, paras)
	var segs []Segment
	var cur *Segment
	curStart, curPara := 0, -1
	flush := func() {
		if cur != nil {
			segs = append(segs, *cur)
			cur = nil
		}
	}
	add := func(rs reportedSentence) {
		cur.Text = text[curStart:rs.end] // across paragraphs, blank lines and all
		cur.Sentences = append(cur.Sentences, Span{rs.start - curStart, rs.end - curStart})
		curPara = rs.para
	}
	start := func(rs reportedSentence, sp Speaker) *Segment {
		flush()
		cur = &Segment{Speaker: sp, Attribution: AttributionNone}
		curStart, curPara = rs.start, rs.para
		cur.Text = text[rs.start:rs.end]
		cur.Sentences = []Span{{0, rs.end - rs.start}}
		return cur
	}
	for _, rs := range sents {
		switch {
		case rs.open != nil:
			s := start(rs, rs.open.speaker)
			s.Attribution, s.AttributionEvidence, s.OnBehalfOf = AttributionLabel, rs.open.text, rs.open.group
			s.Reported, s.Notes = true, []string{reportedNote}
		case rs.heading || rs.ends:
			start(rs, Unknown)
			flush()
		case cur == nil:
			start(rs, Unknown)
		case cur.Speaker.Key == Unknown.Key && rs.para != curPara:
			// The record's own summary: a paragraph of its own.
			start(rs, Unknown)
		case rs.para != curPara && !lx.continues(text[rs.start:rs.end], cur):
			// A paragraph that neither opens a turn nor refers to the
			// speaker ("As delegates filed out, …"): the record's own.
			start(rs, Unknown)
		default:
			add(rs)
		}
	}
	flush()
	return segs
}
