package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
	// NotSaved counts the files read but not saved, because the index
	// could not be written; they are also in Failed.
	NotSaved int
}

// NotSavedError is a file that was read but whose document the index did
// not commit: the disk was full, the folder not writable.
type NotSavedError struct {
	// Path is the file as given.
	Path string
	// Err is the index's error, an *index.WriteError.
	Err error
}

func (e *NotSavedError) Error() string {
	return fmt.Sprintf("%s: not saved: %s", e.Path, index.WriteFault(e.Err))
}

func (e *NotSavedError) Unwrap() error { return e.Err }

// IngestOptions configure Ingest.
type IngestOptions struct {
	// Workers is how many files are read at once.
	Workers int
	// Force reads every file again, unchanged or not.
	Force bool
	// Progress, if set, is called for every file as it is handled (a
	// progress bar, a log), in the ingest's goroutine.
	Progress func(*Result)
	// Known are documents to treat as indexed, by id, beside those the
	// index holds: a file at one of their paths keeps its id and is read
	// again (ingest --rebuild into a new index).
	Known map[string]index.Known
	// NotSaved, if set, is called for every file that was read but not
	// saved when a write to the index fails, its Err a *NotSavedError,
	// before Ingest returns.
	NotSaved func(*Result)
}

// Ingest adds files to ix: new and changed ones are read, attributed,
// tagged and written (one writer); unchanged ones are skipped. Segments
// tagged with other rules are first re-tagged from what the index stores.
// A file that fails counts in Stats.Failed and the batch goes on; the
// error returned is the index's (a write that failed: what was committed
// stays) or ctx's. New, Changed and Segments count only what the index
// committed: when a write fails, the files whose documents it held count
// as failed (NotSaved) and the ingest stops; the next one redoes them.
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
	for id, k := range o.Known {
		if _, ok := known[id]; !ok {
			known[id] = k
		}
	}
	// NOTE: one goroutine writes: a bleve index has one writer, and the
	// Writer puts a document's record after its segments, so a kill at any
	// point leaves an index whose incomplete documents the next run redoes.
	w := ix.NewWriter()
	added := map[string]*Result{} // by id: written, not yet committed
	w.Committed = func(ids []string) {
		for _, id := range ids {
			r := added[id]
			if r == nil {
				continue
			}
			delete(added, id)
			if r.Status == StatusChanged {
				st.Changed++
			} else {
				st.New++
			}
			st.Segments += len(r.Doc.Segments)
			r.Doc = nil
		}
	}
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
		}
		added[r.ID] = r
		return w.Add(r.Doc)
	})
	if err == nil {
		err = w.Flush()
	}
	if we := (*index.WriteError)(nil); errors.As(err, &we) {
		notSaved := slices.SortedFunc(maps.Values(added), func(a, b *Result) int { return strings.Compare(a.Path, b.Path) })
		for _, r := range notSaved {
			st.Failed++
			st.NotSaved++
			r.Doc, r.Err = nil, &NotSavedError{Path: r.Path, Err: err}
			if o.NotSaved != nil {
				o.NotSaved(r)
			}
		}
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
