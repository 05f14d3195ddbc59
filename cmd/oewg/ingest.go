package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
)

// ingestOptions are the flags of oewg ingest.
type ingestOptions struct {
	Force   bool
	Meta    []string
	Workers int
	Quiet   bool
}

func (o *ingestOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.Force, "force", false, "re-read every file, even those whose content is unchanged")
	fs.StringArrayVar(&o.Meta, "meta", nil, "metadata key=value for every file (speaker, date, process, session, meeting, kind, title, source); repeatable")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "files extracted and classified at once, beside the index writer")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress bar")
}

func newIngestCommand(g *globals) *cobra.Command {
	o := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Extract, attribute, classify and index files and folders",
		Long: `ingest reads files and folders (recursively), extracts their text,
attributes every segment to its speaker, tags positions and indexes the
result. It is incremental: a file with the path, size and modification
time of its indexed version is not read, one whose content hash is
unchanged is skipped, a changed one replaced; --force re-reads all. When
the rules (built-in or --rules) differ from those that tagged the index,
the segments already indexed are re-tagged from the index first, without
reading their files, and the summary says so. A file that cannot be read is reported on
stderr and skipped; the rest is ingested and the exit status is 1.`,
		Example: `  oewg ingest examples/
  oewg ingest --index ~/oewg-index session-9/ --meta process="OEWG 2021-2025" --meta session=9
  oewg ingest --force examples/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIngest(cmd.Context(), o, g, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// ingestStats counts what an ingest did.
type ingestStats struct {
	New, Changed, Unchanged, Failed, Segments int
}

// job is one file's way through the workers to the writer.
type job struct {
	path string
	fileID
	status string // "new", "changed", "unchanged"
	doc    *corpus.Document
	err    error
}

func runIngest(ctx context.Context, o *ingestOptions, g *globals, args []string, stdout, stderr io.Writer) error {
	start := time.Now()
	p, err := newPipeline(g, o.Meta)
	if err != nil {
		return err
	}
	files, errs := collect(args)
	var st ingestStats
	for _, e := range errs {
		printErr(stderr, e)
		st.Failed++
	}
	ix, err := index.Open(g.IndexDir, index.Options{Command: "oewg ingest"})
	if err != nil {
		return err
	}
	defer ix.Close()

	// NOTE: segments indexed with other rules are re-tagged from what the
	// index stores, not read again: a new position file applies to every
	// file at once, in seconds.
	retagged, err := retag(ctx, ix, p.rules)
	if err != nil {
		return err
	}
	known, err := ix.KnownDocuments(ctx)
	if err != nil {
		return err
	}
	ids := docIDs(files, known)
	bar := newBar(stderr, len(files), o.Quiet)
	jobs := make(chan *job)
	results := make(chan *job)
	workers := max(o.Workers, 1)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				runJob(known, p, j, o.Force)
				results <- j
			}
		}()
	}
	// feed stops on Ctrl-C, or when the index cannot be written.
	feed, stopFeeding := context.WithCancel(ctx)
	defer stopFeeding()
	go func() {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- &job{path: f, fileID: ids[f]}:
			case <-feed.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	// NOTE: one goroutine writes: a bleve index has one writer, and the
	// Writer puts a document's record after its segments, so a kill at any
	// point leaves an index whose incomplete documents the next run redoes.
	w := ix.NewWriter()
	var writeErr error
	done := 0
	for j := range results {
		done++
		bar.Add(1)
		if j.err != nil {
			bar.Clear()
			printErr(stderr, j.err)
			st.Failed++
			continue
		}
		if j.doc != nil && len(j.doc.Notes) > 0 {
			bar.Clear()
			for _, n := range j.doc.Notes {
				fmt.Fprintf(stderr, "oewg: %s: note: %s\n", j.path, n)
			}
		}
		switch j.status {
		case "unchanged":
			st.Unchanged++
			continue
		case "changed":
			st.Changed++
		default:
			st.New++
		}
		if writeErr == nil {
			if writeErr = w.Add(j.doc); writeErr == nil {
				st.Segments += len(j.doc.Segments)
			} else {
				stopFeeding()
			}
		}
	}
	if writeErr == nil {
		writeErr = w.Flush()
	}
	bar.Finish()
	secs := time.Since(start).Seconds()
	// NOTE: paths that do not exist count as failed files, so that the
	// numbers add up to what was asked for.
	summary := fmt.Sprintf("%s: %d new, %d changed, %d unchanged, %d failed; %s indexed in %.1fs (%s)",
		count(len(files)+len(errs), "file"), st.New, st.Changed, st.Unchanged, st.Failed, count(st.Segments, "segment"), secs, g.IndexDir)
	if retagged > 0 {
		summary += fmt.Sprintf("; the rules changed: %s already indexed re-tagged", count(retagged, "segment"))
	}
	if writeErr != nil {
		fmt.Fprintln(stdout, summary)
		return writeErr
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "oewg: interrupted after %d of %d files; what was read is indexed, run the same command again to finish\n", done, len(files))
		fmt.Fprintln(stdout, summary)
		return errPartial
	}
	fmt.Fprintln(stdout, summary)
	if st.Failed > 0 {
		return errPartial
	}
	return nil
}

// retag re-tags the segments of ix when they were tagged with rules other
// than rs, records rs's fingerprint, and returns how many it re-tagged.
func retag(ctx context.Context, ix *index.Index, rs *classify.RuleSet) (int, error) {
	fp, err := ix.Rules()
	if err != nil || fp == rs.Fingerprint() {
		return 0, err
	}
	n, err := ix.Retag(ctx, rs.Classify)
	if err != nil {
		return n, err
	}
	return n, ix.SetRules(rs.Fingerprint())
}

// runJob reads a file and, unless its content is already indexed (known
// maps document ids to content hashes), processes it.
func runJob(known map[string]index.Known, p *pipeline, j *job, force bool) {
	k, ok := known[j.id]
	// NOTE: a file at the same path with the size and modification time of
	// the indexed version is not read (as make, rsync and git do): reading
	// and hashing 1 GB cost 5-9 s of a 10 s re-ingest.
	if ok && !force {
		if st, err := os.Stat(j.path); err == nil && k.Unchanged(j.abs, st.Size(), st.ModTime()) {
			j.status = "unchanged"
			return
		}
	}
	in, err := read(j.path)
	if err != nil {
		j.err = err
		return
	}
	switch {
	case ok && k.Hash == in.hash && !force:
		j.status = "unchanged"
		return
	case ok:
		j.status = "changed"
	default:
		j.status = "new"
	}
	doc, err := p.process(in)
	if err != nil {
		j.err = err
		return
	}
	doc.ID = j.id
	for i := range doc.Segments {
		doc.Segments[i].Doc = j.id
	}
	j.doc = doc
}

// docIDs gives every file its document id: its name without extension
// ("iran-2020-11-19"), the id it already has in the index, or — when another
// file holds that name, in the index or earlier in this ingest — the name
// and a short hash of the file's absolute path ("statement-3f2a9c1e"), which
// is the same on every run.
func docIDs(files []string, known map[string]index.Known) map[string]fileID {
	byPath := make(map[string]string, len(known))
	for id, k := range known {
		if k.Path != "" {
			byPath[k.Path] = id
		}
	}
	taken := make(map[string]string, len(files)) // id → absolute path
	ids := make(map[string]fileID, len(files))
	for _, f := range files {
		abs := index.AbsPath(f)
		id, ok := byPath[abs]
		if !ok {
			id = corpus.DocID(f)
			k, inIndex := known[id]
			other, inRun := taken[id]
			if (inIndex && k.Path != "" && k.Path != abs) || (inRun && other != abs) {
				sum := sha256.Sum256([]byte(abs))
				id += "-" + hex.EncodeToString(sum[:4])
			}
		}
		taken[id] = abs
		ids[f] = fileID{id, abs}
	}
	return ids
}

// fileID is a file's document id and absolute path.
type fileID struct {
	id  string
	abs string
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
