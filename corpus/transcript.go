package corpus

import (
	"github.com/oewg/oewg/internal/lazyre"

	"strings"
	"unicode"
	"unicode/utf8"
)

// para is a paragraph of a text: a run of non-blank lines, as a byte span.
type para struct{ start, end int }

// paragraphs splits text at blank lines.
func paragraphs(text string) []para {
	var out []para
	start := -1
	pos := 0
	for pos <= len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		end := len(text)
		if nl >= 0 {
			end = pos + nl
		}
		blank := strings.TrimSpace(text[pos:end]) == ""
		if !blank && start < 0 {
			start = pos
		}
		if blank && start >= 0 {
			out = append(out, para{start, trimEnd(text, start, pos)})
			start = -1
		}
		if nl < 0 {
			break
		}
		pos = end + 1
	}
	if start >= 0 {
		out = append(out, para{start, trimEnd(text, start, len(text))})
	}
	return out
}

func trimEnd(text string, start, end int) int {
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return end
}

// label is a speaker label, parsed by one of the lexicon's grammars.
type label struct {
	// speaker is whom the label names; Unknown while a person or an
	// anonymous voice is still to be resolved.
	speaker Speaker
	// grammar is the name of the grammar that read it.
	grammar string
	// text is the label as written: the attribution evidence.
	text string
	// person is a person's name the label gives ("Ayaka Suzuki").
	person string
	// group is the key of the group the label says the speaker speaks for.
	group string
	// anon is the folded id of an anonymous voice ("speaker 3").
	anon string
	// chair is true when the label names the chair by title or name.
	chair bool
	// open is true when the speaker is still to be found (a person the
	// lexicon does not know, an anonymous voice, an unnamed caption).
	open bool
}

// markup is what a line label may be wrapped in: **bold**, # headings,
// list bullets.
var markup = lazyre.New(`^[\s#>*_\-–•]*|[\s*_]*$`)

// parseLine reports whether a whole line is a speaker label.
func (lx *Lexicon) parseLine(line string) (label, bool) {
	if len(line) > 200 {
		return label{}, false
	}
	l := markup.ReplaceAllString(line, "")
	if l == "" || len(l) > 160 || len(strings.Fields(l)) > 16 {
		return label{}, false
	}
	if strings.ContainsAny(l[len(l)-1:], ".?!,;") && !strings.HasSuffix(l, "Amb.") {
		return label{}, false
	}
	lower := strings.ToLower(l)
	for _, lg := range lx.labels {
		if lg.Form != FormLine || !(part{lits: lg.lits}).may(lower) {
			continue
		}
		m := lg.Pattern.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if lab, ok := lx.resolveLabel(lg, m, l); ok {
			return lab, true
		}
	}
	return label{}, false
}

// parseInline reports whether a line starts with an inline label, and
// where the speech after it starts.
func (lx *Lexicon) parseInline(line string) (label, int, bool) {
	// A list item or a numbered paragraph of notes: "- Russia: could not
	// go along …", "2. CHAIR: opened with …".
	bullet := len(listMarker.FindString(line))
	lab, end, ok := lx.parseInlineAt(line[bullet:])
	return lab, bullet + end, ok
}

// listMarker is a list bullet or a paragraph number before a label.
var listMarker = lazyre.New(`^\s*(?:[-–•*]\s+|\(?\d{1,3}[.)]\s+)`)

func (lx *Lexicon) parseInlineAt(line string) (label, int, bool) {
	if len(line) > inlineLabelMaxBytes {
		// A label is short: only the line's start is read.
		cut := inlineLabelMaxBytes
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		line = line[:cut]
	}
	lower := strings.ToLower(line)
	for _, lg := range lx.labels {
		if lg.Form != FormInline || !(part{lits: lg.lits}).may(lower) {
			continue
		}
		m := lg.Pattern.FindStringSubmatchIndex(line)
		if m == nil || m[1] >= len(line) {
			continue
		}
		parts := make([]string, len(m)/2)
		for i := range parts {
			if m[2*i] >= 0 {
				parts[i] = line[m[2*i]:m[2*i+1]]
			}
		}
		if lab, ok := lx.resolveLabel(lg, parts, strings.TrimSpace(line[:m[1]])); ok {
			return lab, m[1], true
		}
	}
	return label{}, 0, false
}

