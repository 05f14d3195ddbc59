package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/oewg/oewg/index"
)

func newCheckCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify that the index's files and records are sound",
		Long: `check reads every file of the index (--index) that a search needs:
the layout, each shard's index_meta.json and root.bolt, and every segment
file, whose checksum it verifies. When they are sound it opens the index
and verifies that the records agree: each document's record names as many
segments and speakers as the index holds for it, and no segment lacks its
record. It prints one line a problem, naming the file or the document and
what to do, and exits 1 when there is any: a damaged or missing file asks
for oewg ingest --rebuild, which re-creates the index from its source files.`,
		Example: `  oewg check
  oewg check --index ~/oewg-index || oewg ingest --rebuild --index ~/oewg-index`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), g, cmd.OutOrStdout())
		},
	}
}

func runCheck(ctx context.Context, g *globals, stdout io.Writer) error {
	// NOTE: opened first, so that while an ingest writes, the files checked
	// are those of the snapshot read (which the writer's merges cannot
	// delete half-way).
	ix, err := openIndexForReading(g)
	var problems []index.Problem
	switch {
	case errors.Is(err, index.ErrDamaged):
		openErr := err
		if problems, err = index.CheckFiles(g.IndexDir); err != nil {
			return err
		}
		if len(problems) == 0 {
			return openErr
		}
	case err != nil:
		return err
	default:
		defer ix.Close()
		if problems, err = ix.CheckFiles(); err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stdout, "index %s: %s damaged or missing; run oewg ingest --rebuild --index %s to re-create it from its source files\n",
			g.IndexDir, count(len(problems), "file"), g.IndexDir)
		return errPartial
	}
	rep, err := ix.Check(ctx)
	if err != nil {
		return err
	}
	holds := fmt.Sprintf("index %s: %s, %s, %s", g.IndexDir, count(rep.Shards, "shard"), count(rep.Documents, "document"), count(rep.Segments, "segment"))
	if ix.IsSnapshot() {
		// NOTE: the ingest that runs has written some documents' segments
		// and not yet their records: not a problem.
		writing := 0
		rep.Problems = slices.DeleteFunc(rep.Problems, func(p index.Problem) bool {
			if p.Incomplete {
				writing++
			}
			return p.Incomplete
		})
		holds += fmt.Sprintf(" (and %s being written)", count(writing, "document"))
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p)
	}
	if len(rep.Problems) > 0 {
		fmt.Fprintf(stdout, "%s; %s, each line above says what to do\n", holds, count(len(rep.Problems), "problem"))
		return errPartial
	}
	fmt.Fprintf(stdout, "%s; no problems\n", holds)
	return nil
}
