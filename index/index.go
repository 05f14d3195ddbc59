package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	bolt "go.etcd.io/bbolt"
)

// Options tune how an index is opened.
type Options struct {
	// Timeout bounds the wait for another process's lock on the index
	// (bleve's bolt_timeout); default 1s.
	Timeout time.Duration
	// Command is recorded in the lock file to tell others who holds the
	// index ("oewg ingest"); default: the program name and first argument.
	Command string
	// Shards is how many shards a new index is split into (default
	// DefaultShards); an existing index keeps its own number.
	Shards int
	// Wait is how long OpenReadOnly waits for a writer to finish; zero
	// answers at once from the last committed state, as it does once the
	// wait is over.
	Wait time.Duration
	// Note, if set, receives one line when OpenReadOnly waits for a writer
	// or reads the last committed state ("index … is being written …").
	Note func(string)
}

// Index is an open oewg index.
type Index struct {
	dir      string
	shards   []*shard
	mapping  mapping.IndexMapping
	readOnly bool
	lockFile string // removed on Close; "" for read-only opens
	snapshot string // the snapshot folder read, removed on Close; "" for none
	// writeFailed is set when a commit failed: what bleve holds in memory
	// is then not what it holds on disk.
	writeFailed bool
	// columnSearches counts the searches that can use columns: they are
	// built for the second.
	columnSearches atomic.Int32
	closed         bool
	// noWalk sends every query through bleve's searchers (termwalk.go),
	// for tests that compare the two.
	noWalk bool
	// walks counts the searches the walk answered, for the tests.
	walks atomic.Int64
}

// ErrNotFound is returned by OpenReadOnly when dir holds no index.
var ErrNotFound = errors.New("index not found")

// notFoundError says which folder holds no index and what to do.
type notFoundError struct{ dir string }

func (e *notFoundError) Error() string {
	return fmt.Sprintf("index %s not found; run oewg ingest PATH first, or give --index DIR", e.dir)
}

func (e *notFoundError) Unwrap() error { return ErrNotFound }

// InUseError says that another process holds the index.
type InUseError struct {
	// Dir is the index directory.
	Dir string
	// Holder is what the holder wrote in the lock file; zero if it wrote
	// nothing (a reader, such as oewg search, holds no lock file).
	Holder LockInfo
}

func (e *InUseError) Error() string {
	if e.Holder.PID == 0 {
		return fmt.Sprintf("index %s is in use by another oewg process; wait for it or use --index DIR", e.Dir)
	}
	return fmt.Sprintf("index %s is in use by another oewg process (%s); wait for it or use --index DIR", e.Dir, e.Holder.describe())
}