// inlineLabelMaxBytes bounds how far into a line an inline label may reach.
const inlineLabelMaxBytes = 240

// resolveLabel turns a grammar's match into a label, if its speaker
// resolves: a State, group, body or office, a chair title, an anonymous
// voice or a person.
func (lx *Lexicon) resolveLabel(lg LabelGrammar, m []string, text string) (label, bool) {
	part := func(name string) string {
		if i := lg.Pattern.SubexpIndex(name); i > 0 && i < len(m) {
			return strings.TrimSpace(strings.Trim(strings.TrimSpace(m[i]), "*_"))
		}
		return ""
	}
	sp, person, function, group := part("speaker"), part("person"), part("function"), part("group")
	lab := label{grammar: lg.Name, text: strings.TrimSuffix(strings.TrimSpace(text), ":"), person: person, speaker: Unknown}
	if group != "" {
		if s, ok := lx.g.Lookup(group); ok {
			lab.group = s.Key
		} else {
			lab.group = keyOf(group)
		}
	}
	if sp == "" && person == "" {
		// An unnamed new speaker (">>" in captions).
		lab.open = true
		return lab, true
	}
	s, known := lx.g.Lookup(sp)
	if !known && sp != "" && !lx.isChairTitle(sp) {
		// "THE PRESIDENT (interpretation from French)", "Chair, Ambassador
		// Smith": a note after the name, or a name after an office; a
		// meeting platform's display name, "Kenya - Jane Doe",
		// "Kenya_Jane Doe", "Jane Doe (Kenya)".
		if i := displaySep.FindStringIndex(sp); i != nil && i[0] > 0 {
			head, tail := strings.TrimSpace(sp[:i[0]]), strings.Trim(strings.TrimSpace(sp[i[0]:]), "()_,-– ")
			if lx.isChairTitle(head) || lx.anonRe.MatchString(head) {
				sp = head
			} else if hs, ok := lx.g.Lookup(head); ok {
				sp, s, known = head, hs, true
			} else if ts, ok := lx.g.Lookup(tail); ok && displayName.MatchString(head) && person == "" {
				sp, s, known = tail, ts, true
				person, lab.person = head, head
			}
			if person == "" && lx.personRe.MatchString(tail) {
				person, lab.person = tail, tail
			}
		}
	}
	if !known && sp != "" && !lx.isChairTitle(sp) {
		// "OEWG Chair", "IAHWG Co-Chair": a chair title after the body's
		// name; "UK Delegation", "Kenya Mission": a State's team.
		if m := teamSuffix.FindStringSubmatchIndex(sp); m != nil {
			if hs, ok := lx.g.Lookup(sp[:m[0]]); ok && hs.Role == RoleDelegation {
				sp, s, known = sp[:m[0]], hs, true
			}
		} else if i := strings.LastIndexByte(sp, ' '); i > 0 && lx.isChairTitle(sp[i+1:]) {
			// NOTE: the body's name must be one: an acronym or a body
			// the lexicon knows ("Thank you, Chair" is no label).
			if hs, ok := lx.g.Lookup(sp[:i]); ok && hs.Role != RoleDelegation || !ok && acronym.MatchString(sp[:i]) {
				sp = sp[i+1:]
			}
		}
	}
	switch {
	case sp != "" && lx.isChairTitle(sp), known && s.Role == RoleChair:
		lab.chair = true
	case function != "" && lx.isChairTitle(function) && !(known && s.Role == RoleDelegation):
		lab.chair = true
	case lx.isChairPerson(sp) || (person != "" && lx.isChairPerson(person)):
		lab.chair = true
	case sp != "" && lx.isAnonymous(sp):
		lab.anon, lab.open = fold(sp), true
	case known:
		lab.speaker = s
		// "UN Secretariat | Ayaka Suzuki | Director, EOSG": the office in
		// the function is more precise than the Secretariat at large.
		if s.Role == RoleSecretariat && function != "" {
			for _, m := range lx.g.FindAll(function) {
				if m.Speaker.Role == RoleSecretariat && m.Speaker.Key != s.Key {
					lab.speaker = m.Speaker
					break
				}
			}
		}
	case sp != "" && lx.personRe.MatchString(sp):
		lab.person, lab.open = sp, true
	case sp == "" && person != "":
		lab.open = true
	case function != "":
		// "GA | Annalena Baerbock | PGA": the office may be in the function.
		if s, ok := lx.g.Lookup(function); ok && s.Role != RoleDelegation && s.Role != RoleChair {
			lab.speaker = s
		} else {
			// An organisation the lexicon does not know: a stakeholder,
			// never a State.
			lab.speaker = Speaker{Key: keyOf(sp), Name: sp, Role: RoleStakeholder}
		}
	default:
		return label{}, false
	}
	if lab.chair {
		lab.speaker = chairSpeaker
	}
	if lab.group == lab.speaker.Key {
		lab.group = ""
	}
	return lab, true
}

