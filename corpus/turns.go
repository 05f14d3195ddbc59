package corpus

import (
	"github.com/oewg/oewg/internal/lazyre"

	"strings"
	"unicode"
	"unicode/utf8"
)

// tpara is a paragraph of a transcript read once into the model that the
// segmenter's passes work on.
type tpara struct {
	para
	// lab is the speaker label that starts the paragraph, if any; the
	// paragraph's span then starts after it (empty when the label stands
	// alone).
	lab *label
	// ho is whom the paragraph gives the floor to, if it does.
	ho *designee
	// act is a chair act ("is called to order") or a thanks to the last
	// speaker at its start; prompt is a short "Go ahead." after a
	// hand-over; addr is a speaker's "Thank you, Chair".
	act, thanks, prompt, addr bool
	// note is a record's note ("The meeting rose at 1 p.m."): nobody's
	// words.
	note bool
	// words counts the paragraph's words.
	words int
	// sents are the paragraph's sentences, relative to its start.
	sents []Span
	// lead is the paragraph's first sentence: the evidence when a chair
	// act starts the chair's turn.
	lead string
}

func (p *tpara) empty() bool { return p.end <= p.start }

// readTranscript reads a transcript's paragraphs into the model: labels
// (on a line of their own or inline), hand-overs, chair acts.
func (lx *Lexicon) readTranscript(text string, paras []para) []*tpara {
	var out []*tpara
	started := false
	for _, p := range lx.splitAtLabels(text, paras) {
		s := text[p.start:p.end]
		if first := firstLine(s); len(first) < 120 && lx.chromeRe.MatchString(first) {
			break // page chrome: what follows is not speech
		}
		first := firstLine(s)
		if lab, ok := lx.parseLine(first); ok {
			tp := &tpara{lab: &lab, para: para{p.end, p.end}}
			if len(first) < len(s) {
				tp.start = p.start + len(first) + 1
				for tp.start < p.end && (text[tp.start] == ' ' || text[tp.start] == '\n' || text[tp.start] == '\t' || text[tp.start] == '\r') {
					tp.start++
				}
			}
			out = append(out, tp)
			started = true
			continue
		}
		if lab, at, ok := lx.parseInline(first); ok {
			out = append(out, &tpara{lab: &lab, para: para{p.start + at, p.end}})
			started = true
			continue
		}
		if !started && (allLines(s, transcriptNote) || isHeading(s) && !lx.actsRe.MatchString(s)) {
			// The transcript's own header: its title, a note; not a
			// chair's unpunctuated first words ("good morning I give the
			// floor to Kenya" in automatic captions).
			continue
		}
		out = append(out, &tpara{para: p})
		started = true
	}
	out = lx.splitRunTogether(text, out)
	for _, tp := range out {
		if tp.empty() {
			continue
		}
		s := text[tp.start:tp.end]
		sents := tp.sents
		if d, ok := lx.handOverIn(s, sents); ok {
			tp.ho = &d
		}
		tp.act = lx.actsRe.MatchString(edges(s, sents))
		// NOTE: thanks and addresses are anchored at the start; as one
		// alternation the regexp no longer knows it, so it gets the head.
		head := s
		if len(s) > 300 {
			head = s[:strings.LastIndexByte(s[:300], ' ')+1]
		}
		tp.addr = lx.addrRe.MatchString(head)
		// "I thank you, Madam Chair" thanks the chair: a speaker's words.
		tp.thanks = !tp.addr && lx.thanksRe.MatchString(head)
		tp.words = countWords(s)
		tp.prompt = tp.words <= 12 && (tp.ho != nil || promptOnly.MatchString(s))
		tp.note = tp.words <= recordNoteMaxWords && lx.notesRe.MatchString(strings.TrimSpace(s))
		if len(sents) > 0 {
			tp.lead = strings.TrimSpace(s[sents[0].Start:sents[0].End])
		}
	}
	return out
}

// countWords counts the runs of non-space bytes in s.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// edges returns a long paragraph's first and last sentences, where a
// chair's acts stand; a short paragraph whole.
func edges(s string, sents []Span) string {
	if len(sents) <= edgeHead+edgeTail {
		return s
	}
	return s[:sents[edgeHead-1].End] + " " + s[sents[len(sents)-edgeTail].Start:]
}

