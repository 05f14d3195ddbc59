package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/reports"
)

// speakersOptions are the flags of oewg speakers.
type speakersOptions struct {
	Format string
}

var speakersFormats = []string{"table", "json", "csv", "md", "html"}

func (o *speakersOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Format, "format", "table", "output format: table, json, csv (also md, html)")
}

func newSpeakersCommand(g *globals) *cobra.Command {
	o := &speakersOptions{}
	cmd := &cobra.Command{
		Use:   "speakers",
		Short: "List every speaker in the index",
		Long: `speakers lists every speaker in the index (--index), sorted by name:
key, name, role, the number of segments and documents, the groups it
spoke for (on behalf of) and those it aligned itself with.`,
		Example: `  oewg speakers
  oewg speakers --format csv > speakers.csv
  oewg speakers --format json | jq '.[] | select(.on_behalf_of)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSpeakers(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runSpeakers(ctx context.Context, o *speakersOptions, g *globals, args []string, stdout io.Writer) error {
	if !slices.Contains(speakersFormats, o.Format) {
		return usagef("--format %q: use %s", o.Format, strings.Join(speakersFormats, ", "))
	}
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	l, err := reports.Speakers(segmentsOf(ctx, ix, index.Filter{}))
	if err != nil {
		return err
	}
	return reports.Render(stdout, o.Format, l, reports.Info{Title: "Speakers", Generated: time.Now()})
}