// displaySep ends the name in a label that has a note, a person or an
// office after it: "(", ",", or a display name's " - " or "_".
var displaySep = lazyre.New(`[(,]|\s+[-–]\s+|_`)

// displayName is a person's name as a meeting platform shows it, without
// a title: "Jane Doe", "João da Silva".
var displayName = lazyre.New(`^\p{Lu}[\p{L}'’.\-]+(?:\s+[\p{L}'’.\-]+){1,3}$`)

// acronym is a body's short name: OEWG, IAHWG, UNGA.
var acronym = lazyre.New(`^\p{Lu}{2,8}$`)

// teamSuffix is a State's team after its name: "UK Delegation", "Kenya
// Mission", "Brazil team".
var teamSuffix = lazyre.New(`(?i)\s+(?:delegation|mission|team)$`)

// keyOf makes a key of a name the gazetteer does not know: its words in
// capitals joined by underscores ("Project Starling" → PROJECT_STARLING).
func keyOf(name string) string {
	key := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return '_'
	}, strings.TrimSpace(name))
	for strings.Contains(key, "__") {
		key = strings.ReplaceAll(key, "__", "_")
	}
	return strings.Trim(key, "_")
}

func (lx *Lexicon) isChairTitle(s string) bool {
	f := fold(s)
	f = strings.TrimPrefix(f, "mr ")
	f = strings.TrimPrefix(f, "madam ")
	return lx.chairTitles[f]
}

func (lx *Lexicon) isAnonymous(s string) bool { return lx.anonRe.MatchString(strings.TrimSpace(s)) }

// chairSpeaker is the chair, whoever holds the office.
var chairSpeaker = Speaker{Key: "CHAIR", Name: "Chair", Role: RoleChair}

// designee is whom a chair gives the floor to.
type designee struct {
	speaker Speaker
	// person is the person named, if any ("Ms. Ayaka Suzuki").
	person string
	// chair is true when the floor goes to the chair or a co-chair;
	// coChair when the words say a co-chair ("my co-chair"), which only a
	// chair can say.
	chair, coChair bool
	// evidence is the chair's sentence.
	evidence string
}

// handOver returns whom a chair's paragraph gives the floor to: the last
// one it names, so that a correction ("Bangladesh, please. Sorry, my
// apologies … So, it's the Russian Federation now, please.") wins, unless
// a later sentence says that speaker is not there.
func (lx *Lexicon) handOver(text string) (designee, bool) {
	return lx.handOverIn(text, SplitSentences(text))
}

// handOverIn is handOver over the text's sentences; of a long text only
// the edges are read (see edgeHead).
func (lx *Lexicon) handOverIn(text string, sents []Span) (designee, bool) {
	var last designee
	found := false
	for i, sp := range sents {
		if i >= edgeHead && i < len(sents)-edgeTail {
			continue
		}
		sent := text[sp.Start:sp.End]
		if found && lx.absentRe.MatchString(sent) && lx.namesSpeaker(sent, last.speaker) {
			found = false
			continue
		}
		clean := sent
		clean = lx.laterRe.ReplaceAllString(clean, "")
		if d, ok := lx.sentenceHandOver(clean); ok {
			d.evidence = strings.TrimSpace(sent)
			last, found = d, true
		}
	}
	return last, found
}

// tail returns the last n bytes of s, from a rune boundary: patterns that
// end at $ read only what is near the name.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

