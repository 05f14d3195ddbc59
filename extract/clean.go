package extract

import (
	"github.com/oewg/oewg/internal/lazyre"

	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeChars applies the character-level cleanup every format gets:
// CRLF and CR to LF, no-break and other wide spaces to a space, zero-width
// characters, soft hyphens and control characters removed, NFC.
// Curly quotes and apostrophes are kept as they are.
func normalizeChars(s string) string {
	var b strings.Builder
	start := 0 // s[start:i] is pending, unchanged text
	emit := func(i int, repl string) {
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[start:i])
		b.WriteString(repl)
	}
	for i := 0; i < len(s); {
		c := s[i]
		// NOTE: printable ASCII, newline and tab pass unchanged; only other
		// bytes are decoded, so clean text is copied in bulk.
		if c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		repl, keep := "", false
		switch {
		case r == '\r':
			repl = "\n"
			if i+1 < len(s) && s[i+1] == '\n' {
				size++
			}
		case r == '\f' || r == '\v' || r == 0x2028 || r == 0x2029 || r == 0x85:
			repl = "\n"
		case r == 0xA0 || r == 0x202F || r == 0x2007 || (r >= 0x2000 && r <= 0x200A) || r == 0x3000 || r == 0x205F:
			repl = " "
		case r == 0xAD || r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x180E:
			// dropped: invisible
		case r == utf8.RuneError && size == 1:
			repl = "\uFFFD"
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			// dropped: control characters
		default:
			keep = true
		}
		if !keep {
			emit(i, repl)
			start = i + size
		}
		i += size
	}
	if b.Cap() == 0 {
		return norm.NFC.String(s)
	}
	b.WriteString(s[start:])
	return norm.NFC.String(b.String())
}

// isBullet reports whether r is a glyph used as a list bullet: the
// private-use code points Symbol and Wingdings fonts leave in PDF and Word
// text (U+F0B7, U+F0A7, U+F0D8, U+F076 …) and the Unicode bullets.
func isBullet(r rune) bool {
	if r >= 0xE000 && r <= 0xF8FF {
		return true
	}
	switch r {
	case '•', '●', '▪', '■', '□', '◦', '‣', '⁃', '∙', '·', '➢', '➤', '►', '▶', '✓', '✔', '❖', '♦', '◆', '○', '*':
		return true
	}
	return false
}

