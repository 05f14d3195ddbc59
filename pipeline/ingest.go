package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/index"
)

// Stats count what an ingest did.
type Stats struct {
	New, Changed, Unchanged, Failed, Segments int
	// Retagged counts the segments already indexed that were re-tagged
	// because the rules changed.
	Retagged int
	// Done counts the files handled, out of those given.
	Done int
}

// IngestOptions configure Ingest.
type IngestOptions struct {
	// Workers is how many files are read at once.
	Workers int
	// Force reads every file again, unchanged or not.
	Force bool
	// Progress, if set, is called for every file as it is handled (a
	// progress bar, a log), in the ingest's goroutine.
	Progress func(*Result)
}

// Ingest adds files to ix: new and changed ones are read, attributed,
// tagged and written (one writer); unchanged ones are skipped. Segments
// tagged with other rules are first re-tagged from what the index stores.
// A file that fails counts in Stats.Failed and the batch goes on; the
// error returned is the index's (a write that failed: what was committed
// stays) or ctx's.
func (p *Pipeline) Ingest(ctx context.Context, ix *index.Index, files []string, o IngestOptions) (Stats, error) {
	var st Stats
	n, err := Retag(ctx, ix, p.rules)
	st.Retagged = n
	if err != nil {
		return st, err
	}
	known, err := ix.KnownDocuments(ctx)
	if err != nil {
		return st, err
	}
	// NOTE: one goroutine writes: a bleve index has one writer, and the
	// Writer puts a document's record after its segments, so a kill at any
	// point leaves an index whose incomplete documents the next run redoes.
	w := ix.NewWriter()
	err = p.Run(ctx, files, RunOptions{Workers: o.Workers, Known: known, Force: o.Force}, func(r *Result) error {
		st.Done++
		if o.Progress != nil {
			o.Progress(r)
		}
		switch {
		case r.Err != nil:
			st.Failed++
			return nil
		case r.Status == StatusUnchanged:
			st.Unchanged++
			return nil
		case r.Status == StatusChanged:
			st.Changed++
		default:
			st.New++
		}
		if err := w.Add(r.Doc); err != nil {
			return err
		}
		st.Segments += len(r.Doc.Segments)
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = ctx.Err()
	}
	return st, err
}

// Retag re-tags the segments of ix when they were tagged with rules other
// than rs, records rs's fingerprint, and returns how many it re-tagged.
func Retag(ctx context.Context, ix *index.Index, rs *classify.RuleSet) (int, error) {
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

// Prune removes from ix every document whose recorded path lies in one
// of dirs (or below) and no longer exists, and returns them. A document
// indexed before paths were recorded is kept.
func Prune(ctx context.Context, ix *index.Index, dirs []string) ([]index.DocInfo, error) {
	docs, err := ix.Documents(ctx)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, d := range dirs {
		roots = append(roots, index.AbsPath(d))
	}
	var gone []index.DocInfo
	for _, d := range docs {
		if d.Path == "" || !under(d.Path, roots) {
			continue
		}
		if _, err := os.Lstat(d.Path); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return gone, err
		}
		if err := ix.Delete(d.ID); err != nil {
			return gone, err
		}
		gone = append(gone, d)
	}
	return gone, nil
}

// under reports whether path is one of roots or lies below one.
func under(path string, roots []string) bool {
	for _, r := range roots {
		if path == r || strings.HasPrefix(path, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
