package corpus

import (
	"strings"
	"sync"
	"unicode"

	"github.com/biter777/countries"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Gazetteer resolves the ways speakers are named to Speakers.
type Gazetteer struct {
	byKey map[string]Speaker
	// byAlias maps a folded alias (see fold) to its key.
	byAlias map[string]string
	// caseSensitive holds the acronyms ("US", "EU") that only count when
	// written in capitals, so that "let us" is not the United States.
	caseSensitive map[string]string
	// maxWords is the most words an alias has.
	maxWords int
	// firstWords holds the first word of every folded alias, so that most
	// words of a text are rejected with one map look-up.
	firstWords map[string]bool
}

var defaultGazetteer = sync.OnceValue(func() *Gazetteer { return newGazetteer() })

// Default returns the built-in gazetteer of the 193 UN member States, the
// two observer States and the groups and bodies of SPEC §2.
func Default() *Gazetteer { return defaultGazetteer() }

func newGazetteer() *Gazetteer {
	g := &Gazetteer{byKey: map[string]Speaker{}, byAlias: map[string]string{}, caseSensitive: map[string]string{}, firstWords: map[string]bool{}}
	add := func(e entry) {
		g.byKey[e.key] = Speaker{Key: e.key, Name: e.name, Role: e.role}
		names := append([]string{e.name}, e.aliases...)
		for _, n := range names {
			if isAcronym(n) {
				g.caseSensitive[strings.ReplaceAll(n, ".", "")] = e.key
				continue
			}
			f := fold(n)
			if f == "" {
				continue
			}
			g.addAlias(f, e.key)
		}
	}
	for _, e := range states {
		add(e)
	}
	for _, e := range bodies {
		add(e)
	}
	// The ISO names from biter777/countries, under our table: they only add
	// spellings ("Korea (Republic of)") for States we already know.
	for _, c := range countries.All() {
		key := c.Alpha3()
		if key == "NAM" {
			key = "NAMIBIA"
		}
		if _, ok := g.byKey[key]; !ok || g.byKey[key].Role != RoleDelegation {
			continue
		}
		f := fold(c.String())
		if _, taken := g.byAlias[f]; f != "" && !taken {
			g.addAlias(f, key)
		}
	}
	return g
}

func (g *Gazetteer) addAlias(folded, key string) {
	g.byAlias[folded] = key
	ws := strings.Fields(folded)
	g.firstWords[ws[0]] = true
	if len(ws) > g.maxWords {
		g.maxWords = len(ws)
	}
}

// isAcronym reports whether s is written in capitals, like "US" or "U.K.".
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r == '.' || r == '-' || r == ' ':
		case unicode.IsUpper(r) || unicode.IsDigit(r):
			letters++
		default:
			return false
		}
	}
	return letters > 0 && letters <= 6
}

var foldTransformer = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// fold turns a name into its lookup form: no diacritics, lower case, straight
// apostrophes, punctuation as spaces, a leading "the" dropped.
func fold(s string) string {
	if !isASCII(s) {
		t := foldTransformer.Get().(transform.Transformer)
		out, _, err := transform.String(t, s)
		foldTransformer.Put(t)
		if err == nil {
			s = out
		}
	}
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '’' || r == '‘' || r == '\'' || r == '`' || r == 'ʼ':
			// "Cote d’Ivoire" and "Cote dIvoire" fold alike.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case r == '.':
			// "U.K." folds to "uk".
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	f := strings.TrimSpace(b.String())
	f = strings.TrimPrefix(f, "the ")
	return f
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// titles are words that introduce a person or an office before a name.
var nameNoise = []string{
	"delegation of ", "delegate of ", "representative of ", "distinguished delegate of ",
	"distinguished representative of ", "permanent mission of ", "mission of ",
	"government of ", "republic of the ",
}

// Key returns the speaker with the given key (EU, KEN…), if known.
func (g *Gazetteer) Key(key string) (Speaker, bool) {
	s, ok := g.byKey[strings.ToUpper(strings.TrimSpace(key))]
	return s, ok
}

// Lookup resolves a name, alias or key ("UK", "Lao PDR", "Côte d’Ivoire",
// "the delegation of Kenya", "KEN") to a speaker.
func (g *Gazetteer) Lookup(name string) (Speaker, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Speaker{}, false
	}
	if s, ok := g.byKey[name]; ok {
		return s, true
	}
	bare := strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The ")
	if k, ok := g.caseSensitive[strings.ReplaceAll(strings.TrimSuffix(bare, "."), ".", "")]; ok {
		return g.byKey[k], true
	}
	f := fold(name)
	for {
		if k, ok := g.byAlias[f]; ok {
			return g.byKey[k], true
		}
		trimmed := false
		for _, n := range nameNoise {
			if strings.HasPrefix(f, n) {
				f = strings.TrimPrefix(strings.TrimPrefix(f, n), "the ")
				trimmed = true
			}
		}
		if !trimmed {
			break
		}
	}
	return Speaker{}, false
}

