package extract

import (
	"math"
	"slices"

	"github.com/ledongthuc/pdf"
)

// Column positions of a line (pdfLine.col).
const (
	colUnknown = iota // not decided: worked out from x and xMax
	colSpan           // across the columns: a title, a running header
	colLeft
	colRight
)

// orderPage puts a page's lines in reading order: a two-column page
// column by column (lines that span both columns, such as a title, stay
// where they are and part the page into sections), and footnotes — lines
// in a smaller type below the body — after the body, marked as notes (which
// pdfParagraphs sets apart at the end of the document, so that they are
// never glued into a sentence). Lines come sorted top to bottom.
func orderPage(lines []pdfLine) []pdfLine {
	if len(lines) < 6 {
		return lines
	}
	body, notes := splitFootnotes(lines)
	if !hasColumns(body) {
		return append(body, notes...)
	}
	out := make([]pdfLine, 0, len(lines))
	var left, right []pdfLine
	flush := func() {
		out = append(append(out, left...), right...)
		left, right = left[:0], right[:0]
	}
	for _, l := range body {
		switch l.col {
		case colLeft:
			left = append(left, l)
		case colRight:
			right = append(right, l)
		default:
			flush()
			out = append(out, l)
		}
	}
	flush()
	return append(out, notes...)
}

// splitFootnotes separates the lines in a smaller type (under 85% of the
// page's usual size) that stand below every line of the usual size.
func splitFootnotes(lines []pdfLine) (body, notes []pdfLine) {
	sizes := make([]float64, len(lines))
	for i, l := range lines {
		sizes[i] = l.size
	}
	slices.Sort(sizes)
	usual := sizes[len(sizes)/2]
	lowest := math.Inf(1)
	for _, l := range lines {
		if l.size >= 0.85*usual {
			lowest = min(lowest, l.y)
		}
	}
	for _, l := range lines {
		if l.size < 0.85*usual && l.y < lowest {
			notes = append(notes, l)
			continue
		}
		body = append(body, l)
	}
	for i := range notes {
		notes[i].note = true
	}
	return body, notes
}

// hasColumns decides each line's column (where the extractor has not) and
// reports whether the page has two: a gutter in the middle of the page
// that at most a quarter of the lines cross, with at least five lines on
// each side.
func hasColumns(lines []pdfLine) bool {
	decided := 0
	for _, l := range lines {
		if l.col != colUnknown {
			decided++
		}
	}
	if decided == len(lines) {
		n := 0
		for _, l := range lines {
			if l.col == colRight {
				n++
			}
		}
		return n >= 5
	}
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		if l.xMax <= l.x {
			return false // no extents: nothing to decide with
		}
		minX, maxX = min(minX, l.x), max(maxX, l.xMax)
	}
	width := maxX - minX
	bestG, best := 0.0, 0
	for g := minX + 0.3*width; g <= minX+0.7*width; g += 2 {
		left, right, cross := 0, 0, 0
		for _, l := range lines {
			switch {
			case l.xMax <= g:
				left++
			case l.x >= g:
				right++
			default:
				cross++
			}
		}
		if cross*4 <= len(lines) && min(left, right) >= 5 && min(left, right) > best {
			bestG, best = g, min(left, right)
		}
	}
	if best == 0 {
		return false
	}
	for i := range lines {
		l := &lines[i]
		switch {
		case l.xMax <= bestG:
			l.col = colLeft
		case l.x >= bestG:
			l.col = colRight
		default:
			l.col = colSpan
		}
	}
	return true
}

// rightEdge finds the left edge of a right-hand column among a page's
// text runs grouped by baseline: the start in the middle of the page that
// most rows have a run at (at least five rows and a fifth of all rows; a
// column's lines are left-aligned, the words inside lines are not). 0 when
// there is none.
func rightEdge(rows [][]pdf.Text) float64 {
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		for _, t := range r {
			minX, maxX = min(minX, t.X), max(maxX, t.X)
		}
	}
	width := maxX - minX
	if width <= 0 {
		return 0
	}
	count := map[int]int{}
	for _, r := range rows {
		seen := map[int]bool{}
		for _, t := range r {
			if t.X < minX+0.3*width || t.X > minX+0.7*width {
				continue
			}
			k := int(math.Round(t.X))
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	edge, n := 0, 0
	for k, c := range count {
		if c > n || (c == n && k < edge) {
			edge, n = k, c
		}
	}
	if n < 5 || n*5 < len(rows) {
		return 0
	}
	return float64(edge) - 0.5
}
