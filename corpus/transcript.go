package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// para is a paragraph of a text: a run of non-blank lines, as a byte span.
type para struct{ start, end int }

// paragraphs splits text at blank lines. A paragraph whose first line is a
// speaker label and that goes on is split after the label, so that labels
// written directly above the speech are found too.
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

// label is a speaker label: a short line naming who speaks next.
type label struct {
	speaker Speaker
	// person is true for a person's name ("Ambassador Gafoor") that the
	// gazetteer does not resolve; the chair is found among them by what
	// they say.
	person bool
	text   string
}

var (
	// personLabel is a person's name with a title, maybe followed by whom
	// they speak for: "Ambassador Gafoor", "Mr. Smith (Kenya)", "H.E. Mr.
	// Juan Pérez, Chile", "Ms. Lee of the Republic of Korea".
	personLabel = regexp.MustCompile(`^(?:H\.?\s?E\.?\s+)?(?:Ambassador|Amb\.|Mr\.?|Mrs\.?|Ms\.?|Madam|Dr\.?|Professor|Prof\.|Minister|Excellency)\s+\p{Lu}[\p{L}'’\-. (),]{1,70}$`)
	// inlineLabel is "KENYA: Thank you, Chair." on one line.
	inlineLabel = regexp.MustCompile(`^([\p{L}'’ .()\-]{2,60}?)\s*:\s+\S`)
)

// parseLabel reports whether line is a speaker label.
func parseLabel(line string, g *Gazetteer) (label, bool) {
	l := strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "*_#"))
	l = strings.TrimSpace(strings.TrimSuffix(l, ":"))
	if l == "" || len(l) > 80 || len(strings.Fields(l)) > 9 {
		return label{}, false
	}
	if strings.ContainsAny(l[len(l)-1:], ".?!,;") && !strings.HasSuffix(l, "Amb.") {
		return label{}, false
	}
	if IsChair(l) {
		return label{speaker: chairSpeaker, text: l}, true
	}
	if s, ok := g.Lookup(l); ok {
		return label{speaker: s, text: l}, true
	}
	if personLabel.MatchString(l) {
		// A person who names a delegation speaks for it.
		for _, m := range g.FindAll(l) {
			if m.Speaker.Role != RoleChair {
				return label{speaker: m.Speaker, text: l}, true
			}
		}
		return label{speaker: Unknown, person: true, text: l}, true
	}
	return label{}, false
}

// chairSpeaker is the chair, whoever holds the office.
var chairSpeaker = Speaker{Key: "CHAIR", Name: "Chair", Role: RoleChair}

// handOver finds whom the chair gives the floor to.
var (
	// followedBy is "to be followed by X": X speaks later, not next.
	followedBy = regexp.MustCompile(`(?i),?\s*(?:to\s+be\s+|and\s+then\s+)?followed\s+by\s+[^.,;?!]*`)
	// floorTo precedes the name: "I give the floor (now) to X".
	floorTo = regexp.MustCompile(`(?i)\b(?:(?:give|giving|keep|pass|passing|yield|turn|hand|open)\s+(?:now\s+)?(?:the\s+)?floor\s+(?:now\s+)?(?:over\s+)?to|(?:i|we)\s+(?:will\s+|shall\s+)?(?:now\s+)?(?:call\s+(?:up)?on|invite|recogni[sz]e)|floor\s+is\s+(?:now\s+)?(?:given|passed|yours,?)?\s*to|over\s+to|next\s+(?:speaker\s+|on\s+my\s+list\s+|on\s+the\s+list\s+)?is|it'?s|it\s+is|now\s+to)\s+`)
	// afterName follows the name: "X, please", "X, you have the floor".
	afterName = regexp.MustCompile(`(?i)^(?:\s+now)?(?:,\s*|\s+)(?:please\b|you\s+have\s+the\s+floor|the\s+floor\s+is\s+yours|go\s+ahead|are\s+you\s+(?:here|there|ready|online|with\s+us)|have\s+you\s+spoken|has\s+the\s+floor)`)
	// beforeName precedes a name at the end of a sentence: "Please, Iran."
	beforeName = regexp.MustCompile(`(?i)(?:^|[,;]\s*)(?:please|you\s+have\s+the\s+floor|the\s+floor\s+is\s+yours),?\s+$`)
	// notAHandOver precedes a name that is thanked or apologised to.
	notAHandOver = regexp.MustCompile(`(?i)(?:thank\s+you|thanks|apologies\s+to|sorry\s+to|is\s+that|was\s+it|believe|statement\s+by|behalf\s+of)\W*(?:the\s+)?(?:delegation\s+of\s+)?(?:the\s+)?$`)
)