func sinceString(t, now time.Time) string {
	t = t.Local()
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

func (o Options) timeout() string {
	if o.Timeout <= 0 {
		return "1s"
	}
	return o.Timeout.String()
}

// Open opens the index in dir for writing, creating it if absent. While it
// is open, dir/oewg.lock names this process; if another process holds the
// index, Open fails within opts.Timeout with an *InUseError.
func Open(dir string, opts Options) (*Index, error) {
	registerAnalysis()
	lay, err := readLayout(dir)
	create := errors.Is(err, ErrNotFound)
	if create {
		lay, err = layout{Format: formatVersion, Shards: opts.Shards}, nil
		if lay.Shards <= 0 {
			lay.Shards = DefaultShards
		}
	}
	if err != nil {
		return nil, err
	}
	ix, err := openShards(dir, lay, map[string]any{"bolt_timeout": opts.timeout()}, create)
	if err != nil {
		return nil, err
	}
	// NOTE: a killed reader's snapshot holds links to segment files the
	// writer may delete: their space is freed only with the links.
	removeStaleSnapshots(dir)
	ix.lockFile = filepath.Join(dir, lockName)
	if err := writeLock(ix.lockFile, opts.command()); err != nil {
		ix.closeShards()
		return nil, fmt.Errorf("index %s: cannot write lock file: %w; %s", dir, err, createRemedy)
	}
	return ix, nil
}

// OpenReadOnly opens an existing index for searching and reports. Readers
// share the index with each other. While a writer holds it, a reader waits
// up to opts.Wait for it to finish, then reads a snapshot of its last
// committed state (see snapshot.go); opts.Note is told which.
func OpenReadOnly(dir string, opts Options) (*Index, error) {
	registerAnalysis()
	lay, err := readLayout(dir)
	if err != nil {
		return nil, err
	}
	holder, writing := Writing(dir)
	var ix *Index
	switch {
	case writing && opts.Wait > 0:
		opts.note("index %s is being written (%s); waiting up to %v for it (--wait)", dir, holder.describe(), opts.Wait)
		ix, err = openShards(dir, lay, map[string]any{"bolt_timeout": opts.Wait.String(), "read_only": true}, false)
	case !writing:
		ix, err = openShards(dir, lay, map[string]any{"bolt_timeout": opts.timeout(), "read_only": true}, false)
	}
	if ix != nil && err == nil {
		ix.readOnly = true
		return ix, nil
	}
	if err != nil && !errInUse(err) {
		return nil, err
	}
	holder, _ = Writing(dir)
	ix, err = openSnapshot(dir, lay)
	if err != nil {
		return nil, err
	}
	opts.note("index %s is being written (%s); answering from its last committed state (--wait DURATION waits for the writer)", dir, holder.describe())
	ix.readOnly = true
	return ix, nil
}

func (o Options) note(format string, args ...any) {
	if o.Note != nil {
		o.Note(fmt.Sprintf(format, args...))
	}
}

// describe says who holds the index: "pid 123, oewg ingest since 10:02".
func (l LockInfo) describe() string {
	if l.PID == 0 {
		return "by another oewg process"
	}
	return fmt.Sprintf("pid %d, %s since %s", l.PID, l.Command, sinceString(l.Since, time.Now()))
}

// The index format: its layout and what the mapping holds. Version 2
// added the pairs field, version 3 the shards and the layout file,
// version 4 took title and source out of _all (words and phrases search
// what was said), version 5 added the counts to the document records;
// versions 1 and 2 are one bleve index whose version is stored inside it
// under formatKey (none for 1).
const (
	formatKey     = "oewg_format"
	formatVersion = 5
)

// FormatError is an index written by another version of oewg.
type FormatError struct {
	Dir, Version string
}

func (e *FormatError) Error() string {
	if v, err := strconv.Atoi(e.Version); err == nil && v >= 3 && v < formatVersion {
		return fmt.Sprintf("index %s: format %s, this oewg reads format %d; re-create it from its source files with oewg ingest --rebuild --index %s", e.Dir, e.Version, formatVersion, e.Dir)
	}
	return fmt.Sprintf("index %s: format %s, this oewg reads format %d; delete the folder and ingest again (rm -r %s && oewg ingest FOLDER)", e.Dir, e.Version, formatVersion, e.Dir)
}

// openError turns bolt's lock timeout into an *InUseError.
func openError(dir string, err error) error {
	if errors.Is(err, bolt.ErrTimeout) {
		info, _ := readLock(filepath.Join(dir, lockName))
		if !pidAlive(info.PID) {
			info = LockInfo{} // stale: left by a process that died
		}
		return &InUseError{Dir: dir, Holder: info}
	}
	return fmt.Errorf("index %s: cannot open: %w", dir, err)
}

// Close flushes and closes the index and removes the lock file. Closing
// a closed index does nothing.
func (ix *Index) Close() error {
	if ix.closed {
		return nil
	}
	ix.closed = true
	var err error
	if !ix.readOnly && !ix.writeFailed {
		// NOTE: a failure here (a full disk) leaves the last list, which
		// only ingest --rebuild of a damaged shard reads.
		ix.saveSources()
	}
	err = ix.closeShards()
	if ix.snapshot != "" {
		os.RemoveAll(ix.snapshot)
	}
	if ix.lockFile != "" {
		if rerr := os.Remove(ix.lockFile); rerr != nil && !os.IsNotExist(rerr) && err == nil {
			err = rerr
		}
	}
	return err
}
