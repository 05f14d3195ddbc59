package corpus

import (
	"github.com/oewg/oewg/internal/lazyre"

	"path/filepath"
	"strings"
	"unicode"
)

// maxStatementSegment is the size above which a statement's body is cut into
// several segments at paragraph boundaries, so that a search hit points at a
// passage rather than a 100-page report.
const maxStatementSegment = 16 << 10

// NewDocument attributes an extracted text. meta is what the user gave
// (--meta, sidecar, manifest, merged most specific first); what the text and
// then the file name say fills the rest.
func NewDocument(file, text string, meta Meta) (*Document, error) {
	return DefaultLexicon().NewDocument(file, text, meta)
}

// NewDocument attributes an extracted text with this lexicon's label
// grammars, phrases and speakers (see the package-level NewDocument).
func (lx *Lexicon) NewDocument(file, text string, meta Meta) (*Document, error) {
	g := lx.g
	doc := &Document{ID: DocID(file), File: file}
	fromName := metaFromFileName(file, g)
	paras := paragraphs(text)

	kind := meta.Kind
	var h header
	if kind != KindTranscript {
		h = lx.readHeader(text)
	}
	if kind == "" {
		kind = h.meta.Kind
	}
	if kind == "" {
		// NOTE: the file name's kind ("…-transcript.txt") comes before
		// the shape of the text, and is not overwritten by it.
		kind = fromName.Kind
	}
	// NOTE: a statement's header ("CZECH REPUBLIC / Statement by / Mr.
	// Richard Kadlčák") looks like three labels; when the header names the
	// speaker, a transcript needs more: hand-overs, or labels past it.
	// NOTE: a statement's header names who speaks; coverage names no one
	// there, and has no labels.
	reported := false
	if kind == "" && lx.looksLikeTranscript(text, paras, h.speaker != nil) {
		kind = KindTranscript
	} else if kind == "" && lx.looksReported(text, paras, h.speaker != nil) {
		kind, reported = KindTranscript, true
	}
	if kind == KindTranscript {
		h = lx.readTranscriptHeader(text, paras)
	}
	m := meta.Merge(h.meta, fromName)
	if kind == "" {
		kind = KindStatement
	}
	m.Kind = kind
	if m.Process == "" {
		m.Process = ProcessForDate(m.Date)
	}
	doc.Meta = m

	var segs []Segment
	switch kind {
	case KindTranscript:
		if reported {
			segs = lx.segmentReported(text, paras)
			break
		}
		segs = lx.segmentTranscript(text, paras)
		if len(segs) > 0 && !attributed(segs) && lx.looksReported(text, paras, false) {
			// Given as a transcript (--meta, the file name): coverage.
			segs, reported = lx.segmentReported(text, paras), true
		}
		if len(segs) > 0 && !attributed(segs) {
			doc.Notes = append(doc.Notes, "no speaker label or hand-over found: give the speaker with --meta kind=statement --meta speaker=NAME, or add the label form with --labels")
		}
	default:
		sp, how, evidence := documentSpeaker(meta, h, fromName, kind, text, g)
		if sp.Key == Unknown.Key && strings.TrimSpace(text) != "" {
			doc.Notes = append(doc.Notes, "no speaker in the header, the first line, the file name or metadata: give it with --meta speaker=NAME (or a sidecar); if this is a transcript, --meta kind=transcript, or add its label form with --labels")
		}
		for _, chunk := range chunks(text, paras) {
			segs = append(segs, Segment{Speaker: sp, Text: chunk, Attribution: how, AttributionEvidence: evidence})
		}
		doc.Meta.Speaker = sp.Key
		if len(segs) > 0 && h.onBehalfOf != "" && h.onBehalfOf != sp.Key {
			segs[0].OnBehalfOf = h.onBehalfOf
		}
	}
	for i := range segs {
		s := &segs[i]
		s.Doc, s.File, s.Seq = doc.ID, file, i+1
		s.Kind, s.Process, s.Session, s.Meeting, s.Date, s.Title, s.Source = m.Kind, m.Process, m.Session, m.Meeting, m.Date, m.Title, m.Source
		if s.Sentences == nil {
			s.Sentences = SplitSentences(s.Text)
		}
	}
	if kind == KindTranscript && !reported {
		// NOTE: coverage names others as subjects all the time ("She
		// agreed with Chile"); its openers say who speaks.
		lx.checkConsistency(segs)
	}
	for i := range segs {
		s := &segs[i]
		if s.OnBehalfOf == "" {
			s.OnBehalfOf = onBehalfOf(s, g)
		}
		s.AlignedWith = alignedWith(s, g)
	}
	doc.Segments = segs
	return doc, nil
}

