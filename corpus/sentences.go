package corpus

import (
	"fmt"
	"strings"
	"sync"

	"github.com/jdkato/prose/v3/segment"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// domainAbbrevs are abbreviations heard in UN rooms that end with a period
// but do not end a sentence. Punkt stores them lower-case, without the final
// period.
var domainAbbrevs = []string{
	"para", "paras", "art", "arts", "amb", "mr", "mrs", "ms", "dr", "h.e",
	"no", "nos", "u.s", "u.k", "op", "rev", "add", "corr", "e.g", "i.e",
	"etc", "vol", "p", "pp", "st", "sr", "jr", "prof", "res", "doc",
	"cf", "approx", "dept", "govt", "int'l", "u.n",
}

var segmenter = sync.OnceValues(func() (*segment.Segmenter, error) {
	b, err := data.Asset("data/english.json")
	if err != nil {
		return nil, fmt.Errorf("load sentence model: %w", err)
	}
	training, err := sentences.LoadTraining(b)
	if err != nil {
		return nil, fmt.Errorf("load sentence model: %w", err)
	}
	for _, a := range domainAbbrevs {
		training.AbbrevTypes.Add(a)
	}
	// NOTE: the storage is never mutated after this point, which is what
	// makes the shared Segmenter safe for concurrent use.
	return segment.WithTraining(training), nil
})

// SplitSentences returns the byte spans of text's sentences, using prose v3's
// Punkt segmenter taught this domain's abbreviations (para., Amb., No., …).
// A blank line always ends a sentence: a salutation on its own line ("Mr.
// Chair,") or a heading is not glued to the sentence after it. Whitespace
// between sentences belongs to no span.
func SplitSentences(text string) []Span {
	seg, err := segmenter()
	if err != nil {
		// The model is embedded; failing to load it is a build defect.
		panic(err)
	}
	var out []Span
	for _, p := range paragraphs(text) {
		block := text[p.start:p.end]
		first := len(out)
		for _, s := range seg.Segment(block) {
			n := len(out)
			// NOTE: Punkt's orthographic heuristic still breaks after a
			// known abbreviation when the next word is capitalised ("Mr.
			// President", "Rev. 2" inside a symbol); a title or reference
			// abbreviation never ends a sentence here, so such a break is
			// undone.
			if n > first && endsWithTitleAbbrev(text[out[n-1].Start:out[n-1].End]) {
				out[n-1].End = p.start + s.End()
				continue
			}
			out = append(out, Span{Start: p.start + s.Start, End: p.start + s.End()})
		}
	}
	return out
}

// titleAbbrevs never end a sentence: they always precede a name or number.
var titleAbbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "amb": true, "h.e": true,
	"para": true, "paras": true, "art": true, "arts": true, "no": true,
	"nos": true, "op": true, "rev": true, "add": true, "corr": true,
	"prof": true, "st": true, "pp": true, "vol": true,
}

// endsWithTitleAbbrev reports whether sentence ends with "<abbr>." for an
// abbreviation in titleAbbrevs, the abbreviation being the text after the last
// space or slash.
func endsWithTitleAbbrev(sentence string) bool {
	if !strings.HasSuffix(sentence, ".") {
		return false
	}
	w := sentence[:len(sentence)-1]
	i := strings.LastIndexAny(w, " /(\n\t")
	if i >= 0 {
		w = w[i+1:]
	}
	if strings.EqualFold(w, "no") {
		// "Resolution No. 75" but not the answer "No." or "the answer is no."
		return w == "No" && i >= 0
	}
	return titleAbbrevs[strings.ToLower(w)]
}
