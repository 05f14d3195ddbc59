package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// exportOptions are the flags of oewg export.
type exportOptions struct {
	filterOptions
	Format    string
	Output    string
	Sentences bool
	Tagged    bool
}

func (o *exportOptions) AddFlags(fs *pflag.FlagSet) {
	o.filterOptions.AddFlags(fs)
	fs.StringVar(&o.Format, "format", "", "output format: "+strings.Join(reports.ExportFormats, ", ")+" (default: from the -o file's extension, else csv)")
	fs.StringVarP(&o.Output, "output", "o", "", "write to FILE instead of standard output (needed for parquet)")
	fs.BoolVar(&o.Sentences, "sentences", false, "one row per sentence, with its tags (positions, stances), instead of one per segment")
	fs.BoolVar(&o.Tagged, "tagged", false, "with --sentences: only the sentences that carry a tag")
}

// format checks --format, -o and --tagged and returns the format.
func (o *exportOptions) format() (string, error) {
	f := o.Format
	if f == "" && o.Output != "" {
		if f = reports.ExportFormatOf(o.Output); f == "" {
			return "", usagef("-o %s: cannot tell the format from the extension; name it .csv, .tsv, .jsonl or .parquet, or give --format", o.Output)
		}
	}
	if f == "" {
		f = "csv"
	}
	if !slices.Contains(reports.ExportFormats, f) {
		return "", usagef("--format %q: use one of %s", f, strings.Join(reports.ExportFormats, ", "))
	}
	if f == "parquet" && o.Output == "" {
		return "", usagef("--format parquet writes a binary file; give -o FILE.parquet")
	}
	if o.Tagged && !o.Sentences {
		return "", usagef("--tagged selects sentences; give --sentences too")
	}
	return f, nil
}

func newExportCommand(g *globals) *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the indexed segments or sentences as CSV, TSV, JSON Lines or Parquet",
		Long: `export writes every indexed segment that passes the filters (the same
as search's) as a table that pandas, R (readr, arrow) and DuckDB load
without options: one row per segment, or with --sentences one row per
sentence with its tags.

Columns: doc, file, source, kind, process, session, meeting, date, seq,
speaker (the key), speaker_name, role, iso3 (a State's ISO 3166-1 code,
empty for groups and bodies), on_behalf_of, aligned_with (keys joined
with ";"), attribution (how the speaker was found), attribution_evidence,
then text; with --sentences instead of text: sentence, start and end (byte
offsets in the segment's text), positions and stances (the sentence's
tags, joined with ";").

The format is --format, else the -o file's extension (.csv, .tsv, .jsonl,
.parquet), else CSV. CSV and TSV cells that begin with = + - or @ get a
leading ' so that a spreadsheet does not run them as formulas.`,
		Example: `  oewg export -o segments.parquet
  oewg export --speaker KEN,GBR --from 2024-01-01 > kenya-uk.csv
  oewg export --sentences --tagged --position gender -o gender.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runExport(ctx context.Context, o *exportOptions, g *globals, args []string, stdout io.Writer) (err error) {
	f, err := o.filter(g)
	if err != nil {
		return err
	}
	format, err := o.format()
	if err != nil {
		return err
	}
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	out := stdout
	if o.Output != "" {
		file, err := os.Create(o.Output)
		if err != nil {
			return fmt.Errorf("%s: cannot write the export: %v; check the folder exists and is writable", o.Output, pipeline.UnwrapPathError(err))
		}
		defer func() {
			if cerr := file.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("%s: %w", o.Output, cerr)
			}
			if err != nil {
				os.Remove(o.Output) // a half-written file would load as a shorter table
			}
		}()
		out = file
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	ex, err := reports.NewExporter(bw, reports.ExportOptions{Format: format, Sentences: o.Sentences, Tagged: o.Tagged})
	if err != nil {
		return err
	}
	err = ix.Segments(ctx, f, func(s corpus.Segment) error { return ex.Add(s) })
	if err == nil {
		err = ex.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		if o.Output != "" {
			return fmt.Errorf("%s: %w", o.Output, err)
		}
		return err
	}
	if o.Output != "" {
		unit := "segments"
		if o.Sentences {
			unit = "sentences"
		}
		fmt.Fprintf(g.stderr(), "oewg: wrote %d %s to %s (%s)\n", ex.Rows(), unit, o.Output, format)
	}
	return nil
}
