package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/reports"
)

// chart is a stacked bar chart drawn on the server as SVG: the page
// needs no script and prints as it shows.
type chart struct {
	Width, Height int
	Texts         []svgText
	Rects         []svgRect
}

type svgText struct {
	X, Y   int
	Text   string
	Bold   bool
	Anchor string
}

type svgRect struct {
	X, Y, W, H int
	Fill       string
	Title      string
}

// stanceColours are the fills of the stances, in bar order; they match
// the table's cell colours.
var stanceColours = []struct{ Stance, Fill string }{
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

func groupLabel(by string, g reports.GroupCount) string {
	p := g.Process
	if p == "" {
		p = "no process"
	}
	if by == reports.BySession {
		if g.Session == 0 {
			return p + ", no session"
		}
		return p + ", session " + strconv.Itoa(g.Session)
	}
	return p
}

// drawChart lays out c: a block per position, a bar per group whose
// segments are the numbers of speakers by stance.
func drawChart(c *reports.GroupComparison) chart {
	most := 1
	for _, row := range c.Counts {
		for _, n := range row {
			most = max(most, n.Speakers)
		}
	}
	scale := float64(chartWidth-labelWidth-40) / float64(most)
	ch := chart{Width: chartWidth}
	y := 0
	for j, p := range c.Positions {
		y += headHeight
		ch.Texts = append(ch.Texts, svgText{X: 0, Y: y - 8, Text: p, Bold: true})
		for i, g := range c.Groups {
			n := c.Counts[i][j]
			label := groupLabel(c.By, g)
			ch.Texts = append(ch.Texts, svgText{X: labelWidth - 6, Y: y + barHeight - 4, Text: label, Anchor: "end"})
			x := labelWidth
			for k, v := range []int{n.Support, n.Oppose, n.Mixed, n.Mention} {
				if v == 0 {
					continue
				}
				w := int(float64(v)*scale + 0.5)
				sc := stanceColours[k]
				ch.Rects = append(ch.Rects, svgRect{X: x, Y: y, W: w, H: barHeight, Fill: sc.Fill,
					Title: label + ", " + p + ": " + strconv.Itoa(v) + " " + sc.Stance})
				x += w
			}
			ch.Texts = append(ch.Texts, svgText{X: x + 4, Y: y + barHeight - 4, Text: strconv.Itoa(n.Speakers)})
			y += barHeight + rowGap
		}
	}
	ch.Height = y + 4
	return ch
}

type compareView struct {
	By      string
	Chart   chart
	Cmp     *reports.GroupComparison
	Labels  []string
	Legend  []struct{ Stance, Fill string }
	Params  map[string]string
	Incl    map[string]bool
	Stances []string
}

func (h *Handler) compare(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	by := v.Get("by")
	if by == "" {
		by = reports.BySession
	}
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		if by != reports.BySession && by != reports.ByProcess {
			return badf("by %q: use session or process", by)
		}
		f, err := h.parseFilter(v)
		if err != nil {
			return err
		}
		cols := f.Positions
		if len(cols) == 0 {
			cols = h.opt.Positions
		}
		tagged := f
		tagged.Tagged = true
		c, err := reports.CompareBy(segmentsOf(ctx, ix, tagged), by, reportOptions(v, cols, f.Stance))
		if err != nil {
			return err
		}
		view := compareView{By: by, Chart: drawChart(c), Cmp: c, Legend: stanceColours, Params: map[string]string{}, Incl: map[string]bool{},
			Stances: []string{"support", "oppose", "mention"}}
		for _, g := range c.Groups {
			view.Labels = append(view.Labels, groupLabel(by, g))
		}
		for _, k := range filterParams {
			view.Params[k] = strings.Join(list(v, k), ",")
		}
		for _, k := range []string{"chair", "nonstate", "allkinds"} {
			view.Incl[k] = v.Get(k) != ""
		}
		h.render(w, http.StatusOK, "compare", page{Title: "Stances by " + by, Path: "/compare", Data: view})
		return nil
	})
}
