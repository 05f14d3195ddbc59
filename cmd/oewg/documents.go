package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/index"
)

// documentsOptions are the flags of oewg documents.
type documentsOptions struct {
	JSON bool
}

func (o *documentsOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.JSON, "json", false, "print JSON Lines: one document record per line")
}

func newDocumentsCommand(g *globals) *cobra.Command {
	o := &documentsOptions{}
	cmd := &cobra.Command{
		Use:   "documents",
		Short: "List the indexed documents",
		Long: `documents lists every document in the index (--index), by id: its
kind, date, segments and speakers, when it was ingested, its source URL
and the file it was read from. Documents whose files are gone are removed
with oewg remove DOC, or by oewg ingest --prune FOLDER.`,
		Example: `  oewg documents
  oewg documents --json | jq -r 'select(.meta.kind == "statement") | .doc'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDocuments(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runDocuments(ctx context.Context, o *documentsOptions, g *globals, args []string, stdout io.Writer) error {
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	docs, err := ix.Documents(ctx)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if o.JSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, d := range docs {
			if err := enc.Encode(d); err != nil {
				return err
			}
		}
		return nil
	}
	if len(docs) == 0 {
		fmt.Fprintln(w, "No documents indexed.")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Doc\tKind\tDate\tSegments\tSpeakers\tIngested\tSource\tPath")
	for _, d := range docs {
		speakers, ingested := "", ""
		if d.Speakers > 0 {
			speakers = strconv.Itoa(d.Speakers)
		}
		if !d.Ingested.IsZero() {
			ingested = d.Ingested.Local().Format("2006-01-02 15:04")
		}
		path := d.Path
		if path == "" {
			path = d.File
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", d.ID, d.Meta.Kind, d.Meta.Date, d.Segments, speakers, ingested, d.Meta.Source, path)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s.\n", count(len(docs), "document"))
	return nil
}

// removeOptions are the flags of oewg remove (none yet).
type removeOptions struct{}

func (o *removeOptions) AddFlags(fs *pflag.FlagSet) {}

func newRemoveCommand(g *globals) *cobra.Command {
	o := &removeOptions{}
	cmd := &cobra.Command{
		Use:   "remove DOC...",
		Short: "Remove documents and their segments from the index",
		Long: `remove deletes documents (by id, as oewg documents lists them) and all
their segments from the index (--index). An id the index does not hold is
reported and the others are removed (exit status 1). The file itself is
not touched: ingest it again to put it back.`,
		Example: `  oewg remove iran-2020-11-19-capacity-building
  oewg documents --json | jq -r 'select(.meta.session == 2) | .doc' | xargs oewg remove`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemove(cmd.Context(), o, g, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runRemove(ctx context.Context, o *removeOptions, g *globals, args []string, stdout, stderr io.Writer) error {
	// NOTE: index.Open creates a missing index; removing from one that is
	// not there is an error, so check with a read-only open first.
	ro, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	docs, err := ro.Documents(ctx)
	ro.Close()
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(docs))
	for _, d := range docs {
		known[d.ID] = true
	}
	ix, err := index.Open(g.IndexDir, index.Options{Command: "oewg remove"})
	if err != nil {
		return err
	}
	defer ix.Close()
	var removed []string
	done := map[string]bool{}
	failed := 0
	for _, id := range args {
		if done[id] {
			continue // a doubled id is removed once
		}
		if !known[id] {
			fmt.Fprintf(stderr, "oewg: %s: no such document in %s; oewg documents lists them\n", id, g.IndexDir)
			failed++
			continue
		}
		if err := ix.Delete(id); err != nil {
			return err
		}
		done[id] = true
		removed = append(removed, id)
	}
	fmt.Fprintf(stdout, "removed %s from %s%s\n", count(len(removed), "document"), g.IndexDir, listed(removed))
	if err := ix.Close(); err != nil {
		return err
	}
	if failed > 0 {
		return errPartial
	}
	return nil
}

// listed is ": a, b, c" for a short list, "" for none, and the first ten
// and a count beyond.
func listed(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > 10 {
		return fmt.Sprintf(": %s and %d more", strings.Join(ids[:10], ", "), len(ids)-10)
	}
	return ": " + strings.Join(ids, ", ")
}

// pruneNote is the line ingest --prune prints.
func pruneNote(docs []index.DocInfo) string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return fmt.Sprintf("pruned %s whose files are gone%s", count(len(docs), "document"), listed(ids))
}
