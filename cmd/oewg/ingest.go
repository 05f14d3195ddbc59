package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
)

// ingestOptions are the flags of oewg ingest.
type ingestOptions struct {
	Force   bool
	Meta    []string
	Workers int
	Quiet   bool
	Prune   bool
	Rebuild bool
}

func (o *ingestOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.Force, "force", false, "re-read every file, even those whose content is unchanged")
	fs.StringArrayVar(&o.Meta, "meta", nil, "metadata key=value for every file (speaker, date, process, session, meeting, kind, title, source, role); repeatable")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "files extracted and classified at once, beside the index writer")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress bar")
	fs.BoolVar(&o.Prune, "prune", false, "then remove the indexed documents whose files were in the folders given and are gone")
	fs.BoolVar(&o.Rebuild, "rebuild", false, "re-create the index from the files and metadata it records, beside it, and replace it once complete (no PATH)")
}

func newIngestCommand(g *globals) *cobra.Command {
	o := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest PATH... | ingest --rebuild",
		Short: "Extract, attribute, classify and index files and folders",
		Long: `ingest reads files and folders (recursively), extracts their text,
attributes every segment to its speaker, tags positions and indexes the
result. It is incremental: a file with the path, size and modification
time of its indexed version is not read, one whose content hash is
unchanged is skipped, a changed one replaced; --force re-reads all. When
the rules (built-in or --rules) differ from those that tagged the index,
the segments already indexed are re-tagged from the index first, without
reading their files, and the summary says so. --prune then removes the
documents whose files lay in the folders given and are gone (oewg
documents lists what is indexed). A file that cannot be read is reported on
stderr and skipped; the rest is ingested and the exit status is 1.

--rebuild re-creates the index from the source paths and metadata its
records hold (for a shard too damaged to open, from oewg-sources.jsonl,
which every ingest that finishes writes), with the current rules, into
DIR.rebuild beside it; only once that is complete does it take the old
one's place, which stays searchable until then. Files that are gone are
listed, and left out.`,
		Example: `  oewg ingest examples/
  oewg ingest --index ~/oewg-index session-9/ --meta process="OEWG 2021-2025" --meta session=9
  oewg ingest --force examples/
  oewg ingest --prune statements/
  oewg check || oewg ingest --rebuild`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.Rebuild {
				if len(args) > 0 {
					return usagef("ingest --rebuild takes no PATH: it reads the files the index records; ingest the new ones after it")
				}
				return nil
			}
			return cobra.MinimumNArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Rebuild {
				return runRebuild(cmd.Context(), o, g, cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			return runIngest(cmd.Context(), o, g, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runIngest(ctx context.Context, o *ingestOptions, g *globals, args []string, stdout, stderr io.Writer) error {
	start := time.Now()
	p, err := newPipeline(g, o.Meta)
	if err != nil {
		return err
	}
	// NOTE: a path that does not exist is most often a typo: say so before
	// anything is created or changed.
	for _, a := range args {
		if _, err := os.Stat(a); err != nil {
			return fmt.Errorf("%s: %v; check the path (nothing was ingested)", a, pipeline.UnwrapPathError(err))
		}
	}
	c := pipeline.CollectFiles(args)
	files, errs := c.Files, c.Errs
	for _, e := range errs {
		printErr(stderr, e)
	}
	ix, err := index.Open(g.IndexDir, index.Options{Command: "oewg ingest"})
	if err != nil {
		return err
	}
	defer ix.Close()

	bar := newBar(stderr, len(files), o.Quiet)
	st, err := p.Ingest(ctx, ix, files, pipeline.IngestOptions{
		Workers: o.Workers,
		Force:   o.Force,
		Progress: func(r *pipeline.Result) {
			bar.Add(1)
			if r.Err != nil {
				bar.Clear()
				printErr(stderr, r.Err)
				return
			}
			if r.Doc != nil && len(r.Doc.Notes) > 0 {
				bar.Clear()
				for _, n := range r.Doc.Notes {
					fmt.Fprintf(stderr, "oewg: %s: note: %s\n", r.Path, n)
				}
			}
		},
		NotSaved: func(r *pipeline.Result) { printErr(stderr, r.Err) },
	})
	bar.Finish()
	st.Failed += len(errs)
	secs := time.Since(start).Seconds()
	// NOTE: paths that do not exist count as failed files, so that the
	// numbers add up to what was asked for.
	summary := fmt.Sprintf("%s: %d new, %d changed, %d unchanged, %d failed; %s indexed in %.1fs (%s)",
		count(len(files)+len(errs), "file"), st.New, st.Changed, st.Unchanged, st.Failed, count(st.Segments, "segment"), secs, g.IndexDir)
	if st.Retagged > 0 {
		summary += fmt.Sprintf("; the rules changed: %s already indexed re-tagged", count(st.Retagged, "segment"))
	}
	if sk := c.SkippedSummary(); sk != "" {
		summary += "; " + sk
	}
	switch {
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "oewg: interrupted after %d of %d files; what was read is indexed, run the same command again to finish\n", st.Done, len(files))
		fmt.Fprintln(stdout, summary)
		return errPartial
	case err != nil:
		// NOTE: the error first, then the summary, which counts only what
		// the index committed.
		var we *index.WriteError
		if errors.As(err, &we) {
			_, remedy, _ := strings.Cut(index.WriteFault(err), "; ")
			fmt.Fprintf(stderr, "oewg: %v; stopped after %d of %d files, the files above are not saved; %s\n", err, st.Done, len(files), remedy)
		} else {
			printErr(stderr, err)
		}
		fmt.Fprintln(stdout, summary)
		return errPartial
	}
	fmt.Fprintln(stdout, summary)
	if o.Prune {
		var dirs []string
		for _, a := range args {
			if fi, err := os.Stat(a); err == nil && fi.IsDir() {
				dirs = append(dirs, a)
			}
		}
		gone, err := pipeline.Prune(ctx, ix, dirs)
		if len(gone) > 0 || err == nil {
			fmt.Fprintln(stdout, pruneNote(gone))
		}
		if err != nil {
			return err
		}
	}
	compactIndex(ctx, ix, stdout, stderr)
	if st.Failed > 0 || ctx.Err() != nil {
		return errPartial
	}
	return nil
}

// compactIndex merges the index's segment files after an ingest. Not
// compacting is a note, not a failure: the index is complete.
func compactIndex(ctx context.Context, ix *index.Index, stdout, stderr io.Writer) {
	start := time.Now()
	before, after, err := ix.Compact(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "oewg: note: %v\n", err)
		return
	}
	if after < before {
		fmt.Fprintf(stdout, "index compacted: %d segment files merged into %d in %.1fs\n", before, after, time.Since(start).Seconds())
	}
}

// bar is the progress display: a progress bar on a terminal, nothing on a
// pipe.
type bar interface {
	Add(int) error
	Clear() error
	Finish() error
}

type noBar struct{}

func (noBar) Add(int) error { return nil }
func (noBar) Clear() error  { return nil }
func (noBar) Finish() error { return nil }

func newBar(w io.Writer, n int, quiet bool) bar {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) || n < 2 {
		return noBar{}
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("ingesting"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}
