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