// handOver returns the speaker a chair's paragraph gives the floor to: the
// last one it names, so that a correction ("Bangladesh, please. Sorry, my
// apologies … So, it's the Russian Federation now, please.") wins.
func handOver(text string, g *Gazetteer) (Speaker, bool) {
	text = followedBy.ReplaceAllString(text, "")
	var last Speaker
	found := false
	for _, sp := range SplitSentences(text) {
		sent := text[sp.Start:sp.End]
		if s, ok := sentenceHandOver(sent, g); ok {
			last, found = s, true
		}
	}
	return last, found
}

func sentenceHandOver(sent string, g *Gazetteer) (Speaker, bool) {
	var last Speaker
	found := false
	// "I give the floor now to X", "So, it's X now, please".
	for _, loc := range floorTo.FindAllStringIndex(sent, -1) {
		if s, _, ok := g.MatchPrefix(sent[loc[1]:]); ok && s.Role != RoleChair {
			last, found = s, true
		}
	}
	for _, m := range g.FindAll(sent) {
		if m.Speaker.Role == RoleChair {
			continue
		}
		before, after := sent[:m.Start], sent[m.End:]
		if notAHandOver.MatchString(before) {
			continue
		}
		rest := strings.TrimSpace(after)
		switch {
		case afterName.MatchString(after):
			// "X, please." "X, you have the floor."
		case beforeName.MatchString(before) && (rest == "" || rest == "." || rest == "!"):
			// "Please, X."
		case strings.TrimSpace(strings.Trim(strings.TrimSpace(before), "\"“”'")) == "" && (rest == "." || rest == "" || rest == "?"):
			// A name alone: "Nicaragua."
		default:
			continue
		}
		last, found = m.Speaker, true
	}
	return last, found
}

// addressesChair is how a delegate's speech starts ("Thank you, Chair").
var addressesChair = regexp.MustCompile(`(?i)^\W*(?:thank\s+you|thanks|many\s+thanks|mr\.?\s+chair|madam\s+chair|mr\.?\s+president|madam\s+president|chair\b|chairman|chairperson|distinguished\s+chair|excellenc|good\s+(?:morning|afternoon|evening))`)

// interjectionMaxWords is the longest remark from the floor that may be an
// interjection rather than a statement.
const interjectionMaxWords = 30

var mic = regexp.MustCompile(`(?i)\b(?:mic|microphone|hear\s+me|can\s+you\s+hear)\b`)

// turn is a speaker's span of paragraphs before attribution.
type turn struct {
	lab      *label
	paras    []para
	chair    bool     // the chair speaks: chairSpeaker
	designee *Speaker // whom this chair turn handed the floor to
}

// chromeLines end a transcript page: what follows is not speech.
var chromeLine = regexp.MustCompile(`(?i)^\s*(?:leave\s+a\s+reply|leave\s+a\s+comment|your\s+email\s+address\s+will\s+not\s+be\s+published|post\s+navigation|related\s+posts?|share\s+this:?|you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment|\d+\s+comments?)\s*\.?\s*$`)

// transcriptHeader lines precede the first speaker: title, process, a note.
var transcriptNote = regexp.MustCompile(`(?i)^\s*(?:this\s+is\s+an?\s+unofficial\s+transcript|unofficial\s+transcript|\(?oewg[^)]*\)?|session\s+\d+\s*[-–.]\s*\d+\s+transcript.*)\s*$`)

// allLines reports whether every line of s matches re.
func allLines(s string, re *regexp.Regexp) bool {
	for _, l := range strings.Split(s, "\n") {
		if !re.MatchString(l) {
			return false
		}
	}
	return true
}