// edgeHead and edgeTail are how many of a long paragraph's first and last
// sentences are read for the chair's words: a chair hands over at the start
// or the end of what it says, and a delegate's speech is long.
const edgeHead, edgeTail = 1, 3

// chairParaMaxWords is the longest paragraph after a hand-over that is
// still the chair's when it hands over again (a correction, "Sorry —
// Latvia first."); a longer one is the designee's speech, which may say
// "we call on Russia".
const chairParaMaxWords = 60

// startsLowerCase reports whether s starts with a lower-case letter.
func startsLowerCase(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// isHeading reports whether a paragraph is a title line: one short line
// with no sentence end ("Meeting record", "Session 1 | First meeting").
func isHeading(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "\n") || countWords(s) > 14 || startsLowerCase(s) {
		// NOTE: a title does not start in lower case; unpunctuated
		// speech recognition ("good morning distinguished delegates") does.
		return false
	}
	return !strings.ContainsAny(s[len(s)-1:], ".?!:;,")
}

// splitAtLabels cuts a paragraph before each of its lines (after the
// first) that starts with an inline label: live captions and many
// transcripts start every turn with ">> KENYA:" or "KENYA:" on a new line
// but leave no blank line between turns.
func (lx *Lexicon) splitAtLabels(text string, paras []para) []para {
	out := make([]para, 0, len(paras))
	for _, p := range paras {
		start := p.start
		for pos := p.start; pos < p.end; {
			nl := strings.IndexByte(text[pos:p.end], '\n')
			if nl < 0 {
				break
			}
			line := pos + nl + 1
			pos = line
			head := text[line:min(p.end, line+inlineLabelMaxBytes)]
			if !strings.HasPrefix(head, ">") && !strings.Contains(head, ":") {
				continue
			}
			if _, _, ok := lx.parseInline(firstLine(text[line:p.end])); ok {
				out = append(out, para{start, trimEnd(text, start, line)})
				start = line
			}
		}
		out = append(out, para{start, p.end})
	}
	return out
}

// splitRunTogether splits each unlabelled paragraph where a hand-over is
// followed by a sentence that addresses the chair ("India, please. Thank
// you, Mr. Chair. …"): the chair's words and the speech run together, as
// in a PDF whose paragraphs have no space between them or a transcript
// that does not break turns. It also splits every paragraph into its
// sentences, once.
func (lx *Lexicon) splitRunTogether(text string, tps []*tpara) []*tpara {
	out := make([]*tpara, 0, len(tps))
	for _, tp := range tps {
		if tp.empty() {
			out = append(out, tp)
			continue
		}
		s := text[tp.start:tp.end]
		sents := SplitSentences(s)
		cut := -1
		for i := 1; i < len(sents) && tp.lab == nil; i++ {
			// A hand-over is a short sentence; an address to the chair
			// starts the next one.
			if sents[i-1].End-sents[i-1].Start > 160 {
				continue
			}
			sent := s[sents[i].Start:sents[i].End]
			if len(sent) > 80 {
				sent = sent[:strings.LastIndexByte(sent[:80], ' ')+1]
			}
			if !lx.addrRe.MatchString(sent) {
				continue
			}
			if _, ok := lx.sentenceHandOver(lx.laterRe.ReplaceAllString(s[sents[i-1].Start:sents[i-1].End], "")); ok {
				cut = i
				break
			}
		}
		if cut < 0 {
			tp.sents = sents
			out = append(out, tp)
			continue
		}
		at := sents[cut].Start
		head := &tpara{para: para{tp.start, trimEnd(text, tp.start, tp.start+at)}, sents: sents[:cut]}
		rest := &tpara{para: para{tp.start + at, tp.end}}
		for _, sp := range sents[cut:] {
			rest.sents = append(rest.sents, Span{sp.Start - at, sp.End - at})
		}
		out = append(out, head, rest)
	}
	return out
}

// promptOnly is a chair's short nudge after a hand-over.
var promptOnly = lazyre.New(`(?i)^\W*(?:(?:please\W*)?go\s+ahead|please|the\s+floor\s+is\s+yours|you\s+have\s+the\s+floor|over\s+to\s+you|yes|ok(?:ay)?)\W*(?:please)?\W*$`)