// DocID is a document's id: its file's base name without the extension.
func DocID(file string) string {
	base := filepath.Base(file)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// attributed reports whether any segment's speaker was found.
func attributed(segs []Segment) bool {
	for _, s := range segs {
		if s.Attribution != AttributionNone && s.Attribution != "" {
			return true
		}
	}
	return false
}

// documentSpeaker decides who speaks a statement or note, how it was found
// and the evidence: the user's metadata, then the header, then the file
// name.
func documentSpeaker(meta Meta, h header, fromName Meta, kind, text string, g *Gazetteer) (Speaker, string, string) {
	if meta.Speaker != "" {
		sp := ResolveSpeaker(meta.Speaker)
		if _, known := Default().Lookup(meta.Speaker); !known && meta.Role != "" && sp.Role == RoleStakeholder {
			sp.Role = meta.Role // a body the gazetteer does not know, with the role metadata gives
		}
		return sp, AttributionMetadata, "speaker: " + meta.Speaker
	}
	if kind == KindConceptNote || kind == KindOther {
		if s, ev := authorOf(text); s.Key != Unknown.Key {
			return s, AttributionHeader, ev
		}
		return Unknown, AttributionNone, ""
	}
	if h.speaker != nil {
		return *h.speaker, AttributionHeader, h.speakerEvidence
	}
	if fromName.Speaker != "" {
		return ResolveSpeaker(fromName.Speaker), AttributionMetadata, "file name: " + filepath.Base(fromName.Speaker)
	}
	return Unknown, AttributionNone, ""
}

// ResolveSpeaker resolves a speaker given in metadata. A name the gazetteer
// does not know is kept as a stakeholder keyed by its upper-cased words.
func ResolveSpeaker(name string) Speaker {
	if s, ok := Default().Lookup(name); ok {
		return s
	}
	if IsChair(name) {
		return chairSpeaker
	}
	key := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToUpper(r)
		default:
			return '_'
		}
	}, strings.TrimSpace(name))
	return Speaker{Key: strings.Trim(key, "_"), Name: strings.TrimSpace(name), Role: RoleStakeholder}
}

var (
	coChairs  = lazyre.New(`(?i)\bco-?chairs?\b`)
	chairNote = lazyre.New(`(?i)\b(?:chair(?:man|person)?'?s?|president'?s?)\s+(?:letter|note|summary|non-paper)\b|\bletter\s+from\s+the\s+chair\b`)
	secNote   = lazyre.New(`(?i)\bsecretariat\b`)
)

// authorOf names the author of a concept note or other paper from its first
// lines; never a State, whose names in such papers are topics or panellists.
func authorOf(text string) (Speaker, string) {
	head := text
	if len(head) > 300 {
		head = head[:lastSpace(head, 300)]
	}
	if m := coChairs.FindString(head); m != "" {
		return Speaker{Key: "CO_CHAIRS", Name: "Co-chairs", Role: RoleChair}, m
	}
	if m := chairNote.FindString(head); m != "" {
		return chairSpeaker, m
	}
	if m := secNote.FindString(head); m != "" {
		s, _ := Default().Key("UNODA")
		return s, m
	}
	return Unknown, ""
}

// chunks cuts a statement's text into segments of about
// maxStatementSegment bytes at paragraph boundaries (one segment when
// small); a paragraph longer than that — a text without line breaks — is
// cut at sentence ends.
func chunks(text string, paras []para) []string {
	t := strings.TrimSpace(text)
	if t == "" {
		return nil
	}
	if len(t) <= maxStatementSegment {
		return []string{t}
	}
	var out []string
	start := -1
	for _, p := range paras {
		if p.end-p.start > maxStatementSegment {
			if start >= 0 {
				out = append(out, text[start:p.start])
				start = -1
			}
			out = append(out, sentenceChunks(text[p.start:p.end])...)
			continue
		}
		if start < 0 {
			start = p.start
		}
		if p.end-start >= maxStatementSegment {
			out = append(out, text[start:p.end])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:paras[len(paras)-1].end])
	}
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// sentenceChunks cuts one long paragraph at sentence ends into pieces of
// about maxStatementSegment bytes.
func sentenceChunks(p string) []string {
	var out []string
	start := 0
	for _, s := range SplitSentences(p) {
		if s.End-start >= maxStatementSegment {
			out = append(out, p[start:s.End])
			start = s.End
		}
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, p[start:])
	}
	return out
}

// looksLikeTranscript reports whether a text is a transcript: several
// speaker labels, or a chair handing the floor over more than once.
func (lx *Lexicon) looksLikeTranscript(text string, paras []para, headed bool) bool {
	paras = lx.splitAtLabels(text, paras[:min(len(paras), 400)])
	labels, chairs, handOvers := 0, 0, 0
	enough := func() bool {
		if headed {
			// A header's name lines are no turns: a chair's label is.
			return labels >= 6 || labels >= 3 && chairs > 0
		}
		return labels >= 3
	}
	for i, p := range paras {
		if i > 400 {
			break
		}
		s := text[p.start:p.end]
		first := firstLine(s)
		lab, ok := lx.parseLine(first)
		if !ok {
			lab, _, ok = lx.parseInline(first)
		}
		if ok {
			labels++
			if lab.chair {
				chairs++
			}
		}
		if strings.Contains(strings.ToLower(s), "floor") && lx.beforeAny.MatchString(s) {
			handOvers++
		}
		if enough() || handOvers >= 2 {
			return true
		}
	}
	return false
}