func (lx *Lexicon) namesSpeaker(sent string, s Speaker) bool {
	for _, m := range lx.g.FindAll(sent) {
		if m.Speaker.Key == s.Key {
			return true
		}
	}
	return false
}

func (lx *Lexicon) sentenceHandOver(sent string) (designee, bool) {
	var last designee
	at := -1
	// "I give the floor now to X", "So, it's X now, please".
	for _, loc := range lx.beforeAny.FindAllStringIndex(sent) {
		floor := strings.Contains(strings.ToLower(sent[loc[0]:loc[1]]), "floor")
		if d, ok := lx.floorTarget(sent[loc[1]:], floor); ok && loc[1] > at {
			last, at = d, loc[1]
		}
	}
	// NOTE: weak phrases ("it's Chile now") are read in short sentences
	// only: in a speech they are everywhere.
	for _, loc := range weakIn(lx, sent) {
		// NOTE: after a weak phrase the name must stand alone ("it's Chile
		// now, please"), so that "it is US Member States that…" is none.
		rest := sent[loc[1]:]
		if s, n, ok := lx.g.matchPrefix(rest, lx.intro, false); ok && loc[1] > at && s.Role != RoleChair && nameEnds.MatchString(rest[n:]) {
			last, at = designee{speaker: s}, loc[1]
		}
	}
	// A name is a hand-over only with "please" and the like after it, or
	// alone in a short sentence ("Nicaragua."): most sentences have
	// neither, and are not searched for names.
	if !lx.afterRe.mayAny(sent) && !lx.hoPromptM.mayAny(sent) && len(sent) > 60 {
		return last, at >= 0
	}
	// "ICT4Peace, you have the floor.": an organisation the gazetteer does
	// not know, opening the sentence, with the words after a name.
	if name, _, ok := lx.orgName(sent); ok && at < 0 {
		i := strings.Index(sent, name) + len(name)
		if lx.afterRe.MatchString(sent[i:]) {
			last, at = lx.orgDesignee(name), 0
		}
	}
	for _, m := range lx.g.FindAll(sent) {
		if m.Speaker.Role == RoleChair || m.Start <= at {
			continue
		}
		before, after := sent[:m.Start], sent[m.End:]
		if lx.notRe.MatchString(tail(before, 120)) {
			continue
		}
		rest := strings.TrimSpace(after)
		switch {
		case lx.afterRe.MatchString(after):
			// "X, please." "X, you have the floor."
		case lx.hoPrompt != nil && lx.hoPrompt.MatchString(before) && (rest == "" || rest == "." || rest == "!"):
			// "Please, X."
		case strings.TrimSpace(strings.Trim(strings.TrimSpace(before), "\"“”'—–-")) == "" && (rest == "." || rest == "" || rest == "?" || strings.HasPrefix(strings.ToLower(rest), "first")):
			// A name alone: "Nicaragua." "Latvia first."
		default:
			continue
		}
		last, at = designee{speaker: m.Speaker}, m.Start
	}
	return last, at >= 0
}

// weakSentenceMaxBytes is the longest sentence read for weak hand-overs.
const weakSentenceMaxBytes = 160

func weakIn(lx *Lexicon, sent string) [][]int {
	if len(sent) > weakSentenceMaxBytes {
		return nil
	}
	return lx.weakAny.FindAllStringIndex(sent)
}