// segmentTranscript splits a transcript into attributed turns.
func segmentTranscript(text string, paras []para, g *Gazetteer) []Segment {
	// Drop page chrome: everything from the first chrome line on.
	for i, p := range paras {
		if chromeLine.MatchString(text[p.start:p.end]) {
			paras = paras[:i]
			break
		}
	}
	// Group paragraphs into labelled turns.
	var turns []*turn
	cur := &turn{}
	for _, p := range paras {
		s := text[p.start:p.end]
		first := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			first = s[:i]
		}
		if lab, ok := parseLabel(first, g); ok {
			if len(cur.paras) > 0 || cur.lab != nil {
				turns = append(turns, cur)
			}
			l := lab
			cur = &turn{lab: &l}
			if len(first) < len(s) {
				rest := p.start + len(first) + 1
				cur.paras = append(cur.paras, para{rest, p.end})
			}
			continue
		}
		if m := inlineLabel.FindStringSubmatchIndex(first); m != nil {
			if lab, ok := parseLabel(s[m[2]:m[3]], g); ok && !lab.person {
				if len(cur.paras) > 0 || cur.lab != nil {
					turns = append(turns, cur)
				}
				l := lab
				cur = &turn{lab: &l, paras: []para{{p.start + m[1] - 1, p.end}}}
				continue
			}
		}
		if cur.lab == nil && len(turns) == 0 && allLines(s, transcriptNote) {
			continue // the transcript's own header
		}
		cur.paras = append(cur.paras, p)
	}
	if len(cur.paras) > 0 || cur.lab != nil {
		turns = append(turns, cur)
	}
	findChair(turns, text, g)
	turns = splitHandOvers(turns, text, g)
	return attribute(turns, text)
}

// findChair marks the chair's turns: labels the gazetteer knows as the
// chair, and person labels whose turns hand the floor over at least twice.
func findChair(turns []*turn, text string, g *Gazetteer) {
	handOvers := map[string]int{}
	for _, t := range turns {
		if t.lab == nil || !t.lab.person || len(t.paras) == 0 {
			continue
		}
		if _, ok := handOver(text[t.paras[0].start:t.paras[0].end], g); ok {
			handOvers[t.lab.text]++
		}
	}
	for _, t := range turns {
		if t.lab == nil {
			continue
		}
		if t.lab.speaker.Role == RoleChair || (t.lab.person && handOvers[t.lab.text] >= 2) {
			t.chair = true
		}
	}
}

// splitHandOvers splits a chair's turn where an unlabelled delegate starts
// speaking: after a paragraph that hands the floor over, or at a paragraph
// that addresses the chair.
func splitHandOvers(turns []*turn, text string, g *Gazetteer) []*turn {
	var out []*turn
	for _, t := range turns {
		if !t.chair {
			out = append(out, t)
			continue
		}
		ct := &turn{lab: t.lab, chair: true}
		out = append(out, ct)
		var rest *turn
		for i, p := range t.paras {
			s := text[p.start:p.end]
			if rest != nil {
				rest.paras = append(rest.paras, p)
				continue
			}
			if i > 0 && (ct.designee != nil || addressesChair.MatchString(s)) {
				rest = &turn{paras: []para{p}}
				out = append(out, rest)
				continue
			}
			ct.paras = append(ct.paras, p)
			if s, ok := handOver(s, g); ok {
				sp := s
				ct.designee = &sp
			}
		}
	}
	return out
}

// attribute gives every turn its speaker and makes the segments.
func attribute(turns []*turn, text string) []Segment {
	var segs []Segment
	var pending *Speaker
	for i, t := range turns {
		if len(t.paras) == 0 {
			continue
		}
		body := text[t.paras[0].start:t.paras[len(t.paras)-1].end]
		seg := Segment{Text: body}
		switch {
		case t.chair:
			seg.Speaker = chairSpeaker
			if t.designee != nil {
				pending = t.designee
			}
		case t.lab != nil:
			// NOTE: a person the gazetteer does not know, who names no
			// delegation, is labelled Unknown.
			seg.Speaker = t.lab.speaker
		case pending != nil:
			seg.Speaker = *pending
		default:
			seg.Speaker = Unknown
		}
		if !t.chair && isInterjection(body, turns, i) {
			seg.Interjection = true
			if t.lab == nil {
				// Who spoke from the floor is not said.
				seg.Speaker = Unknown
			}
		} else if !t.chair {
			pending = nil
		}
		segs = append(segs, seg)
	}
	return segs
}

// isInterjection reports whether a short remark from the floor is an aside
// ("My mic was off", "I think it was Bangladesh?") rather than a statement:
// short, followed by the chair, and either a question or about the
// microphone; an unlabelled remark also when the chair answers it without
// handing the floor to anyone new. A labelled short statement ("KOREA: We
// support gender-sensitive capacity building.") stays a statement.
func isInterjection(body string, turns []*turn, i int) bool {
	if len(strings.Fields(body)) > interjectionMaxWords || i+1 >= len(turns) || !turns[i+1].chair {
		return false
	}
	if strings.HasSuffix(strings.TrimSpace(body), "?") || mic.MatchString(body) {
		return true
	}
	return turns[i].lab == nil && turns[i+1].designee == nil
}