// Mention is a speaker named in a text.
type Mention struct {
	Speaker Speaker
	// Start and End are byte offsets of the name in the text.
	Start, End int
}

// word is a token of a text with its byte range.
type word struct {
	text       string
	start, end int
}

// words splits text into runs of letters, digits, apostrophes, hyphens and
// dots (so "U.K." and "Guinea-Bissau" stay whole).
func words(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' || r == '.'
		if inWord && start < 0 {
			start = i
		}
		if !inWord && start >= 0 {
			if w := trimWord(text, start, i); w.text != "" {
				out = append(out, w)
			}
			start = -1
		}
	}
	if start >= 0 {
		if w := trimWord(text, start, len(text)); w.text != "" {
			out = append(out, w)
		}
	}
	return out
}

// trimWord drops trailing dots and hyphens from a word, unless the word is an
// acronym with inner dots ("U.S.").
func trimWord(text string, start, end int) word {
	w := text[start:end]
	if !(strings.Count(w, ".") > 1 && isAcronym(w)) {
		for len(w) > 0 && (w[len(w)-1] == '.' || w[len(w)-1] == '-') {
			w = w[:len(w)-1]
			end--
		}
	}
	return word{text: w, start: start, end: end}
}

// FindAll returns every speaker named in text, longest name first at each
// place, in order of appearance.
func (g *Gazetteer) FindAll(text string) []Mention {
	ws := words(text)
	var out []Mention
	for i := 0; i < len(ws); {
		if strings.EqualFold(ws[i].text, "the") {
			i++
			continue
		}
		n, s, ok := g.matchAt(text, ws, i)
		if !ok {
			i++
			continue
		}
		out = append(out, Mention{Speaker: s, Start: ws[i].start, End: ws[i+n-1].end})
		i += n
	}
	return out
}

// MatchPrefix resolves the longest name at the start of text ("Ghana, to be
// followed by …" → Ghana) and returns the byte length it covers.
func (g *Gazetteer) MatchPrefix(text string) (Speaker, int, bool) {
	ws := words(text)
	if len(ws) == 0 {
		return Speaker{}, 0, false
	}
	// Allow an introducing "the", "delegation of the", … before the name.
	for skip := 0; skip < len(ws) && skip < 5; skip++ {
		n, s, ok := g.matchAt(text, ws, skip)
		if ok {
			return s, ws[skip+n-1].end, true
		}
		if !introWords[strings.ToLower(ws[skip].text)] {
			break
		}
	}
	return Speaker{}, 0, false
}

// introWords may precede a name in a hand-over ("the delegation of Kenya").
var introWords = map[string]bool{
	"the": true, "delegation": true, "delegate": true, "representative": true,
	"distinguished": true, "of": true, "esteemed": true, "honourable": true, "honorable": true,
}

// matchAt tries the longest alias starting at word i; n is the number of
// words it spans.
func (g *Gazetteer) matchAt(text string, ws []word, i int) (int, Speaker, bool) {
	if k, ok := g.caseSensitive[strings.ReplaceAll(ws[i].text, ".", "")]; ok {
		return 1, g.byKey[k], true
	}
	first := fold(ws[i].text)
	if j := strings.IndexByte(first, ' '); j >= 0 {
		first = first[:j] // "Non-Aligned" folds to "non aligned"
	}
	if !g.firstWords[first] {
		return 0, Speaker{}, false
	}
	max := g.maxWords
	if i+max > len(ws) {
		max = len(ws) - i
	}
	for n := max; n >= 1; n-- {
		span := text[ws[i].start:ws[i+n-1].end]
		if n == 1 {
			if k, ok := g.caseSensitive[strings.ReplaceAll(span, ".", "")]; ok {
				return 1, g.byKey[k], true
			}
			// A single lower-case word is never a name ("chad", "turkey").
			if r := []rune(span)[0]; !unicode.IsUpper(r) {
				return 0, Speaker{}, false
			}
		}
		if k, ok := g.byAlias[fold(span)]; ok {
			if k == "CHAIR" && n == 1 {
				// "Chair" alone in running text addresses the chair; it is
				// not a mention of a speaker.
				continue
			}
			return n, g.byKey[k], true
		}
	}
	return 0, Speaker{}, false
}

// IsChair reports whether a label such as "Ambassador Gafoor" names a
// known OEWG chair.
func IsChair(label string) bool {
	for _, w := range strings.Fields(fold(label)) {
		if chairs[w] {
			return true
		}
	}
	return false
}