// voice is one speaker as the text names it: a label's folded text, so that
// a person or an anonymous voice keeps one speaker across the document.
type voice struct {
	turns, acts int
	chair       bool
	// votes counts the speakers hand-overs gave this voice's turns.
	votes map[string]int
	byKey map[string]designee
}

// turn is one speaker's uninterrupted span of paragraphs.
type turn struct {
	speaker     Speaker
	chair       bool
	attribution string
	evidence    string
	group       string
	voice       string // the label's voice id, for consistency
	person      bool   // the floor was given to a person, not a State
	paras       []*tpara
	labelled    bool
	note        bool // a record's note (tpara.note)
}

// recordNoteMaxWords is the longest paragraph that may be a record's note.
const recordNoteMaxWords = 40

// segmentTranscript splits a transcript into attributed turns.
func (lx *Lexicon) segmentTranscript(text string, paras []para) []Segment {
	tps := lx.readTranscript(text, paras)
	voices := lx.findVoices(tps)
	turns := lx.walk(text, tps, voices)
	lx.settleVoices(turns, voices)
	return lx.segments(text, turns)
}

// voiceID is the id under which a label's person or anonymous voice is
// counted.
func voiceID(l *label) string {
	switch {
	case l.anon != "":
		return "anon:" + l.anon
	case l.person != "":
		return "person:" + fold(l.person)
	}
	return ""
}

// findVoices finds the chair among persons and anonymous voices by what
// they do: a voice most of whose turns hand the floor over or perform
// chair acts, at least twice, is the chair.
func (lx *Lexicon) findVoices(tps []*tpara) map[string]*voice {
	voices := map[string]*voice{}
	var cur *voice
	counted := false
	for _, tp := range tps {
		if tp.lab != nil {
			cur, counted = nil, false
			if id := voiceID(tp.lab); id != "" && tp.lab.speaker.Key == Unknown.Key && !tp.lab.chair {
				if voices[id] == nil {
					voices[id] = &voice{votes: map[string]int{}, byKey: map[string]designee{}}
				}
				cur = voices[id]
				cur.turns++
			}
		}
		if cur != nil && !counted && !tp.empty() && (tp.ho != nil || tp.act) {
			cur.acts++
			counted = true
		}
	}
	for _, v := range voices {
		v.chair = v.acts >= 2 && 2*v.acts >= v.turns
	}
	return voices
}

