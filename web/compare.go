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
		c, err := reports.CompareBy(pipeline.Source(ctx, ix, tagged), by, reportOptions(v, cols, f.Stance))
		if err != nil {
			return err
		}
		view := compareView{By: by, Chart: reports.DrawChart(c, nil), Cmp: c, Legend: reports.StanceColours, Params: map[string]string{}, Incl: map[string]bool{},
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
