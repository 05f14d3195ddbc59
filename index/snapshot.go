package index

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Reading while a writer holds the index.
//
// NOTE: bolt's lock on each shard's root.bolt is exclusive for a writer,
// so a reader cannot open the index while oewg ingest runs. Instead it
// opens a snapshot of the last committed state: a folder .read-PID-N
// inside the index with, for each shard, a copy of root.bolt (a few
// kilobytes, copied until two reads agree, so never half-written) and
// hard links to the segment files that copy names. Segment files are
// never changed once written, and a link keeps one alive should the
// writer's merges delete it. The copy is a file of the reader's own, so no
// lock is shared with the writer; the folder is removed on Close (or, left
// by a killed reader, by the next reader or writer). Making one costs a few
// milliseconds whatever the size of the index.

// snapshotPrefix begins the name of a reader's snapshot folder.
const snapshotPrefix = ".read-"

// Writing reports whether a live process other than this one has the
// index in dir open for writing, and what its lock file says.
func Writing(dir string) (LockInfo, bool) {
	info, err := readLock(filepath.Join(dir, lockName))
	return info, err == nil && info.PID != os.Getpid() && pidAlive(info.PID)
}

// openSnapshot opens a snapshot of the last committed state of the index
// in dir, which a writer holds.
func openSnapshot(dir string, lay layout) (*Index, error) {
	removeStaleSnapshots(dir)
	var lastErr error
	// NOTE: a try fails when the writer committed, and merged away a
	// segment file, between the copy of root.bolt and the links.
	// NOTE: a reader that may not write in the index folder (another
	// user's index) makes its snapshot in the system's temporary folder.
	parent := dir
	if probe, err := os.MkdirTemp(dir, snapshotPrefix+"probe-"); err != nil {
		parent = os.TempDir()
	} else {
		os.Remove(probe)
	}
	for try := 0; try < 5; try++ {
		snap, err := makeSnapshot(dir, lay, parent)
		if err == nil {
			var ix *Index
			ix, err = openShards(snap, lay, map[string]any{"read_only": true, "bolt_timeout": "1s"}, false)
			if err == nil {
				ix.dir, ix.snapshot = dir, snap
				return ix, nil
			}
		}
		os.RemoveAll(snap)
		lastErr = err
	}
	return nil, fmt.Errorf("index %s: cannot read its last committed state while it is written (%v); wait for the writer with --wait 10m", dir, lastErr)
}

// makeSnapshot makes a snapshot folder of the index in dir inside parent
// and returns it. Its segment files are hard links inside the index, or
// symbolic links outside it (it may be another filesystem): scorch maps a
// segment file once opened, so a link that the writer's merges break later
// does not matter, and one broken before is a try that fails.
func makeSnapshot(dir string, lay layout, parent string) (string, error) {
	snap, err := os.MkdirTemp(parent, snapshotPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", err
	}
	link := os.Link
	if parent != dir {
		link = func(from, to string) error {
			if _, err := os.Stat(from); err != nil {
				return err
			}
			abs, err := filepath.Abs(from)
			if err != nil {
				return err
			}
			return os.Symlink(abs, to)
		}
	}
	if err := copyFile(filepath.Join(dir, layoutName), filepath.Join(snap, layoutName)); err != nil {
		return snap, err
	}
	for i := range lay.Shards {
		from, to := shardDir(dir, i), shardDir(snap, i)
		if err := os.MkdirAll(filepath.Join(to, "store"), 0o755); err != nil {
			return snap, err
		}
		if err := copyFile(filepath.Join(from, "index_meta.json"), filepath.Join(to, "index_meta.json")); err != nil {
			return snap, err
		}
		root := filepath.Join(to, "store", "root.bolt")
		if err := copyStable(filepath.Join(from, "store", "root.bolt"), root); err != nil {
			return snap, err
		}
		segs, err := snapshotSegments(root)
		if err != nil {
			return snap, err
		}
		for _, s := range segs {
			if err := link(filepath.Join(from, "store", s), filepath.Join(to, "store", s)); err != nil {
				return snap, err
			}
		}
	}
	return snap, nil
}

// copyStable copies a file that another process may be writing: it reads
// it until two reads in a row agree.
func copyStable(from, to string) error {
	prev, err := os.ReadFile(from)
	for try := 0; err == nil; try++ {
		var b []byte
		if b, err = os.ReadFile(from); err != nil {
			break
		}
		if bytes.Equal(b, prev) {
			return os.WriteFile(to, b, 0o600)
		}
		if try == 50 {
			return fmt.Errorf("%s changes too fast to copy", from)
		}
		prev = b
		time.Sleep(5 * time.Millisecond)
	}
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeStaleSnapshots removes the snapshot folders in dir that readers
// which died left behind.
func removeStaleSnapshots(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), snapshotPrefix)
		if !ok {
			continue
		}
		pid, _, _ := strings.Cut(rest, "-")
		if n, err := strconv.Atoi(pid); err == nil && !pidAlive(n) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// IsSnapshot reports whether ix was opened on a snapshot of the last
// committed state, because a writer held the index.
func (ix *Index) IsSnapshot() bool { return ix.snapshot != "" }

// errInUse reports whether err says a writer holds the index.
func errInUse(err error) bool {
	var inUse *InUseError
	return errors.As(err, &inUse)
}