// walk gives every paragraph its speaker, in order: a label starts a turn;
// in a chair's turn, a paragraph after a hand-over starts the designee's
// turn; in a speaker's turn, a hand-over or a thanks to the speaker starts
// the chair's.
func (lx *Lexicon) walk(text string, tps []*tpara, voices map[string]*voice) []*turn {
	var turns []*turn
	persons := map[string]Speaker{} // folded person name or surname → speaker
	var cur *turn
	var pending *designee
	start := func(t *turn) {
		turns = append(turns, t)
		cur = t
	}
	chairTurn := func(evidence, how string) *turn {
		return &turn{speaker: chairSpeaker, chair: true, attribution: how, evidence: evidence}
	}
	for _, tp := range tps {
		if tp.note {
			// A record's note ends the turn before it and is nobody's;
			// what follows it is read as text before any label.
			start(&turn{speaker: Unknown, attribution: AttributionNone, note: true, paras: []*tpara{tp}})
			cur = nil
			continue
		}
		if tp.lab != nil {
			t := lx.labelTurn(tp, voices, persons, pending)
			// A label says who speaks now: an earlier hand-over is spent.
			pending = nil
			start(t)
			if tp.empty() {
				continue
			}
		} else if cur == nil {
			// Text before any label or hand-over: the chair's if it acts
			// like one, otherwise nobody's that the text names.
			if tp.act || tp.ho != nil {
				start(chairTurn(firstSentence(tp), AttributionHandover))
			} else {
				start(&turn{speaker: Unknown, attribution: AttributionNone})
			}
		} else if cur.chair {
			if pending != nil && !tp.prompt && !(tp.act || tp.ho != nil && tp.words <= chairParaMaxWords) && !greets(text[tp.start:tp.end], pending) {
				start(&turn{speaker: pending.speaker, chair: pending.chair, attribution: AttributionHandover, evidence: pending.evidence, person: pending.person != ""})
				if pending.chair {
					cur.speaker = chairSpeaker
				}
				pending = nil
			} else if pending == nil && tp.addr && !tp.act && tp.ho == nil && len(cur.paras) > 0 {
				// "Thank you, Chair" after the chair's words with no
				// hand-over: a speaker the text does not name.
				start(&turn{speaker: Unknown, attribution: AttributionNone})
			}
		} else if tp.ho != nil && tp.ho.speaker.Key == cur.speaker.Key && tp.prompt && !cur.labelled && len(turns) > 1 && turns[len(turns)-2].chair && len(cur.paras) <= 3 {
			// "…to the representative of Germany. We have 22 more
			// speakers. But Germany, the floor is yours.": the chair was
			// still speaking; the speaker starts after the prompt.
			prev := turns[len(turns)-2]
			prev.paras = append(append(prev.paras, cur.paras...), tp)
			cur.paras = nil
			continue
		} else if tp.ho != nil && cur.person && !cur.labelled && tp.ho.coChair {
			// A person given the floor who hands it to "my co-chair" is a
			// co-chair named by the other.
			cur.speaker, cur.chair, cur.person = chairSpeaker, true, false
		} else if tp.ho != nil && tp.ho.speaker.Key != cur.speaker.Key && len(cur.paras) > 0 && (strongHandOver(tp) || !cur.labelled) {
			// The chair's next hand-over, under the last speaker's label
			// or after an unlabelled speech.
			start(chairTurn(tp.ho.evidence, AttributionHandover))
		} else if !cur.labelled && len(cur.paras) > 0 && (tp.thanks || tp.act) {
			start(chairTurn(firstSentence(tp), AttributionHandover))
		}
		cur.paras = append(cur.paras, tp)
		if cur.chair && tp.ho != nil {
			d := *tp.ho
			pending = &d
			if d.person != "" && d.speaker.Key != Unknown.Key {
				persons[fold(d.person)] = d.speaker
				persons[surname(d.person)] = d.speaker
			}
		}
	}
	return turns
}

// greets reports whether a short paragraph after a hand-over to a person
// names the person: the chair greeting them ("It's good to see you,
// Martin."), not their speech.
func greets(p string, d *designee) bool {
	if d.person == "" || len(strings.Fields(p)) > 12 {
		return false
	}
	f := " " + fold(p) + " "
	for _, w := range strings.Fields(fold(d.person)) {
		if len(w) > 2 && !personTitleWord[w] && strings.Contains(f, " "+w+" ") {
			return true
		}
	}
	return false
}

// personTitleWord are folded titles that are no part of a name.
var personTitleWord = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "madam": true, "ambassador": true, "his": true, "her": true, "excellency": true, "professor": true, "prof": true}

// strongHandOver reports whether a paragraph gives the floor with a verb
// ("I give the floor to"), which a speaker's own words rarely do.
func strongHandOver(tp *tpara) bool {
	return tp.ho != nil && tp.act
}

// labelTurn starts a turn from a label.
func (lx *Lexicon) labelTurn(tp *tpara, voices map[string]*voice, persons map[string]Speaker, pending *designee) *turn {
	l := tp.lab
	t := &turn{speaker: l.speaker, chair: l.chair, attribution: AttributionLabel, evidence: l.text, group: l.group, labelled: true, voice: voiceID(l)}
	if l.speaker.Key != Unknown.Key && l.person != "" {
		persons[fold(l.person)] = l.speaker
		persons[surname(l.person)] = l.speaker
	}
	if !l.open || l.chair {
		return t
	}
	if v := voices[t.voice]; v != nil && v.chair {
		t.speaker, t.chair = chairSpeaker, true
		return t
	}
	if t.voice == "" && (tp.ho != nil || tp.act || tp.thanks) {
		// An unnamed new speaker (">>") who hands the floor over or
		// thanks the last speaker is the chair.
		t.speaker, t.chair = chairSpeaker, true
		return t
	}
	if l.person != "" {
		if s, ok := persons[fold(l.person)]; ok {
			t.speaker = s
			return t
		}
		if s, ok := persons[surname(l.person)]; ok {
			t.speaker = s
			return t
		}
	}
	if pending != nil {
		t.speaker, t.chair = pending.speaker, pending.chair
		t.attribution, t.evidence = AttributionHandover, pending.evidence
		if v := voices[t.voice]; v != nil {
			v.votes[pending.speaker.Key]++
			v.byKey[pending.speaker.Key] = *pending
		}
		return t
	}
	if l.person != "" && l.anon == "" {
		// A person named with no delegation: their own key, never a State.
		t.speaker = Speaker{Key: keyOf(l.person), Name: l.person, Role: RoleStakeholder}
	}
	return t
}

