package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
)

// runRebuild re-creates the index of --index from the files and metadata
// it records, beside it, and puts it in its place once complete.
func runRebuild(ctx context.Context, o *ingestOptions, g *globals, stdout, stderr io.Writer) error {
	start := time.Now()
	dir := g.IndexDir
	docs, problems, err := index.Sources(dir)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(stderr, "oewg: index %s: %s\n", dir, p)
	}
	var files, gone []string
	recorded := map[string]corpus.Meta{}
	known := map[string]index.Known{}
	for _, d := range docs {
		if d.Path == "" {
			fmt.Fprintf(stderr, "oewg: document %s: no path recorded (indexed by an older oewg); ingest its folder again after the rebuild\n", d.ID)
			gone = append(gone, d.ID)
			continue
		}
		if _, err := os.Stat(d.Path); err != nil {
			fmt.Fprintf(stderr, "oewg: %s: %s since it was indexed (document %s); left out of the rebuilt index\n", d.Path, statFault(err), d.ID)
			gone = append(gone, d.Path)
			continue
		}
		files = append(files, d.Path)
		recorded[d.Path] = d.Meta
		known[d.ID] = index.Known{Path: d.Path}
	}
	p, err := newPipelineRecorded(g, o.Meta, recorded)
	if err != nil {
		return err
	}
	built := dir + ".rebuild"
	// NOTE: left by a rebuild that was killed; it was never in use.
	if err := os.RemoveAll(built); err != nil {
		return fmt.Errorf("index %s: cannot remove the unfinished %s: %w", dir, built, err)
	}
	nix, err := index.Open(built, index.Options{Command: "oewg ingest --rebuild"})
	if err != nil {
		return err
	}
	bar := newBar(stderr, len(files), o.Quiet)
	st, err := p.Ingest(ctx, nix, files, pipeline.IngestOptions{
		Workers: o.Workers,
		Known:   known,
		Progress: func(r *pipeline.Result) {
			bar.Add(1)
			if r.Err != nil {
				bar.Clear()
				printErr(stderr, r.Err)
			}
		},
		NotSaved: func(r *pipeline.Result) { printErr(stderr, r.Err) },
	})
	bar.Finish()
	if err == nil && ctx.Err() == nil {
		compactIndex(ctx, nix, io.Discard, stderr)
	}
	if cerr := nix.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		os.RemoveAll(built)
		printErr(stderr, err)
		fmt.Fprintf(stderr, "oewg: index %s: not rebuilt, it is as it was; run oewg ingest --rebuild again\n", dir)
		return errPartial
	}
	if holder, writing := index.Writing(dir); writing {
		return fmt.Errorf("index %s: pid %d (%s) began writing it during the rebuild; the rebuilt index is in %s, run oewg ingest --rebuild again once it is done", dir, holder.PID, holder.Command, built)
	}
	if err := index.Replace(dir, built); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "index %s rebuilt from %s: %s, %s indexed in %.1fs; %d gone, %d failed\n", dir, count(len(files), "file"),
		count(st.New+st.Changed, "document"), count(st.Segments, "segment"), time.Since(start).Seconds(), len(gone), st.Failed)
	if len(gone) > 0 || st.Failed > 0 || len(problems) > 0 {
		return errPartial
	}
	return nil
}

// statFault says why a recorded file cannot be read again.
func statFault(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "gone"
	}
	return fmt.Sprintf("cannot be read (%v)", pipeline.UnwrapPathError(err))
}
