package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// speakersOptions are the flags of oewg speakers.
type speakersOptions struct {
	outputOptions
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
	if err := o.check(); err != nil {
		return err
	}
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	l, err := reports.Speakers(pipeline.Source(ctx, ix, index.Filter{}))
	if err != nil {
		return err
	}
	return o.write(l, reports.Info{Title: "Speakers"}, stdout)
}
