package index

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lockChildEnv, set to an index directory, turns TestLockHeldByAnotherProcess
// into the child that holds that index open.
const lockChildEnv = "OEWG_TEST_LOCK_CHILD_DIR"

// lockChildReady is what the child prints once it holds the index.
const lockChildReady = "holding the index"

// The lock works across processes: the test binary runs itself again as a
// child that opens the index for writing, as oewg ingest does, and holds it
// until its stdin closes.
func TestLockHeldByAnotherProcess(t *testing.T) {
	if dir := os.Getenv(lockChildEnv); dir != "" {
		holdIndex(t, dir)
		return
	}
	dir := filepath.Join(t.TempDir(), "ix")
	child := exec.Command(os.Args[0], "-test.run=^TestLockHeldByAnotherProcess$", "-test.count=1")
	child.Env = append(os.Environ(), lockChildEnv+"="+dir)
	var stderr strings.Builder
	child.Stderr = &stderr
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		child.Process.Kill()
		child.Wait()
	}()
	if out, ok := waitForLine(stdout, lockChildReady, 30*time.Second); !ok {
		t.Fatalf("the child never held the index:\n%s%s", out, stderr.String())
	}
	pid := child.Process.Pid

	// A second writer gives up within its timeout and names the holder.
	const timeout = 300 * time.Millisecond
	start := time.Now()
	ix, err := Open(dir, Options{Timeout: timeout})
	took := time.Since(start)
	if err == nil {
		ix.Close()
		t.Fatalf("Open succeeded while pid %d holds the index", pid)
	}
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("Open: err = %v, want *InUseError", err)
	}
	t.Logf("Open gave up after %v: %v", took.Round(time.Millisecond), err)
	if inUse.Holder.PID != pid || inUse.Holder.Command != "oewg ingest" || inUse.Dir != dir {
		t.Errorf("Open: holder %+v in %s, want pid %d, oewg ingest in %s", inUse.Holder, inUse.Dir, pid, dir)
	}
	msg := err.Error()
	for _, want := range []string{dir, fmt.Sprintf("(pid %d, oewg ingest since ", pid), "wait for it or use --index DIR"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Open: error %q does not contain %q", msg, want)
		}
	}

	// A reader reads the last committed state, at once or after its wait,
	// and says so.
	for _, wait := range []time.Duration{0, timeout} {
		var notes []string
		start := time.Now()
		ix, err := OpenReadOnly(dir, Options{Wait: wait, Note: func(s string) { notes = append(notes, s) }})
		t.Logf("OpenReadOnly (wait %v) read the last committed state in %v", wait, time.Since(start).Round(time.Millisecond))
		if err != nil {
			t.Fatalf("OpenReadOnly (wait %v) while pid %d writes: %v", wait, pid, err)
		}
		if _, _, err := ix.Count(); err != nil || !ix.IsSnapshot() {
			t.Errorf("OpenReadOnly (wait %v): count: %v, snapshot %v", wait, err, ix.IsSnapshot())
		}
		ix.Close()
		want := []string{fmt.Sprintf("index %s is being written (pid %d, oewg ingest since ", dir, pid)}
		if wait > 0 {
			want = append([]string{fmt.Sprintf("waiting up to %v for it (--wait)", wait)}, want...)
		}
		if len(notes) != len(want) {
			t.Fatalf("OpenReadOnly (wait %v): notes %q, want %d", wait, notes, len(want))
		}
		for i, w := range want {
			if !strings.Contains(notes[i], w) {
				t.Errorf("OpenReadOnly (wait %v): note %q does not contain %q", wait, notes[i], w)
			}
		}
		if !strings.HasSuffix(notes[len(notes)-1], "answering from its last committed state (--wait DURATION waits for the writer)") {
			t.Errorf("last note %q", notes[len(notes)-1])
		}
	}
	if snaps, _ := filepath.Glob(filepath.Join(dir, snapshotPrefix+"*")); len(snaps) != 0 {
		t.Errorf("snapshot folders left behind: %v", snaps)
	}

	// Killed, the child leaves its oewg.lock behind but not the kernel's
	// lock: the index opens at once and the lock file names the new holder.
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if info, err := readLock(filepath.Join(dir, lockName)); err != nil || info.PID != pid {
		t.Errorf("after the kill, oewg.lock = %+v, %v; want the dead child's pid %d", info, err, pid)
	}
	ix, err = Open(dir, Options{Timeout: timeout, Command: "oewg test"})
	if err != nil {
		t.Fatalf("Open after the holder died: %v", err)
	}
	defer ix.Close()
	if info, err := readLock(filepath.Join(dir, lockName)); err != nil || info.PID != os.Getpid() || info.Command != "oewg test" {
		t.Errorf("oewg.lock = %+v, %v; want this process (pid %d, oewg test)", info, err, os.Getpid())
	}
}

// holdIndex is the child: it opens dir for writing, says so on stdout and
// holds the index until stdin closes (or 20s pass, should the parent
// vanish without closing it).
func holdIndex(t *testing.T, dir string) {
	ix, err := Open(dir, Options{Command: "oewg ingest"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	fmt.Println(lockChildReady)
	done := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
	}
}

// waitForLine reads r until a line equal to want, and returns what it read
// and whether it found want before EOF or the timeout.
func waitForLine(r io.Reader, want string, timeout time.Duration) (string, bool) {
	type result struct {
		out string
		ok  bool
	}
	c := make(chan result, 1)
	go func() {
		var b strings.Builder
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
			if sc.Text() == want {
				c <- result{b.String(), true}
				// NOTE: keep draining, so the child never blocks on a
				// full pipe.
				io.Copy(io.Discard, r)
				return
			}
		}
		c <- result{b.String(), false}
	}()
	select {
	case res := <-c:
		return res.out, res.ok
	case <-time.After(timeout):
		return "(timed out)\n", false
	}
}
