package reports

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oewg/oewg/corpus"
)

// KWICSorts are the orders a concordance can be printed in: as the hits
// came (by score), by the words after the match, or by the words before
// it read backwards (the word next to the match first).
var KWICSorts = []string{"score", "right", "left"}

// KWICLine is one line of a concordance: one match in its context.
type KWICLine struct {
	// Ref locates the match: speaker key and document #seq.
	Ref string
	// Left and Right are the text before and after the match, with runs of
	// white space made one space; Match is the matched words.
	Left, Match, Right string
}

// Concordance returns a line for each match of s, in text order. Spans one
// short word or a hyphen apart ("programme of action", "capacity-building")
// are one match.
func Concordance(s corpus.Segment, spans []corpus.Span) []KWICLine {
	ref := s.Speaker.Key + " " + shorten(s.Doc, 18) + " #" + strconv.Itoa(s.Seq)
	var out []KWICLine
	for _, sp := range joinSpans(s.Text, spans) {
		out = append(out, KWICLine{Ref: ref, Left: oneLine(s.Text[:sp.Start]), Match: oneLine(s.Text[sp.Start:sp.End]), Right: oneLine(s.Text[sp.End:])})
	}
	return out
}

// joinSpans merges spans (sorted, inside text) whose gap is only spaces
// and punctuation or one word of at most three letters (a stop word the
// index left out of a phrase).
func joinSpans(text string, spans []corpus.Span) []corpus.Span {
	var out []corpus.Span
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			continue
		}
		if n := len(out); n > 0 && sp.Start >= out[n-1].End && shortGap(text[out[n-1].End:sp.Start]) {
			out[n-1].End = sp.End
			continue
		}
		if n := len(out); n > 0 && sp.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

func shortGap(gap string) bool {
	words := strings.FieldsFunc(gap, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(gap) > 8 || len(words) > 1 {
		return false
	}
	return len(words) == 0 || utf8.RuneCountInString(words[0]) <= 3
}

// shorten cuts s to n runes, the last one an ellipsis.
func shorten(s string, n int) string {
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n-1]) + "…"
	}
	return s
}

// oneLine makes runs of white space one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// SortKWIC orders lines by how (one of KWICSorts); "score" keeps them.
func SortKWIC(lines []KWICLine, how string) {
	fold := strings.ToLower
	switch how {
	case "right":
		slices.SortStableFunc(lines, func(a, b KWICLine) int {
			return cmp.Or(strings.Compare(fold(a.Match), fold(b.Match)), strings.Compare(fold(a.Right), fold(b.Right)))
		})
	case "left":
		backwards := func(s string) []string {
			ws := strings.Fields(fold(s))
			slices.Reverse(ws)
			return ws
		}
		slices.SortStableFunc(lines, func(a, b KWICLine) int {
			return cmp.Or(strings.Compare(fold(a.Match), fold(b.Match)), slices.Compare(backwards(a.Left), backwards(b.Left)))
		})
	}
}

// RenderKWIC prints lines aligned on the match, each at most width
// columns (runes): the reference, the left context right-aligned, the
// match, the right context, cut at word boundaries where they can be.
func RenderKWIC(w io.Writer, lines []KWICLine, width int) error {
	refW := 0
	for _, l := range lines {
		refW = max(refW, utf8.RuneCountInString(l.Ref))
	}
	matchW := 0
	for _, l := range lines {
		matchW = max(matchW, utf8.RuneCountInString(l.Match))
	}
	room := width - refW - 6 // two spaces after the ref, around the match
	matchW = min(matchW, max(room/3, 8))
	side := max((room-matchW)/2, 10)
	for _, l := range lines {
		left := lastRunes(l.Left, side)
		right := firstRunes(l.Right, room-side-min(utf8.RuneCountInString(l.Match), matchW))
		match := firstRunes(l.Match, matchW)
		if _, err := fmt.Fprintf(w, "%-*s  %*s  %s  %s\n", refW, l.Ref, side, left, match, right); err != nil {
			return err
		}
	}
	return nil
}

// lastRunes returns the end of s in at most n runes, from a word start if
// one is near.
func lastRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	rs = rs[len(rs)-n:]
	if i := slices.Index(rs, ' '); i >= 0 && i < n/4 {
		rs = rs[i+1:]
	}
	return string(rs)
}

// firstRunes returns the start of s in at most n runes, to a word end if
// one is near.
func firstRunes(s string, n int) string {
	rs := []rune(s)
	if n <= 0 {
		return ""
	}
	if len(rs) <= n {
		return s
	}
	rs = rs[:n]
	for i := len(rs) - 1; i > len(rs)*3/4; i-- {
		if rs[i] == ' ' {
			return string(rs[:i])
		}
	}
	return string(rs)
}
