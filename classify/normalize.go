package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a sentence after normalisation.
type token struct {
	// text is the canonical form: lower case, apostrophes removed, British
	// spellings mapped to US ones (see canonWord).
	text string
	// start and end are byte offsets of the word in the segment text.
	start, end int
	// norm is the byte offset of text in the normalised segment text.
	norm int
	// clause reports that punctuation (, ; : — ( ) etc.) stands between this
	// word and the previous one: a negator does not reach across it.
	clause bool
	// strong reports that a clause-ending mark stands before this word: a
	// semicolon, or a dash with a space on one side (not the en dash of
	// "demand–driven").
	strong bool
	// quoted reports that the word stands inside double quotation marks.
	quoted bool
	// tag is the word's part-of-speech tag (Penn Treebank), set only for
	// the sentences a decision needed it for (see text.tagged).
	tag string
}

// isApostrophe reports whether r joins the two halves of a word
// ("women's", "don’t"); it is dropped rather than splitting the word.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´':
		return true
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokenize appends the words of text (which starts at byte offset base in the
// segment) to toks. Letters and digits make words; apostrophes inside a word
// are dropped; every other rune (spaces, hyphens and dashes of every kind,
// slashes, quotes) separates words. When star is set, a '*' ending a word is
// kept (phrase prefixes).
//
// NOTE: offsets are bytes, not runes, so that Tag.Start/End slice Segment.Text.
func tokenize(toks []token, text string, base int, star bool) []token {
	// buf holds the lower-cased word; it is reused across words, and the
	// word is a substring of text when lowering changed nothing.
	var buf []byte
	start := -1
	clause, strong, quoted := false, false, false
	squoted := false // inside single quotation marks
	flush := func(end int) {
		if start < 0 {
			return
		}
		if len(buf) > 0 {
			w := text[start:end]
			if string(buf) != w {
				w = string(buf)
			}
			toks = append(toks, token{text: canonWord(w), start: base + start, end: base + end, clause: clause, strong: strong, quoted: quoted})
			clause, strong = false, false
		}
		buf = buf[:0]
		start = -1
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case isApostrophe(r) && start < 0 && !squoted && !quoted && opensQuote(text, i, n):
			// 'demand-driven': a single quotation mark before a word,
			// after a space or a colon, with a closing one later.
			squoted, quoted = true, true
		case isApostrophe(r) && start >= 0 && squoted && closesQuote(text, i, n):
			flush(i)
			squoted, quoted = false, false
		case isApostrophe(r) && start >= 0 && i+n < len(text):
			r2, n2 := utf8.DecodeRuneInString(text[i+n:])
			// A possessive 's ends the word and is dropped ("PoA's" →
			// "poa", "women’s" → "women").
			if r2 == 's' || r2 == 'S' {
				if r3, _ := utf8.DecodeRuneInString(text[i+n+n2:]); i+n+n2 >= len(text) || !isWordRune(r3) {
					flush(i)
					i += n + n2
					continue
				}
			}
			// Inside a word only when a letter follows ("don't" → "dont").
			if isWordRune(r2) {
				break
			}
			flush(i)
		case star && r == '*' && start >= 0:
			buf = append(buf, '*')
		default:
			flush(i)
			if strings.ContainsRune(",;:()[]—–!?\"“”", r) {
				clause = true
			}
			switch r {
			case ';':
				strong = true
			case '—', '–':
				strong = strong || spaceAround(text, i, n)
			case '“':
				quoted = true
			case '”':
				quoted = false
			case '"':
				quoted = !quoted
			}
		}
		i += n
	}
	flush(len(text))
	return toks
}

// opensQuote reports whether the apostrophe text[i:i+n] opens a single
// quotation: a word follows it, a space, a colon or the start of text
// precedes it, and a closing mark follows later.
func opensQuote(text string, i, n int) bool {
	if i+n >= len(text) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[i+n:]); !isWordRune(r) {
		return false
	}
	if i > 0 {
		p, _ := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsSpace(p) && p != ':' && p != '(' {
			return false
		}
	}
	for j := i + n; j < len(text); {
		r, m := utf8.DecodeRuneInString(text[j:])
		if isApostrophe(r) && closesQuote(text, j, m) {
			return true
		}
		j += m
	}
	return false
}

// closesQuote reports whether the apostrophe text[i:i+n], after a word,
// closes a single quotation: no letter follows it.
func closesQuote(text string, i, n int) bool {
	if i+n >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i+n:])
	return !isWordRune(r)
}

// spaceAround reports whether the rune at text[i:i+n] has a space before or
// after it.
func spaceAround(text string, i, n int) bool {
	return (i > 0 && text[i-1] == ' ') || (i+n < len(text) && text[i+n] == ' ')
}

// spelling maps British (and a few variant) spellings to the US form used as
// the canonical one. Text and rules go through the same mapping, so either
// spelling may be written in a rule file.
var spelling = map[string]string{
	"programme": "program", "programmes": "programs",
	"centre": "center", "centres": "centers",
	"defence": "defense", "licence": "license",
	"sceptical": "skeptical", "judgement": "judgment",
	"analyse": "analyze", "analysed": "analyzed",
	"dialogue": "dialog",
	// Possessives written without the apostrophe, as automatic
	// captions do ("womens participation").
	"womens": "women",
}

// canonWord returns the canonical form of a lower-case word: the spelling
// map, then -our → -or (favour, behaviour, endeavour) and -is- → -iz-
// (prioritise, prioritisation, organisation) for words long enough not to be
// short function words.
func canonWord(w string) string {
	if s, ok := spelling[w]; ok {
		return s
	}
	if stem, ok := strings.CutSuffix(w, "*"); ok {
		// A prefix is canonicalised like a word ("favour*" → "favor*").
		return canonWord(stem) + "*"
	}
	n := len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "our"):
		return w[:n-3] + "or"
	case n > 6 && strings.HasSuffix(w, "ours"):
		return w[:n-4] + "ors"
	case n > 7 && strings.HasSuffix(w, "isation"):
		return w[:n-7] + "ization"
	case n > 8 && strings.HasSuffix(w, "isations"):
		return w[:n-8] + "izations"
	case n > 5 && strings.HasSuffix(w, "ise"):
		return w[:n-3] + "ize"
	case n > 6 && (strings.HasSuffix(w, "ised") || strings.HasSuffix(w, "ises")):
		return w[:n-4] + "iz" + w[n-2:]
	case n > 7 && strings.HasSuffix(w, "ising"):
		return w[:n-5] + "izing"
	}
	return w
}

// normPhrase returns the canonical words of a rule phrase.
func normPhrase(p string) []string {
	toks := tokenize(nil, p, 0, true)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// phraseKey identifies a phrase by its canonical words: two phrases with the
// same key match the same text.
func phraseKey(words []string) string { return strings.Join(words, " ") }

// CanonicalWord returns a word's canonical spelling as the rules see it:
// lower case, US spelling ("Programme" → "program", "behaviour" →
// "behavior", "prioritisation" → "prioritization"). The index analyses text
// with it too, so that a search for "Programme of Action" finds "Program of
// Action".
func CanonicalWord(w string) string { return canonWord(strings.ToLower(w)) }