// floorTarget reads whom the floor goes to from the words after a
// hand-over verb: a name, a co-chair, or a person with a title; after
// "the floor to", also a name garbled by speech recognition or the first
// name further on in the clause.
func (lx *Lexicon) floorTarget(rest string, floor bool) (designee, bool) {
	if coChairWords.MatchString(rest) {
		return designee{speaker: chairSpeaker, chair: true, coChair: true}, true
	}
	if s, _, ok := lx.g.matchPrefix(rest, lx.intro, true); ok {
		if s.Role == RoleChair {
			return designee{speaker: chairSpeaker, chair: true}, true
		}
		return designee{speaker: s}, true
	}
	// A person: "Ms. Ayaka Suzuki, Director in the Executive Office of the
	// Secretary-General".
	if loc := personStart.FindStringIndex(rest); loc != nil && lx.personRe.MatchString(strings.TrimSpace(rest[:loc[1]])) {
		name := strings.TrimRight(strings.TrimSpace(rest[:loc[1]]), ".")
		return lx.personDesignee(name, rest[loc[1]:]), true
	}
	if !floor {
		return designee{}, false
	}
	if s, ok := lx.g.fuzzyPrefix(rest, lx.intro); ok {
		return designee{speaker: s}, true
	}
	if name, ends, ok := lx.orgName(rest); ok && ends {
		return lx.orgDesignee(name), true
	}
	// "the floor to the final speaker for today, the distinguished
	// representative of Chile": the first name in the clause.
	clause := rest
	if i := strings.IndexAny(clause, ".;?!"); i >= 0 {
		clause = clause[:i]
	}
	for _, m := range lx.g.FindAll(clause) {
		if m.Speaker.Role != RoleChair && !lx.notRe.MatchString(tail(clause[:m.Start], 120)) {
			return designee{speaker: m.Speaker}, true
		}
	}
	return designee{}, false
}

// orgWord is a word of an organisation's name: capitalised, or with a
// digit ("ICT4Peace", "5G"), or an ampersand.
var orgWord = lazyre.New(`^(?:\p{Lu}[\p{L}\p{N}'’&.-]*|\p{N}+\p{L}[\p{L}\p{N}-]*|&)$`)

// orgName reads the name of an organisation the gazetteer does not know
// at the start of s (after "the"): capitalised words, with "of", "for",
// "and", "on", "the", "in" between them, up to six ("Access Now", "the
// ICT4Peace Foundation", "Cybersecurity Tech Accord"); ends reports that
// punctuation or the end of s follows it. A
// first word of handover.org_not names none.
func (lx *Lexicon) orgName(s string) (name string, ends, ok bool) {
	s = strings.TrimLeft(s, " \t")
	if strings.HasPrefix(strings.ToLower(s), "the ") {
		s = s[4:]
	}
	end, words := 0, 0
	i := 0
	for i < len(s) && words < 8 {
		j := i
		for j < len(s) && !strings.ContainsRune(" \t\n,.;:!?()", rune(s[j])) {
			j++
		}
		w := s[i:j]
		if w == "" {
			break
		}
		low := strings.ToLower(w)
		connector := low == "of" || low == "for" || low == "and" || low == "on" || low == "the" || low == "in"
		switch {
		case words == 0 && (connector || lx.orgNot[low] || lx.isTitle(w) || !orgWord.MatchString(w)):
			return "", false, false
		case connector:
		case orgWord.MatchString(w):
			end = j
		default:
			j = len(s) // a lower-case word ends the name
		}
		words++
		if j >= len(s) || s[j] != ' ' {
			break
		}
		i = j + 1
	}
	if end == 0 || words > 6 {
		return "", false, false
	}
	if len(lx.g.FindAll(s[:end])) > 0 {
		return "", false, false // a name the gazetteer knows
	}
	rest := strings.TrimLeft(s[end:], " ")
	return s[:end], rest == "" || strings.ContainsRune(",.;:!?", rune(rest[0])), true
}

// orgDesignee is the speaker a name the gazetteer does not know stands
// for: a known one garbled by speech recognition ("Liechtensteinstein"),
// else an organisation, a stakeholder keyed by its name.
func (lx *Lexicon) orgDesignee(name string) designee {
	if s, ok := lx.g.fuzzyPrefix(name, lx.intro); ok {
		return designee{speaker: s}
	}
	// A known name with a stutter of the recogniser after it.
	for n := len(name) - 1; n >= 4; n-- {
		if s, ok := lx.g.Lookup(name[:n]); ok && utf8.RuneStart(name[n]) {
			return designee{speaker: s}
		}
	}
	return designee{speaker: Speaker{Key: keyOf(name), Name: name, Role: RoleStakeholder}}
}

// isTitle reports whether w is one of the person titles (person_titles).
func (lx *Lexicon) isTitle(w string) bool {
	w = strings.TrimSuffix(w, ".")
	for _, t := range lx.titles {
		if strings.EqualFold(strings.TrimSuffix(t, "."), w) {
			return true
		}
	}
	return false
}

