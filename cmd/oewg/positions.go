package main

import (
	"cmp"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// outputOptions are the flags of every report command: the format and
// where to write.
type outputOptions struct {
	Format string
	Output string
	Wide   bool
	// width, if set, is the terminal width to fit instead of stdout's.
	width int
}

func (o *outputOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Format, "format", "", "output format: "+strings.Join(reports.Formats, ", ")+" (default table, or what -o's extension says: .html, .md, .csv, .json)")
	fs.StringVarP(&o.Output, "output", "o", "", "write to FILE instead of standard output")
	fs.BoolVar(&o.Wide, "wide", false, "print the table at full width (by default a terminal's table is fitted to its width)")
}

// reportFormatOf returns the report format a file name's extension asks
// for, or "".
func reportFormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return "html"
	case ".md", ".markdown":
		return "md"
	case ".csv":
		return "csv"
	case ".json":
		return "json"
	case ".txt":
		return "table"
	}
	return ""
}

// check resolves and validates --format (from -o's extension when not
// given); an unknown one is a usage error.
func (o *outputOptions) check() error {
	if o.Format == "" {
		o.Format = cmp.Or(reportFormatOf(o.Output), "table")
	}
	if !slices.Contains(reports.Formats, o.Format) {
		return usagef("--format %q: use one of %s", o.Format, strings.Join(reports.Formats, ", "))
	}
	return nil
}

// write renders r to -o FILE or stdout; a table for a terminal is fitted
// to its width unless --wide.
func (o *outputOptions) write(r reports.Report, info reports.Info, stdout io.Writer) error {
	info.Generated = time.Now()
	if o.Format == "table" && o.Output == "" && !o.Wide {
		info.Width = o.width
		if info.Width == 0 && stdout == os.Stdout {
			info.Width = terminalWidth(0)
		}
	}
	return writeTo(o.Output, stdout, func(w io.Writer) error { return reports.Render(w, o.Format, r, info) })
}

// reportOptions are the flags shared by positions and compare.
type reportOptions struct {
	filterOptions
	outputOptions
	Evidence        int
	IncludeChair    bool
	IncludeNonState bool
	IncludeAllKinds bool
}

func (o *reportOptions) AddFlags(fs *pflag.FlagSet) {
	o.filterOptions.AddFlags(fs)
	o.outputOptions.AddFlags(fs)
	fs.IntVar(&o.Evidence, "evidence", 0, "quote up to N sentences per cell")
	fs.BoolVar(&o.IncludeChair, "include-chair", false, "count the chair's turns too")
	fs.BoolVar(&o.IncludeNonState, "include-non-state", false, "count groups, organisations, stakeholders and unknown speakers too")
	fs.BoolVar(&o.IncludeAllKinds, "include-all-kinds", false, "count concept notes and other papers too (not State positions)")
}

// options checks the flags and returns the index filter and report options.
func (o *reportOptions) options(g *globals) (index.Filter, reports.Options, error) {
	o.aggregate = true
	f, err := o.filter(g)
	if err != nil {
		return f, reports.Options{}, err
	}
	if err := o.check(); err != nil {
		return f, reports.Options{}, err
	}
	if o.Evidence < 0 {
		return f, reports.Options{}, usagef("--evidence %d: want 0 or more", o.Evidence)
	}
	cols := o.Positions
	if len(cols) == 0 {
		if cols, err = knownPositions(g); err != nil {
			return f, reports.Options{}, err
		}
	}
	return f, reports.Options{Positions: cols, IncludeChair: o.IncludeChair, IncludeNonState: o.IncludeNonState,
		IncludeAllKinds: o.IncludeAllKinds, Stance: o.Stance, Evidence: o.Evidence}, nil
}

// describe lists the filters and inclusions, for report headers.
func (o *reportOptions) describe(f index.Filter) []string {
	var d []string
	for _, p := range filterPairs(f) {
		d = append(d, p[0]+"="+p[1])
	}
	if o.Stance == corpus.StanceMixed {
		d = append(d, "stance=mixed") // left to the report, not the index filter
	}
	for _, x := range []struct {
		on   bool
		name string
	}{{o.IncludeChair, "include-chair"}, {o.IncludeNonState, "include-non-state"}, {o.IncludeAllKinds, "include-all-kinds"}} {
		if x.on {
			d = append(d, x.name)
		}
	}
	return d
}

