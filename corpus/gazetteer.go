package corpus

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/biter777/countries"
	"github.com/oewg/oewg/internal/fileerr"
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
	// collisions are aliases two speakers claimed; the first kept it.
	collisions []string
}

// Default returns the built-in gazetteer of the 193 UN member States, the
// two observer States and the groups and bodies of data/bodies.yaml.
func Default() *Gazetteer { return defaultGazetteer() }

// defaultGazetteer is built from the bodies of the built-in data alone,
// as DefaultLexicon's is.
//
// NOTE: resolving a --speaker needs no label grammar or hand-over
// pattern; compiling those cost a one-shot search 13 ms.
var defaultGazetteer = sync.OnceValue(func() *Gazetteer {
	var errs fileerr.List
	var bodies []entry
	b, err := dataFS.ReadFile("data/bodies.yaml")
	if err != nil {
		panic("corpus: built-in gazetteer: " + err.Error())
	}
	if root := parseYAML("corpus/data/bodies.yaml", b, &errs); root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "bodies" {
				bodies = append(bodies, readBodies("corpus/data/bodies.yaml", root.Content[i+1], &errs)...)
			}
		}
	}
	if err := errs.Err(); err != nil {
		// The built-in files are tested; a failure here is a build error.
		panic("corpus: built-in gazetteer: " + err.Error())
	}
	return newGazetteer(bodies)
})

// Speakers lists every speaker the gazetteer knows, by key.
func (g *Gazetteer) Speakers() []Speaker {
	out := make([]Speaker, 0, len(g.byKey))
	for _, k := range slices.Sorted(maps.Keys(g.byKey)) {
		out = append(out, g.byKey[k])
	}
	return out
}

// newGazetteer builds the gazetteer of the States and the given bodies; a
// body whose key is already known adds its aliases to it.
func newGazetteer(bodies []entry) *Gazetteer {
	g := &Gazetteer{byKey: map[string]Speaker{}, byAlias: map[string]string{}, caseSensitive: map[string]string{}, firstWords: map[string]bool{}}
	add := func(e entry) {
		if _, ok := g.byKey[e.key]; !ok {
			sp := Speaker{Key: e.key, Name: e.name, Role: e.role}
			if e.role == RoleDelegation {
				sp.ISO3 = e.key
				if e.key == "NAMIBIA" {
					sp.ISO3 = "NAM"
				}
			}
			g.byKey[e.key] = sp
		}
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
	if k, taken := g.byAlias[folded]; taken && k != key {
		// NOTE: the first speaker to claim a name keeps it: States come
		// first, so a body's alias never takes a State's name.
		g.collisions = append(g.collisions, folded+": "+k+" and "+key)
		return
	}
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
	if f, ok := foldASCIIWord(s); ok {
		return f
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

// foldASCIIWord is fold's fast path for a word of ASCII letters and digits
// (most words of a text): its lower case, unless it is "the".
func foldASCIIWord(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			upper = true
		default:
			return "", false
		}
	}
	if s == "" || strings.EqualFold(s, "the") {
		return "", false
	}
	if !upper {
		return s, true
	}
	return strings.ToLower(s), true
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
	// "Representative of UNIDIR", "the delegation of the EU": an office
	// before an acronym that only counts in capitals.
	if i := strings.LastIndex(name, " of "); i > 0 {
		if k, ok := g.caseSensitive[strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(name[i+4:]), "the "), ".", "")]; ok {
			if slices.Contains(nameNoise, fold(name[:i+4])+" ") {
				return g.byKey[k], true
			}
		}
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
	return g.matchPrefix(text, introWords, false)
}

