package main

import (
	"context"
	"fmt"
	"io"

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
	problems, err := index.CheckFiles(g.IndexDir)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stdout, "index %s: %s damaged or missing; run oewg ingest --rebuild --index %s to re-create it from its source files\n",
			g.IndexDir, count(len(problems), "file"), g.IndexDir)
		return errPartial
	}
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	rep, err := ix.Check(ctx)
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p)
	}
	holds := fmt.Sprintf("index %s: %s, %s, %s", g.IndexDir, count(rep.Shards, "shard"), count(rep.Documents, "document"), count(rep.Segments, "segment"))
	if len(rep.Problems) > 0 {
		fmt.Fprintf(stdout, "%s; %s, each line above says what to do\n", holds, count(len(rep.Problems), "problem"))
		return errPartial
	}
	fmt.Fprintf(stdout, "%s; no problems\n", holds)
	return nil
}