// reportRun is what a report command has opened and checked: the index,
// the filters as given and the report options, for the report's header,
// labels, documents and method.
type reportRun struct {
	ctx context.Context
	g   *globals
	ix  *index.Index
	o   *reportOptions
	f   index.Filter
	opt reports.Options
}

// write renders r with its title and the filters that made it; HTML and
// Markdown also get the position labels and the method, HTML the
// documents behind the cells and, with chart, a stances-by-session chart
// over the same segments.
func (rr reportRun) write(r reports.Report, title string, chart bool, stdout io.Writer) error {
	info := reports.Info{Title: title, Filters: rr.o.describe(rr.f)}
	if rr.o.Format == "html" || rr.o.Format == "md" {
		fp, _ := rr.ix.Rules()
		info.Method = reports.Method(rr.opt, fp)
		if rs, err := loadRules(rr.g); err == nil {
			info.Labels = map[string]string{}
			for _, p := range rs.Positions() {
				info.Labels[p.ID] = p.Label
			}
		}
	}
	if rr.o.Format == "html" {
		var err error
		if info.Documents, err = documentRefs(rr.ctx, rr.ix, reports.DocIDs(r)); err != nil {
			return err
		}
		if gc, ok := r.(*reports.GroupComparison); ok {
			info.Chart = gc
		} else if chart {
			tagged := rr.f
			tagged.Tagged = true
			if info.Chart, err = reports.CompareBy(pipeline.Source(rr.ctx, rr.ix, tagged), reports.BySession, rr.opt); err != nil {
				return err
			}
		}
	}
	return rr.o.write(r, info, stdout)
}

// documentRefs describes the documents of ids, in date order.
func documentRefs(ctx context.Context, ix *index.Index, ids []string) ([]reports.DocRef, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	docs, err := ix.Documents(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []reports.DocRef
	for _, d := range docs {
		if want[d.ID] {
			out = append(out, reports.DocRef{ID: d.ID, Kind: d.Meta.Kind, Date: d.Meta.Date, Title: d.Meta.Title, Source: d.Meta.Source, Segments: d.Segments})
		}
	}
	slices.SortFunc(out, func(a, b reports.DocRef) int {
		return cmp.Or(strings.Compare(a.Date, b.Date), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func newPositionsCommand(g *globals) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "positions",
		Short: "The State × position table, with evidence",
		Long: `positions builds the State × position table over the index (--index).

Rows are speakers — State delegations only, unless --include-chair or
--include-non-state — sorted by name; columns are the positions of the
rule set. A cell is the speaker's stance aggregated over all its tags:
+ support, − oppose, ± mixed (both), · mention, with the number of
segments. A statement made on behalf of a group counts for the State that
delivered it. Concept notes and other papers are left out unless
--include-all-kinds. --evidence N quotes the N best sentences per cell
(support and oppose before mention, then the earliest).

Formats: table (terminal), md, csv (one row per cell), json (a list of cells) and
html (one self-contained file to open or share).`,
		Example: `  oewg positions --evidence 1
  oewg positions --process "OEWG 2021-2025" --session 7 --format md
  oewg positions --position poa --format html --evidence 3 -o poa.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPositions(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runPositions(ctx context.Context, o *reportOptions, g *globals, args []string, stdout io.Writer) error {
	f, opt, err := o.options(g)
	if err != nil {
		return err
	}
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	noteRules(g, ix, g.stderr())
	tagged := f // NOTE: untagged segments add nothing to the table
	tagged.Tagged = true
	t, err := reports.Positions(pipeline.Source(ctx, ix, tagged), opt)
	if err != nil {
		return err
	}
	return reportRun{ctx, g, ix, o, f, opt}.write(t, "Positions by speaker", true, stdout)
}
