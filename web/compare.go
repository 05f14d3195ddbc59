package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

type compareView struct {
	By      string
	Chart   reports.Chart
	Cmp     *reports.GroupComparison
	Labels  []string
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
		c, err := reports.CompareBy(pipeline.Source(ctx, ix, tagged), by, reportOptions(v, cols, f.Stance))
		if err != nil {
			return err
		}
		view := compareView{By: by, Chart: reports.DrawChart(c, nil), Cmp: c, Params: map[string]string{}, Incl: map[string]bool{},
			Stances: []string{"support", "oppose", "mention"}}
		for _, g := range c.Groups {
			view.Labels = append(view.Labels, reports.GroupLabel(by, g))
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

// sideView is the page that sets speakers side by side.
type sideView struct {
	Speakers string // as typed
	Cmp      *reports.SpeakerComparison
	Rows     []sideRow
	Params   map[string]string
	Incl     map[string]bool
	Stances  []string
}

type sideRow struct {
	Position string
	Cells    []sideCell
}

type sideCell struct {
	Cell   *reports.Cell
	Symbol string
	Href   string
	Doc    string // the quote's segment
}

// maxSideBySide bounds the speakers one page compares.
const maxSideBySide = 8

// compareSpeakers sets speakers side by side: for each position, each
// one's stance, segments and best quote, linked to its evidence.
func (h *Handler) compareSpeakers(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		f, err := h.parseFilter(v)
		if err != nil {
			return err
		}
		view := sideView{Speakers: strings.Join(list(v, "speakers"), ", "), Params: map[string]string{}, Incl: map[string]bool{},
			Stances: []string{"support", "oppose", "mention"}}
		for _, k := range filterParams {
			view.Params[k] = strings.Join(list(v, k), ",")
		}
		for _, k := range []string{"chair", "nonstate", "allkinds"} {
			view.Incl[k] = v.Get(k) != ""
		}
		var keys []string
		for _, s := range list(v, "speakers") {
			k, ok := pipeline.ResolveSpeaker(s)
			if !ok {
				return badf("speakers: %q is not a speaker oewg knows; use a key such as KEN or a name such as Kenya", s)
			}
			keys = append(keys, k)
		}
		if len(keys) > maxSideBySide {
			return badf("speakers: %d given, at most %d side by side", len(keys), maxSideBySide)
		}
		if len(keys) > 0 {
			cols := f.Positions
			if len(cols) == 0 {
				cols = h.opt.Positions
			}
			if len(f.Speakers) == 0 {
				f.Speakers = keys
			}
			c, err := reports.CompareSpeakers(pipeline.Source(ctx, ix, f), keys, reportOptions(v, cols, f.Stance))
			if err != nil {
				return err
			}
			view.Cmp = c
			keep := filterValues(v)
			keep.Del("speaker")
			for i, p := range c.Positions {
				row := sideRow{Position: p}
				for j, x := range c.Cells[i] {
					sc := sideCell{Cell: x}
					if x != nil {
						sc.Symbol = reports.Symbol(x.Stance)
						sc.Href = href("/search", with(keep, "speaker", c.Speakers[j].Key, "position", p))
						if len(x.Evidence) > 0 {
							sc.Doc = docHref(x.Evidence[0].Doc, x.Evidence[0].Seq)
						}
					}
					row.Cells = append(row.Cells, sc)
				}
				view.Rows = append(view.Rows, row)
			}
		}
		h.render(w, http.StatusOK, "side", page{Title: "Speakers side by side", Path: "/compare/speakers", Data: view})
		return nil
	})
}