// coChairWords start the words after a hand-over verb that give the floor
// to a co-chair.
var coChairWords = lazyre.New(`(?i)^(?:my|our)\s+(?:fellow\s+|dear\s+|esteemed\s+)?co[-\s]?chair`)

// personDesignee is whom a person given the floor speaks for, read from the
// words after the name: an office or organisation named there (never one
// the person formerly served); a State only when it follows the name at
// once ("Ambassador Ali of Kenya"); else the organisation after "of"; else
// the person, as a stakeholder.
func (lx *Lexicon) personDesignee(name, tail string) designee {
	if i := strings.IndexAny(tail, ".;"); i >= 0 {
		tail = tail[:i]
	}
	d := designee{person: name, speaker: Unknown}
	org := ofOrg.FindStringSubmatchIndex(tail)
	for _, m := range lx.g.FindAll(tail) {
		if m.Speaker.Role == RoleChair || formerly.MatchString(tail[:m.Start]) {
			continue
		}
		if m.Speaker.Role == RoleDelegation && len(strings.Fields(tail[:m.Start])) > 2 && !officeOf.MatchString(tail[:m.Start]) {
			continue
		}
		if org != nil && org[2] < m.Start && org[3] <= m.Start {
			break // "co-founder of Project Starling … within the Secretariat"
		}
		d.speaker = m.Speaker
		return d
	}
	if org != nil {
		name := tail[org[2]:org[3]]
		if s, ok := lx.g.Lookup(name); ok && s.Role != RoleChair {
			d.speaker = s
		} else {
			d.speaker = Speaker{Key: keyOf(name), Name: name, Role: RoleStakeholder}
		}
	} else {
		d.speaker = Speaker{Key: keyOf(name), Name: name, Role: RoleStakeholder}
	}
	return d
}

var (
	// nameEnds is what may follow a name that stands alone.
	nameEnds = lazyre.New(`(?i)^\s*(?:[,.;:!?]|now\b|please\b|first\b|$)`)
	// officeOf is an office held for a State, right before its name:
	// "Permanent Representative of", "Ambassador of".
	officeOf = lazyre.New(`(?i)\b(?:representative|ambassador|delegate|delegation|minister|envoy|mission)\s+(?:\S+\s+){0,3}?(?:of|from|for)\s+(?:the\s+)?$`)
	// formerly before a name in a person's description: "former Permanent
	// Representative of Kenya" says nothing of whom the person speaks for.
	formerly = lazyre.New(`(?i)\b(?:former|formerly|ex-|previously)\s+(?:\S+\s+){0,4}$`)
	// personStart is a title and the capitalised words of a name.
	personStart = lazyre.New(`^(?:(?:the\s+)?(?:H\.?\s?E\.?|His\s+Excellency|Her\s+Excellency)\s+)?\p{L}+\.?(?:\s+\p{Lu}[\p{L}'’\-.]*)+`)
	// ofOrg is the organisation a person speaks for: "co-founder of Project
	// Starling".
	ofOrg = lazyre.New(`\b(?:of|from|at)\s+(?:the\s+)?(\p{Lu}[\p{L}'’\-]*(?:\s+(?:\p{Lu}[\p{L}'’\-]*|of|for|and|the))*)`)
)

// interjectionMaxWords is the longest remark from the floor that may be an
// interjection rather than a statement.
const interjectionMaxWords = 30

var mic = lazyre.New(`(?i)\b(?:mic|microphone|hear\s+me|can\s+you\s+hear)\b`)

// transcriptNote lines precede the first speaker: title, process, a note.
var transcriptNote = lazyre.New(`(?i)^\s*(?:this\s+is\s+an?\s+unofficial\s+transcript|unofficial\s+transcript|\(oewg[^)]*\)|oewg(?:\s+\d{4}\s*[-–]\s*\d{2,4})?|session\s+\d+\s*[-–.]\s*\d+\s+transcript.*)\s*$`)

// allLines reports whether every line of s matches re.
func allLines(s string, re *lazyre.Regexp) bool {
	for _, l := range strings.Split(s, "\n") {
		if !re.MatchString(l) {
			return false
		}
	}
	return true
}
