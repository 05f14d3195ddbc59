package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"sync"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
)

// Status says what an ingest found a file to be.
type Status string

// Statuses of a Result.
const (
	StatusNew       Status = "new"
	StatusChanged   Status = "changed"
	StatusUnchanged Status = "unchanged"
)

// Result is one file's way through the pipeline.
type Result struct {
	// Path is the file as given; ID its document id; Abs its absolute path.
	Path, ID, Abs string
	// Status is new, changed or unchanged against the index (Known).
	Status Status
	// Doc is the attributed, tagged document; nil when unchanged or failed.
	Doc *corpus.Document
	// Err is why the file could not be read; the batch goes on.
	Err error
}

// RunOptions configure Run.
type RunOptions struct {
	// Workers is how many files are read at once (at least 1).
	Workers int
	// Known are the indexed documents by id: a file whose content they
	// hold is not processed again. Nil for none.
	Known map[string]index.Known
	// Force processes every file, known or not.
	Force bool
}

// Run processes files with a pool of workers and hands every result to
// handle, in the order they finish and in the caller's goroutine (so that
// handle may write to the one index writer). It stops feeding files when
// ctx is done or handle returns an error, which it returns.
func (p *Pipeline) Run(ctx context.Context, files []string, o RunOptions, handle func(*Result) error) error {
	ids := DocIDs(files, o.Known)
	jobs := make(chan *Result)
	results := make(chan *Result)
	var wg sync.WaitGroup
	for range max(o.Workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				p.runJob(o.Known, r, o.Force)
				results <- r
			}
		}()
	}
	feed, stopFeeding := context.WithCancel(ctx)
	defer stopFeeding()
	go func() {
		defer close(jobs)
		for _, f := range files {
			id := ids[f]
			select {
			case jobs <- &Result{Path: f, ID: id.ID, Abs: id.Abs}:
			case <-feed.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var err error
	for r := range results {
		if err != nil {
			continue // drain: the workers finish what they hold
		}
		if err = handle(r); err != nil {
			stopFeeding()
		}
	}
	return err
}

// runJob reads a file and, unless its content is already indexed (known
// maps document ids to content hashes), processes it.
func (p *Pipeline) runJob(known map[string]index.Known, r *Result, force bool) {
	k, ok := known[r.ID]
	// NOTE: a file at the same path with the size and modification time of
	// the indexed version is not read (as make, rsync and git do): reading
	// and hashing 1 GB cost 5-9 s of a 10 s re-ingest.
	if ok && !force {
		if st, err := os.Stat(r.Path); err == nil && k.Unchanged(r.Abs, st.Size(), st.ModTime()) {
			r.Status = StatusUnchanged
			return
		}
	}
	in, err := Read(r.Path)
	if err != nil {
		r.Err = err
		return
	}
	switch {
	// NOTE: the same content at another path (a file moved, which took
	// over its old path's id) is indexed again, so that its record names
	// the new path: --prune would otherwise remove it as gone.
	case ok && k.Hash == in.Hash && (k.Path == "" || k.Path == r.Abs) && !force:
		r.Status = StatusUnchanged
		return
	case ok:
		r.Status = StatusChanged
	default:
		r.Status = StatusNew
	}
	doc, err := p.Process(in)
	if err != nil {
		r.Err = err
		return
	}
	doc.ID = r.ID
	for i := range doc.Segments {
		doc.Segments[i].Doc = r.ID
	}
	r.Doc = doc
}

// exists reports whether a file is there.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// FileID is a file's document id and absolute path.
type FileID struct {
	ID  string
	Abs string
}

// DocIDs gives every file its document id: its name without extension
// ("iran-2020-11-19"), the id it already has in the index, or — when another
// file that exists holds that name, in the index or earlier in this batch — the name
// and a short hash of the file's absolute path ("statement-3f2a9c1e"), which
// is the same on every run.
func DocIDs(files []string, known map[string]index.Known) map[string]FileID {
	byPath := make(map[string]string, len(known))
	for id, k := range known {
		if k.Path != "" {
			byPath[k.Path] = id
		}
	}
	taken := make(map[string]string, len(files)) // id → absolute path
	ids := make(map[string]FileID, len(files))
	for _, f := range files {
		abs := index.AbsPath(f)
		id, ok := byPath[abs]
		if !ok {
			id = corpus.DocID(f)
			k, inIndex := known[id]
			other, inRun := taken[id]
			// NOTE: a file moved to another folder takes over the id of
			// its old path when that is gone, as a fresh ingest would give
			// it, rather than a hashed one (--prune would then remove the
			// old id, and ids would depend on the history).
			if (inIndex && k.Path != "" && k.Path != abs && exists(k.Path)) || (inRun && other != abs) {
				sum := sha256.Sum256([]byte(abs))
				id += "-" + hex.EncodeToString(sum[:4])
			}
		}
		taken[id] = abs
		ids[f] = FileID{id, abs}
	}
	return ids
}
