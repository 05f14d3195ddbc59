package index

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestStaleSnapshotsRemoved: the snapshot folder of a reader that died is
// removed by the next writer; a live reader's is kept.
func TestStaleSnapshotsRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skipf("no true command: %v", err)
	}
	stale := filepath.Join(dir, fmt.Sprintf("%s%d-1", snapshotPrefix, dead.Process.Pid))
	live := filepath.Join(dir, fmt.Sprintf("%s%d-1", snapshotPrefix, os.Getpid()))
	for _, d := range []string{stale, live} {
		if err := os.MkdirAll(filepath.Join(d, "shard-0"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a dead reader's snapshot is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live reader's snapshot was removed: %v", err)
	}
}

// TestSnapshotOutsideIndex makes a snapshot outside the index folder, as a
// reader that may not write in it does: it reads what the index holds.
func TestSnapshotOutsideIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a", "b", "c"} {
		if err := ix.Put(testDoc(d, "h", 4)); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()
	lay, err := readLayout(dir)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := makeSnapshot(dir, lay, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	links, _ := filepath.Glob(filepath.Join(snap, "shard-*", "store", "*.zap"))
	for _, l := range links {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is not a symbolic link: %v", l, err)
		}
	}
	rix, err := openShards(snap, lay, map[string]any{"read_only": true}, false)
	if err != nil {
		t.Fatal(err)
	}
	rix.readOnly = true
	defer rix.Close()
	if s, d := counts(t, rix); s != 12 || d != 3 || len(links) == 0 {
		t.Errorf("the snapshot holds %d segments, %d documents in %d files; want 12, 3", s, d, len(links))
	}
}
