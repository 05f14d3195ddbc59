package reports

import (
	"cmp"
	"strconv"
)

// Chart is a stacked bar chart of a GroupComparison, laid out for SVG:
// pages and reports draw it with no script, and it prints as it shows.
type Chart struct {
	Width, Height int
	Texts         []SVGText
	Rects         []SVGRect
}

// SVGText is a label of a Chart.
type SVGText struct {
	X, Y   int
	Text   string
	Bold   bool
	Anchor string
}

// SVGRect is a bar segment of a Chart; Title is its tooltip.
type SVGRect struct {
	X, Y, W, H int
	Fill       string
	Title      string
}

// StanceColours are the fills of the stances, in bar order; the legends
// of pages and reports use them.
var StanceColours = []struct{ Stance, Fill string }{
	{"support", "#2e7d32"}, {"oppose", "#c62828"}, {"mixed", "#ef8f00"}, {"mention", "#9e9e9e"},
}

// Chart geometry, in pixels.
const (
	chartWidth = 760
	labelWidth = 190
	barHeight  = 16
	rowGap     = 4
	headHeight = 26
)

// GroupLabel names a row of a GroupComparison: "OEWG 2021-2025, session 7".
func GroupLabel(by string, g GroupCount) string {
	p := g.Process
	if p == "" {
		p = "(no process)"
	}
	if by == BySession {
		if g.Session == 0 {
			return p + ", no session"
		}
		return p + ", session " + strconv.Itoa(g.Session)
	}
	return p
}

// DrawChart lays out c: a block per position, a bar per group whose
// segments are the numbers of speakers by stance.
func DrawChart(c *GroupComparison, labels map[string]string) Chart {
	most := 1
	for _, row := range c.Counts {
		for _, n := range row {
			most = max(most, n.Speakers)
		}
	}
	scale := float64(chartWidth-labelWidth-40) / float64(most)
	ch := Chart{Width: chartWidth}
	// The legend: a swatch of each stance's fill and its name, then "n =
	// speakers", so that the chart reads alone (printed, or copied).
	x := 0
	for _, sc := range StanceColours {
		ch.Rects = append(ch.Rects, SVGRect{X: x, Y: 2, W: 12, H: 12, Fill: sc.Fill, Title: sc.Stance})
		ch.Texts = append(ch.Texts, SVGText{X: x + 16, Y: 13, Text: sc.Stance})
		x += 16 + 9*len(sc.Stance) + 14
	}
	ch.Texts = append(ch.Texts, SVGText{X: x, Y: 13, Text: "(bar ends: number of speakers)"})
	y := 18
	for j, p := range c.Positions {
		y += headHeight
		ch.Texts = append(ch.Texts, SVGText{X: 0, Y: y - 8, Text: cmp.Or(labels[p], p), Bold: true})
		for i, g := range c.Groups {
			n := c.Counts[i][j]
			label := GroupLabel(c.By, g)
			ch.Texts = append(ch.Texts, SVGText{X: labelWidth - 6, Y: y + barHeight - 4, Text: label, Anchor: "end"})
			x := labelWidth
			for k, v := range []int{n.Support, n.Oppose, n.Mixed, n.Mention} {
				if v == 0 {
					continue
				}
				w := int(float64(v)*scale + 0.5)
				sc := StanceColours[k]
				ch.Rects = append(ch.Rects, SVGRect{X: x, Y: y, W: w, H: barHeight, Fill: sc.Fill,
					Title: label + ", " + cmp.Or(labels[p], p) + ": " + strconv.Itoa(v) + " " + sc.Stance})
				x += w
			}
			ch.Texts = append(ch.Texts, SVGText{X: x + 4, Y: y + barHeight - 4, Text: strconv.Itoa(n.Speakers)})
			y += barHeight + rowGap
		}
	}
	ch.Height = y + 4
	return ch
}