// readTranscriptHeader reads the title lines of a transcript page
// ("Session 2-8 Transcript", "(OEWG 2021-25)") and its chair's opening.
func (lx *Lexicon) readTranscriptHeader(text string, paras []para) header {
	var h header
	// The head is what comes before the first speaker label: the chair's
	// words ("resolution 75/240 of 31st December 2020") date nothing.
	head := text
	for _, p := range paras {
		if _, ok := lx.parseLine(firstLine(text[p.start:p.end])); ok {
			head = text[:p.start]
			break
		}
	}
	if len(head) > 3000 {
		head = head[:lastSpace(head, 3000)]
	}
	h.meta.Kind = KindTranscript
	h.meta.Session, h.meta.Meeting = findSession(head)
	h.meta.Process = findProcess(head)
	h.meta.Date = findDate(head)
	if t := firstLine(head); len(t) <= 120 {
		h.meta.Title = t
	}
	return h
}

var (
	behalfIntro = lazyre.New(`(?i)\bon\s+behalf\s+of\s+`)
	// alignment finds a speaker aligning itself with another's statement.
	alignment = lazyre.New(`(?i)\b(?:we|i|delegation|itself|ourselves|myself|\p{Lu}\p{L}+)\b[^.;]{0,60}?\b(?:aligns?|associates?)\b\s+(?:it|our|my|them)?|\b(?:aligns?|associates?)\s+(?:itself|ourselves|myself|fully)\b|\bwe\s+(?:fully\s+)?support\s+[^.;]{0,60}?\bstatement\b`)
	// othersStatement before "on behalf of" means the statement is someone
	// else's: "the statement delivered by Indonesia on behalf of NAM".
	othersStatement = lazyre.New(`(?i)\bstatements?\b(?:\s+\S+){0,4}?\s+(?:by|of)\b|\balign|\bassociat|\bsupport`)
	othersAlign     = lazyre.New(`(?i)\b(?:align|associate)\s+themselves\b`)
)

// mayAlign is a cheap test that spares most sentences the alignment regexp.
func mayAlign(sent string) bool {
	if !isLowerish(sent) {
		sent = strings.ToLower(sent) // captions are in capitals
	}
	return strings.Contains(sent, "lign") || strings.Contains(sent, "ssociat") ||
		(strings.Contains(sent, "upport") && strings.Contains(sent, "tatement"))
}

// isLowerish reports whether s has a lower-case letter among its first
// 40 bytes: most text; captions in capitals have none.
func isLowerish(s string) bool {
	for i := 0; i < len(s) && i < 40; i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return true
		}
	}
	return false
}

// onBehalfOf reads "On behalf of the Non-Aligned Movement, …" in the first
// sentences of a segment; "the statement delivered by Indonesia on behalf of
// NAM" is an alignment, not this.
func onBehalfOf(s *Segment, g *Gazetteer) string {
	for i, sp := range s.Sentences {
		if i >= 4 {
			break
		}
		sent := s.Text[sp.Start:sp.End]
		loc := behalfIntro.FindStringIndex(sent)
		if loc == nil {
			continue
		}
		if othersStatement.MatchString(sent[:loc[0]]) {
			continue
		}
		if sp, _, ok := g.MatchPrefix(sent[loc[1]:]); ok && sp.Key != s.Speaker.Key && sp.Role != RoleChair {
			return sp.Key
		}
	}
	return ""
}

// alignedWith lists the groups or speakers whose statement the segment's
// speaker aligns or associates itself with: the group a statement was
// delivered on behalf of, else every speaker named after the verb.
func alignedWith(s *Segment, g *Gazetteer) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if k != s.Speaker.Key && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, sp := range s.Sentences {
		sent := s.Text[sp.Start:sp.End]
		if !mayAlign(sent) {
			continue
		}
		loc := alignment.FindStringIndex(sent)
		if loc == nil || othersAlign.MatchString(sent) {
			continue
		}
		rest := sent[loc[1]:]
		if b := behalfIntro.FindStringIndex(rest); b != nil {
			if sp, _, ok := g.MatchPrefix(rest[b[1]:]); ok {
				add(sp.Key)
				continue
			}
		}
		for _, m := range g.FindAll(rest) {
			if m.Speaker.Role != RoleChair {
				add(m.Speaker.Key)
			}
		}
	}
	return out
}
