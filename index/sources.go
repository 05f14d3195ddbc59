package index

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/sys/unix"
)

// sourcesName is the file, inside the index directory, that lists every
// document's record (path, hash, metadata) as JSON lines: what ingest
// --rebuild reads for a shard too damaged to open. A writer rewrites it
// when it closes the index.
const sourcesName = "oewg-sources.jsonl"

// saveSources writes the records of ix's documents to its sources file.
func (ix *Index) saveSources() (err error) {
	// NOTE: the list is a fallback for a damaged shard; reading the index
	// must not fail a Close (bleve panicked reading a shard whose persist
	// had failed, before writeFailed was checked).
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("index %s: cannot list its documents: %v", ix.dir, r)
		}
	}()
	docs, err := ix.Documents(context.Background())
	if err != nil {
		return err
	}
	tmp := filepath.Join(ix.dir, sourcesName+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(ix.dir, sourcesName))
}

// readSources reads the sources file of the index in dir.
func readSources(dir string) ([]DocInfo, error) {
	f, err := os.Open(filepath.Join(dir, sourcesName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []DocInfo
	dec := json.NewDecoder(f)
	for {
		var d DocInfo
		if err := dec.Decode(&d); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, fmt.Errorf("%s: %w", sourcesName, err)
		}
		out = append(out, d)
	}
}

// Sources returns the record of every document of the index in dir, for
// ingest --rebuild: read from each shard that opens, and for a shard too
// damaged to open, from the sources file its last writer left. The
// problems say which shards were damaged and where their documents came
// from. A writer holding the index is an *InUseError.
func Sources(dir string) ([]DocInfo, []Problem, error) {
	registerAnalysis()
	lay, err := readLayout(dir)
	var problems []Problem
	var fe *FormatError
	switch de := (*DamagedError)(nil); {
	case errors.As(err, &de):
		problems = append(problems, de.Problem)
		lay.Shards = countShardDirs(dir)
	case errors.As(err, &fe) && lay.Format >= 3 && lay.Shards >= 1:
		// NOTE: an index of an older sharded format still holds its
		// document records, which is all a rebuild needs of it.
	case err != nil:
		return nil, nil, err
	}
	var docs []DocInfo
	var saved []DocInfo
	var savedErr error
	for i := range lay.Shards {
		shardDocs, err := shardSources(dir, i)
		if errInUse(err) {
			return nil, nil, err
		}
		if err == nil {
			docs = append(docs, shardDocs...)
			continue
		}
		var de *DamagedError
		if !errors.As(err, &de) {
			de = &DamagedError{Dir: dir, Problem: Problem{File: filepath.Base(shardDir(dir, i)), What: fmt.Sprintf("cannot be opened (%v)", err)}}
		}
		if saved == nil && savedErr == nil {
			saved, savedErr = readSources(dir)
		}
		if savedErr != nil {
			de.Problem.What += fmt.Sprintf("; its documents are not known (%s: %v): ingest their folders again", sourcesName, savedErr)
			problems = append(problems, de.Problem)
			continue
		}
		n := 0
		for _, d := range saved {
			if shardNo(d.ID, lay.Shards) == i {
				docs = append(docs, d)
				n++
			}
		}
		de.Problem.What += fmt.Sprintf("; its %d documents as %s lists them, as of the last ingest that finished", n, sourcesName)
		problems = append(problems, de.Problem)
	}
	return docs, problems, nil
}

// shardSources reads the document records of shard i of the index in dir.
func shardSources(dir string, i int) ([]DocInfo, error) {
	if err := damaged(dir, i, false); err != nil {
		return nil, err
	}
	bi, err := bleve.OpenUsing(shardDir(dir, i), map[string]any{"read_only": true, "bolt_timeout": "1s"})
	if err != nil {
		if derr := damaged(dir, i, true); derr != nil {
			return nil, derr
		}
		return nil, openError(dir, err)
	}
	defer bi.Close()
	var docs []DocInfo
	err = eachRecord(context.Background(), &shard{bi: bi, no: i}, typeDocument, func(id string, raw, _ []byte) error {
		var d DocInfo
		if json.Unmarshal(raw, &d) == nil {
			docs = append(docs, d)
		}
		return nil
	})
	return docs, err
}

// Replace puts the index built in built in the place of the one in dir,
// in one step where the system allows (the old one stays whole until
// then), and removes the old one.
func Replace(dir, built string) error {
	// NOTE: renameat2(RENAME_EXCHANGE) swaps the two folders atomically:
	// a reader sees the old index or the new one, never none.
	err := unix.Renameat2(unix.AT_FDCWD, built, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
	if err != nil {
		old := fmt.Sprintf("%s.old-%d", dir, os.Getpid())
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("index %s: cannot replace it: %w", dir, err)
		}
		if err := os.Rename(built, dir); err != nil {
			os.Rename(old, dir)
			return fmt.Errorf("index %s: cannot replace it: %w", dir, err)
		}
		built = old
	}
	return os.RemoveAll(built)
}
