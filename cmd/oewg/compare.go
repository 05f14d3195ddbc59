package main

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// compareOptions are the flags of oewg compare.
type compareOptions struct {
	reportOptions
	With []string // --speakers
	By   string
}

func (o *compareOptions) AddFlags(fs *pflag.FlagSet) {
	o.reportOptions.AddFlags(fs)
	fs.StringSliceVar(&o.With, "speakers", nil, "compare these speakers side by side (keys, comma-separated)")
	fs.StringVar(&o.By, "by", "", "count stances per session or per process: session, process")
}

func newCompareCommand(g *globals) *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare (--speakers A,B,… | --by session|process)",
		Short: "Compare stances across speakers, sessions or processes",
		Long: `compare sets stances side by side, over the index (--index).

--speakers A,B,…: for each position, each speaker's aggregate stance, the
number of segments and its best quote (or --evidence N quotes). Speakers
named here count whatever their role (the chair, a group).

--by session or --by process: for each session (or process) and position,
how many speakers took each stance (+ support, − oppose, ± mixed,
· mention). Only States count, unless --include-chair or
--include-non-state.

The filters and formats are those of oewg positions.`,
		Example: `  oewg compare --speakers RUS,USA,CHN --evidence 1
  oewg compare --by session --process "OEWG 2021-2025" --format md
  oewg compare --by process --position poa --format html -o poa-by-process.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runCompare(ctx context.Context, o *compareOptions, g *globals, args []string, stdout io.Writer) error {
	if (len(o.With) == 0) == (o.By == "") {
		return usagef("give either --speakers A,B,… or --by session|process")
	}
	if o.By != "" && o.By != reports.BySession && o.By != reports.ByProcess {
		return usagef("--by %q: use session or process", o.By)
	}
	keys, err := resolveSpeakers("--speakers", o.With)
	if err != nil {
		return err
	}
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
	shown := f // the filters as given, for the header
	if len(keys) > 0 {
		if len(f.Speakers) == 0 {
			f.Speakers = keys
		}
		c, err := reports.CompareSpeakers(pipeline.Source(ctx, ix, f), keys, opt)
		if err != nil {
			return err
		}
		opt.IncludeChair, opt.IncludeNonState = true, true // as CompareSpeakers counts, for the method
		return reportRun{ctx, g, ix, &o.reportOptions, shown, opt}.write(c, "Positions compared: "+strings.Join(keys, ", "), false, stdout)
	}
	f.Tagged = true // NOTE: untagged segments add nothing to the counts
	c, err := reports.CompareBy(pipeline.Source(ctx, ix, f), o.By, opt)
	if err != nil {
		return err
	}
	return reportRun{ctx, g, ix, &o.reportOptions, shown, opt}.write(c, "Stances by "+o.By, false, stdout)
}