// matchPrefix is MatchPrefix with the words that may come before the name;
// anyCase takes names written in lower case.
func (g *Gazetteer) matchPrefix(text string, intro map[string]bool, anyCase bool) (Speaker, int, bool) {
	ws := words(text)
	if len(ws) == 0 {
		return Speaker{}, 0, false
	}
	// Allow an introducing "the", "delegation of the", … before the name.
	for skip := 0; skip < len(ws) && skip < 8; skip++ {
		n, s, ok := g.matchAtCase(text, ws, skip, anyCase)
		if ok {
			return s, ws[skip+n-1].end, true
		}
		if !intro[strings.ToLower(ws[skip].text)] {
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
	return g.matchAtCase(text, ws, i, false)
}

// matchAtCase is matchAt; anyCase also takes a single lower-case word
// ("the representative of guinea", as speech recognition writes it), for
// places where only a name can stand.
func (g *Gazetteer) matchAtCase(text string, ws []word, i int, anyCase bool) (int, Speaker, bool) {
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
			if r := []rune(span)[0]; !unicode.IsUpper(r) && !anyCase {
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
// known chair (data/bodies.yaml, chair_people).
func IsChair(label string) bool { return DefaultLexicon().isChairPerson(label) }

func (lx *Lexicon) isChairPerson(label string) bool {
	for _, w := range strings.Fields(fold(label)) {
		if lx.chairPeople[w] {
			return true
		}
	}
	return false
}

// fuzzyPrefix resolves a name garbled by speech recognition ("Lichtenstein",
// "Cot d'Ivoire") at the start of text, after the intro words: the alias of
// the same number of words within a small edit distance (1 for names of 5
// to 7 letters, 2 from 8), when exactly one speaker is that close.
func (g *Gazetteer) fuzzyPrefix(text string, intro map[string]bool) (Speaker, bool) {
	ws := words(text)
	skip := 0
	for skip < len(ws) && skip < 8 && intro[strings.ToLower(ws[skip].text)] {
		skip++
	}
	for n := min(4, len(ws)-skip); n >= 1; n-- {
		cand := fold(text[ws[skip].start:ws[skip+n-1].end])
		limit := 0
		switch l := len(cand); {
		case l >= 8:
			limit = 2
		case l >= 5:
			limit = 1
		}
		if limit == 0 {
			continue
		}
		found := ""
		for alias, key := range g.byAlias {
			if strings.Count(alias, " ") != n-1 || abs(len(alias)-len(cand)) > limit {
				continue
			}
			if editDistance(alias, cand, limit) <= limit {
				if found != "" && found != key {
					found = "?"
					break
				}
				found = key
			}
		}
		if found != "" && found != "?" && g.byKey[found].Role != RoleChair {
			return g.byKey[found], true
		}
	}
	return Speaker{}, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance of a and b (bytes), or limit+1
// once it is sure to exceed limit.
func editDistance(a, b string, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// mayStartName is a cheap test that text's first word can start a name:
// most sentences start with "We" or "In", which no name does.
func (g *Gazetteer) mayStartName(text string) bool {
	end := strings.IndexFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' || r == '.')
	})
	if end < 0 {
		end = len(text)
	}
	w := trimWord(text, 0, end).text
	if w == "" {
		return false
	}
	if _, ok := g.caseSensitive[strings.ReplaceAll(w, ".", "")]; ok {
		return true
	}
	first := fold(w)
	if j := strings.IndexByte(first, ' '); j >= 0 {
		first = first[:j]
	}
	return g.firstWords[first]
}

// Nearest returns up to n speakers whose names, aliases or keys are
// closest to name by edit distance (at most a third of its letters, and at
// least 2): those at the smallest distance found, by key, for "did you
// mean" hints.
func (g *Gazetteer) Nearest(name string, n int) []Speaker {
	f := fold(name)
	if f == "" {
		return nil
	}
	limit := max(2, len(f)/3)
	best := map[string]int{}
	for alias, key := range g.byAlias {
		if abs(len(alias)-len(f)) > limit {
			continue
		}
		if d := editDistance(alias, f, limit); d <= limit {
			if old, ok := best[key]; !ok || d < old {
				best[key] = d
			}
		}
	}
	keys := make([]string, 0, len(best))
	for k := range best {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := best[a] - best[b]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	var out []Speaker
	for _, k := range keys {
		if len(out) == n || best[k] > best[keys[0]] {
			break
		}
		out = append(out, g.byKey[k])
	}
	return out
}

// CheckSpeaker checks a speaker given in metadata: a name, alias or key the
// gazetteer knows, the chair, or any name given with a role (m.Role). An
// unknown name is an error with the nearest known names.
func (g *Gazetteer) CheckSpeaker(m Meta) error {
	if m.Speaker == "" {
		if m.Role != "" {
			return fmt.Errorf("role %s given without a speaker; give speaker too, or drop role", m.Role)
		}
		return nil
	}
	if m.Role != "" || IsChair(m.Speaker) {
		return nil
	}
	if _, ok := g.Lookup(m.Speaker); ok {
		return nil
	}
	if _, ok := g.Key(m.Speaker); ok {
		return nil
	}
	hint := ""
	if near := g.Nearest(m.Speaker, 3); len(near) > 0 {
		names := make([]string, len(near))
		for i, s := range near {
			names[i] = fmt.Sprintf("%s (%s)", s.Name, s.Key)
		}
		hint = " (did you mean " + strings.Join(names, " or ") + "?)"
	}
	return fmt.Errorf("speaker %q is not a State, group or body oewg knows%s; give a known name or key, or add role (%s) for a speaker that is none of these", m.Speaker, hint, strings.Join(MetaRoles, ", "))
}
