package extract

import (
	"fmt"
	"strings"
	"unicode"
)

// textQuality measures how much of a PDF's text is broken into pieces that
// are not words: letters standing alone ("S e s s i o n", "V enezuela") and
// pairs of neighbours that make a word the same text uses whole ("dif
// ferentiated" where "differentiated" occurs elsewhere). It needs no
// dictionary: the document is its own. Glued words are looksGlued's.
type textQuality struct {
	tokens, singles, splits int
	// detached counts punctuation set off from its word ("Chair ."),
	// replaced counts U+FFFD, a glyph the PDF gave no character for,
	// stray counts a digit glued to the end of a word at a line's end
	// ("transcript8": a glyph mapped to the wrong character).
	detached, replaced, stray int
}

// minQualityTokens is the fewest words a page needs to be judged.
const minQualityTokens = 40

// badShare is the share of broken tokens above which text is bad; clean
// English prose has well under 1% (initials, list letters).
const badShare = 0.02

// lowerWords returns text's runs of letters, lower-cased.
func lowerWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
}

// vocabulary counts the words of texts.
func vocabulary(texts ...string) map[string]int {
	v := map[string]int{}
	for _, t := range texts {
		for _, w := range lowerWords(t) {
			v[w]++
		}
	}
	return v
}

// measureQuality measures text against the vocabulary of the whole document.
func measureQuality(text string, vocab map[string]int) textQuality {
	ws := lowerWords(text)
	q := textQuality{tokens: len(ws), replaced: strings.Count(text, "\uFFFD")}
	for i := 2; i < len(text); i++ {
		if text[i] == '\n' && text[i-1] >= '0' && text[i-1] <= '9' && text[i-2] >= 'a' && text[i-2] <= 'z' {
			q.stray++
		}
	}
	for i := 1; i+1 < len(text); i++ {
		if text[i-1] == ' ' && strings.IndexByte(",.;:!?", text[i]) >= 0 && (text[i+1] == ' ' || text[i+1] == '\n') && i >= 2 && text[i-2] != ' ' && text[i-2] != '.' {
			q.detached++
		}
	}
	for i, w := range ws {
		if len([]rune(w)) == 1 && w != "a" && w != "i" {
			q.singles++
			continue
		}
		if i+1 < len(ws) && !common[w] && !common[ws[i+1]] && vocab[w+ws[i+1]] > 0 && len(w)+len(ws[i+1]) >= 6 {
			q.splits++
		}
	}
	return q
}

// bad reports whether the text is broken, and why.
func (q textQuality) bad() (bool, string) {
	if q.tokens < minQualityTokens {
		return false, ""
	}
	share := float64(q.singles+q.splits+q.detached+q.replaced+q.stray) / float64(q.tokens)
	if share <= badShare {
		return false, ""
	}
	return true, fmt.Sprintf("%.0f%% of %d words broken: %d single letters, %d split words, %d detached stops, %d unknown glyphs, %d stray digits at line ends", 100*share, q.tokens, q.singles, q.splits, q.detached, q.replaced, q.stray)
}

// common are short words that stand next to others and may also make a
// word with their neighbour ("in" + "formal"), which says nothing of a split.
var common = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of to in on at by for from with as is are was be been it its
	we our us you your he she they their them this that these those and or but not no nor so if
	into onto up out over under any all some each every other one two own per via than then
	there here where when who whom which what how do does did can may will shall should would
	could must has have had my me mr ms dr new non co re pre`) {
		common[w] = true
	}
}

// pagesQuality judges each page's text against the whole document's words
// and returns the 1-based numbers of the bad pages with a reason for the
// first.
func pagesQuality(pages []string) ([]int, string) {
	vocab := vocabulary(pages...)
	var bad []int
	why := ""
	for i, p := range pages {
		if b, w := measureQuality(p, vocab).bad(); b {
			bad = append(bad, i+1)
			if why == "" {
				why = w
			}
		}
	}
	// NOTE: a document too short for any page to be judged is judged
	// whole.
	if len(bad) == 0 && len(pages) > 1 {
		all := strings.Join(pages, "\n")
		if b, w := measureQuality(all, vocab).bad(); b {
			for i := range pages {
				bad = append(bad, i+1)
			}
			why = w
		}
	}
	return bad, why
}

// agreement is the share of words two extractions of the same pages have
// in common (as multisets, against the longer).
func agreement(a, b string) float64 {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 && len(wb) == 0 {
		return 1
	}
	c := map[string]int{}
	for _, w := range wa {
		c[w]++
	}
	shared := 0
	for _, w := range wb {
		if c[w] > 0 {
			c[w]--
			shared++
		}
	}
	return float64(shared) / float64(max(len(wa), len(wb)))
}