// surname is the last word of a person's folded name.
func surname(name string) string {
	ws := strings.Fields(fold(name))
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

// settleVoices gives every turn of an anonymous voice the one speaker the
// chair's hand-overs gave most of its turns, when they agree.
func (lx *Lexicon) settleVoices(turns []*turn, voices map[string]*voice) {
	for _, t := range turns {
		v := voices[t.voice]
		if v == nil || v.chair || len(v.votes) == 0 {
			continue
		}
		best, n, total := "", 0, 0
		for k, c := range v.votes {
			total += c
			if c > n || (c == n && k < best) {
				best, n = k, c
			}
		}
		if 3*n < 2*total || t.speaker.Key == best {
			continue
		}
		d := v.byKey[best]
		if t.speaker.Key != Unknown.Key && t.attribution == AttributionHandover {
			continue // this turn's own hand-over names someone else
		}
		t.speaker, t.attribution, t.evidence = d.speaker, AttributionHandover, d.evidence
	}
}

// segments makes the segments of the turns: interjections marked, the
// consistency pass run.
func (lx *Lexicon) segments(text string, turns []*turn) []Segment {
	var kept []*turn
	for _, t := range turns {
		var ps []*tpara
		for _, p := range t.paras {
			if !p.empty() {
				ps = append(ps, p)
			}
		}
		t.paras = ps
		if len(ps) > 0 {
			kept = append(kept, t)
		}
	}
	segs := make([]Segment, 0, len(kept))
	for i, t := range kept {
		start := t.paras[0].start
		body := text[start:t.paras[len(t.paras)-1].end]
		seg := Segment{Text: body, Speaker: t.speaker, OnBehalfOf: t.group, Attribution: t.attribution, AttributionEvidence: t.evidence}
		// NOTE: a blank line ends a sentence, so the segment's sentences
		// are its paragraphs', already split.
		for _, p := range t.paras {
			for _, sp := range p.sents {
				seg.Sentences = append(seg.Sentences, Span{p.start - start + sp.Start, p.start - start + sp.End})
			}
		}
		if t.chair {
			seg.Speaker = chairSpeaker
		}
		if !t.chair && !t.note && isInterjection(body, t, kept, i) {
			seg.Interjection = true
			if !t.labelled {
				// Who spoke from the floor is not said.
				seg.Speaker, seg.Attribution, seg.AttributionEvidence = Unknown, AttributionNone, ""
			}
		}
		if seg.Speaker.Key == Unknown.Key && seg.Attribution != AttributionLabel {
			seg.Attribution, seg.AttributionEvidence = AttributionNone, ""
		}
		segs = append(segs, seg)
	}
	return segs
}

// isInterjection reports whether a short remark from the floor is an aside
// ("My mic was off", "I think it was Bangladesh?") rather than a statement:
// short, followed by the chair, and either a question or about the
// microphone; a remark that neither a label nor a hand-over gave also when
// the chair answers it without handing the floor to anyone new. A short
// statement that was labelled or given the floor ("KOREA: We support
// gender-sensitive capacity building.") stays a statement.
func isInterjection(body string, t *turn, turns []*turn, i int) bool {
	if len(body) > 40*interjectionMaxWords || countWords(body) > interjectionMaxWords || i+1 >= len(turns) || !turns[i+1].chair {
		return false
	}
	if strings.HasSuffix(strings.TrimSpace(body), "?") || mic.MatchString(body) {
		return true
	}
	if t.labelled || t.attribution == AttributionHandover {
		// Given the floor, or labelled: a short statement.
		return false
	}
	for _, p := range turns[i+1].paras {
		if p.ho != nil {
			return false
		}
	}
	return true
}

func firstSentence(tp *tpara) string {
	if tp.ho != nil {
		return tp.ho.evidence
	}
	return tp.lead
}