// cleanLine trims a line, collapses runs of blanks to one space and turns a
// leading bullet glyph into "- ". Private-use glyphs elsewhere are dropped.
func cleanLine(line string) string {
	line = strings.TrimSpace(line)
	if line == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(line)
	// Fast path: no bullet, no tab, no double space, no private-use
	// character (UTF-8 lead bytes 0xEE and 0xEF).
	if !isBullet(r) && strings.IndexByte(line, '\t') < 0 && !strings.Contains(line, "  ") &&
		strings.IndexByte(line, 0xEE) < 0 && strings.IndexByte(line, 0xEF) < 0 {
		return line
	}
	bullet := false
	if isBullet(r) && (r != '*' && r != '·' || len(line) > size && line[size] == ' ') {
		bullet = true
		line = line[size:]
	}
	var b strings.Builder
	b.Grow(len(line) + 2)
	if bullet {
		b.WriteString("- ")
	}
	space := false
	for _, r := range line {
		if r >= 0xE000 && r <= 0xF8FF {
			continue
		}
		if r == ' ' || r == '\t' {
			space = true
			continue
		}
		if space && b.Len() > 0 && !(bullet && b.Len() == 2) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if out == "- " {
		return ""
	}
	return out
}

// clean normalises characters and lines and collapses blank lines: the
// cleanup for text whose line breaks are meaningful.
func clean(s string) string {
	return joinLines(strings.Split(normalizeChars(s), "\n"))
}

// joinLines cleans each line and joins them, one blank line at most between
// runs of text, none at either end.
func joinLines(lines []string) string {
	return joinCleanLines(len(lines), func(i int) string { return cleanLine(lines[i]) })
}

// joinCleanLines joins n lines that are already clean (line(i) is the i-th)
// as joinLines does.
func joinCleanLines(n int, line func(i int) string) string {
	var b strings.Builder
	blank := false
	for i := range n {
		line := line(i)
		if line == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(line)
	}
	return b.String()
}

// rawLine is a line of text before reflowing: its cleaned text and whether
// the source line was whitespace-only (not empty), which hard-wrapped
// exports use to mark paragraph ends.
type rawLine struct {
	text       string
	spacesOnly bool
}

func rawLines(s string) []rawLine {
	src := strings.Split(normalizeChars(s), "\n")
	lines := make([]rawLine, len(src))
	for i, l := range src {
		lines[i] = rawLine{text: cleanLine(l), spacesOnly: l != "" && strings.TrimSpace(l) == ""}
	}
	return lines
}

// endsSentence reports whether a line ends with sentence punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'’”)]»")
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".:;?!", r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// looksHardWrapped reports whether text lines look like PDF text pasted with
// its line breaks: short lines, most ending mid-sentence, many followed by a
// lowercase continuation. Transcripts (one long paragraph or one speaker
// label per line) do not.
func looksHardWrapped(lines []rawLine) bool {
	var texts []string
	for _, l := range lines {
		if l.text != "" {
			texts = append(texts, l.text)
		}
	}
	if len(texts) < 6 {
		return false
	}
	lens := make([]int, len(texts))
	for i, t := range texts {
		lens[i] = utf8.RuneCountInString(t)
	}
	slices.Sort(lens)
	if p90 := lens[len(lens)*9/10]; p90 > 130 || p90 < 30 {
		return false
	}
	var open, lowerNext int
	for i := 0; i+1 < len(texts); i++ {
		if !endsSentence(texts[i]) {
			open++
			if startsLower(texts[i+1]) {
				lowerNext++
			}
		}
	}
	n := len(texts) - 1
	return open*10 >= n*6 && lowerNext*10 >= n*3
}

// reflowLines rejoins hard-wrapped text lines into paragraphs. A
// whitespace-only line or two empty lines end a paragraph. A single empty
// line does too, unless the next line starts in lower case or its neighbours are single empty lines as well: then
// the empty lines alternate with text lines, an artefact of the export, and
// the line-end rules of reflow decide.
func reflowLines(lines []rawLine) string {
	var texts []string
	var gaps []int // gaps[i] is the break before texts[i]: 0 none, 1 one empty line, 2 explicit
	run := 0
	for _, l := range lines {
		if l.text == "" {
			if l.spacesOnly {
				run += 2
			} else {
				run++
			}
			continue
		}
		texts = append(texts, l.text)
		gaps = append(gaps, min(run, 2))
		run = 0
	}
	var blocks [][]string
	var cur []string
	for i, t := range texts {
		hard := gaps[i] == 2
		if gaps[i] == 1 {
			// A paragraph never starts in lower case.
			soft := startsLower(t) || (i > 0 && gaps[i-1] == 1) || (i+1 < len(gaps) && gaps[i+1] == 1)
			hard = !soft
		}
		if hard && len(cur) > 0 {
			blocks = append(blocks, cur)
			cur = nil
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return reflow(blocks)
}

var listStart = lazyre.New(`^(- |\d{1,2}[.)] |\(\d{1,2}\) |\(?[a-z]\) |\(?[ivx]{1,4}\) )`)

// reflow joins the lines of each block into paragraphs, deciding at each
// line end whether the line was wrapped by layout or ends a paragraph, and
// undoing end-of-line hyphenation. Blocks are separated by paragraph breaks.
func reflow(blocks [][]string) string {
	var lens []int
	for _, bl := range blocks {
		for _, l := range bl {
			lens = append(lens, utf8.RuneCountInString(l))
		}
	}
	if len(lens) == 0 {
		return ""
	}
	slices.Sort(lens)
	width := lens[len(lens)*8/10]
	vocab := newVocab(blocks)
	var out strings.Builder
	// NOTE: the paragraph is built in a []byte that lines are appended to;
	// undoing a hyphen only truncates it, so a paragraph of n lines costs
	// O(n), not a rewrite of the whole paragraph at every line.
	var p []byte
	flush := func() {
		if len(p) > 0 {
			if out.Len() > 0 {
				out.WriteString("\n\n")
			}
			out.Write(p)
			p = p[:0]
		}
	}
	for _, bl := range blocks {
		for i, l := range bl {
			if i == 0 || len(p) == 0 {
				flush()
				p = append(p, l...)
				continue
			}
			prev := bl[i-1]
			if drop, ok := vocab.dehyphenate(p, l); ok {
				p = append(p[:len(p)-drop], l...)
				continue
			}
			next := ""
			if i+1 < len(bl) {
				next = bl[i+1]
			}
			if !midSentence(prev) && standalone(l, next, width) {
				// A label or heading set between paragraphs with no
				// space around it ("Ambassador Gafoor"): its own line.
				flush()
				p = append(p, l...)
				flush()
				continue
			}
			if wrapped(prev, l, width) {
				p = append(p, ' ')
				p = append(p, l...)
				continue
			}
			flush()
			p = append(p, l...)
		}
		flush()
	}
	return out.String()
}

// wrapped reports whether next continues the paragraph of line a in text
// wrapped at about width characters.
func wrapped(a, next string, width int) bool {
	// NOTE: "… addressed under paragraph / 57. No need …": a number that
	// starts a line after one that ends mid-sentence continues it.
	if listStart.MatchString(next) && !midSentence(a) {
		return false
	}
	if startsLower(next) {
		return true
	}
	n := utf8.RuneCountInString(a)
	if endsSentence(a) {
		return n*100 >= width*85
	}
	return n*100 >= width*60
}

// midSentence reports a line that ends on a word, not a stop or a colon.
func midSentence(a string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(a))
	return unicode.IsLetter(r)
}

// standalone reports a short line with no stop, capitalised, that the line
// after it does not continue: a speaker label or heading among paragraphs
// (when the line before it ended a sentence).
func standalone(l, next string, width int) bool {
	n := utf8.RuneCountInString(l)
	if n == 0 || n*100 >= width*50 || len(strings.Fields(l)) > 6 || !unicode.IsUpper([]rune(l)[0]) || !midSentence(l) {
		return false
	}
	return next == "" || !startsLower(next)
}

// compoundPrefixes are prefixes that keep their hyphen at a line end.
var compoundPrefixes = map[string]bool{
	"non": true, "cross": true, "multi": true, "self": true, "co": true,
	"inter": true, "sub": true, "well": true, "cyber": true, "anti": true,
	"counter": true, "ex": true, "post": true, "pre": true, "semi": true,
	"socio": true, "long": true, "short": true, "high": true, "low": true,
	"state": true, "ict": true, "open": true, "whole": true, "one": true,
	"two": true, "rule": true, "all": true, "full": true, "mid": true,
}

// compoundSuffixes are second halves that make a hyphenated compound.
var compoundSuffixes = map[string]bool{
	"building": true, "driven": true, "based": true, "related": true,
	"sensitive": true, "led": true, "level": true, "making": true,
	"specific": true, "wide": true, "oriented": true, "term": true,
	"scale": true, "owned": true, "free": true, "friendly": true,
	"like": true, "up": true, "state": true, "government": true,
	"society": true, "stakeholder": true, "border": true, "cutting": true,
	"to": true, "of": true, "fits": true, "all": true, "responsive": true,
	"centred": true, "centered": true, "focused": true, "aware": true,
	"bound": true, "operation": true, "ordination": true, "sponsor": true,
	"sponsors": true, "chair": true, "chairs": true, "regional": true,
	"discriminatory": true, "binding": true, "governmental": true,
}

// vocab is the set of words of a document, used as evidence when undoing
// hyphenation at line ends.
type vocab struct {
	plain  map[string]int  // words without hyphen, lower case, counted
	hyphen map[string]bool // hyphenated compounds, lower case
}

var wordRe = lazyre.New(`[\pL\pN]+(?:[-‐][\pL\pN]+)*`)

func newVocab(blocks [][]string) vocab {
	v := vocab{plain: map[string]int{}, hyphen: map[string]bool{}}
	for _, bl := range blocks {
		for i, l := range bl {
			ms := wordRe.FindAllStringIndex(l, -1)
			for j, m := range ms {
				// NOTE: the halves of a word broken at a line end
				// ("pro-" / "vision") are not counted as words.
				if j == len(ms)-1 && strings.HasSuffix(l, "-") && m[1] == len(l)-1 {
					continue
				}
				if j == 0 && i > 0 && strings.HasSuffix(bl[i-1], "-") && m[0] == 0 {
					continue
				}
				w := strings.ToLower(l[m[0]:m[1]])
				if strings.ContainsAny(w, "-‐") {
					v.hyphen[strings.ReplaceAll(w, "‐", "-")] = true
				} else {
					v.plain[w]++
				}
			}
		}
	}
	return v
}

var (
	hyphenEnd = lazyre.New(`([\pL]+)[-‐]$`)
	wordStart = lazyre.New(`^[\pL]+`)
)

// dehyphenate decides whether paragraph text p, if it ends in a
// hyphenated word, joins the next line without a space, and if so how many
// bytes (the hyphen) to drop from the end of p first. It keeps the hyphen
// for real compounds ("capacity-building", "non-discriminatory") and drops
// it ("Pro-vision" → "Provision") only on evidence: the joined word appears
// elsewhere, or the fragment is lower case, no known compound, and not two
// words of the text.
func (v vocab) dehyphenate(p []byte, next string) (drop int, ok bool) {
	if !bytes.HasSuffix(p, []byte("-")) && !bytes.HasSuffix(p, []byte("‐")) {
		return 0, false
	}
	// NOTE: only the tail of the paragraph is matched; matching all of it
	// at every line end would be quadratic.
	start := max(0, len(p)-256)
	m := hyphenEnd.FindSubmatchIndex(p[start:])
	if m == nil {
		return 0, false
	}
	if start+m[0] > 0 && !isWordBoundary(p[:start+m[0]]) {
		// "whole-of-" / "government": a compound of three keeps its
		// hyphens.
		if bytes.HasSuffix(p[:start+m[0]], []byte("-")) && wordStart.MatchString(next) {
			return 0, true
		}
		return 0, false
	}
	second := wordStart.FindString(next)
	if second == "" {
		return 0, false
	}
	first := string(p[start+m[2] : start+m[3]])
	lf, ls := strings.ToLower(first), strings.ToLower(second)
	hyphen := m[1] - m[3]
	switch {
	case v.hyphen[lf+"-"+ls]:
		return 0, true
	case v.plain[lf+ls] > 0:
		return hyphen, true
	case !startsLower(second):
		return 0, true
	case compoundPrefixes[lf] || compoundSuffixes[ls]:
		return 0, true
	case v.plain[lf] > 0 && v.plain[ls] > 0 && len(lf) > 2:
		// Both halves are words of this text elsewhere too ("gender-
		// balanced"): a compound, not a word broken at a syllable.
		return 0, true
	case startsLower(first):
		return hyphen, true
	}
	return 0, true
}

func isWordBoundary(before []byte) bool {
	r, _ := utf8.DecodeLastRune(before)
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
}
