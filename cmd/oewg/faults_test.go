package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/oewg/oewg/index"
)

// The faults of issue 16 that a test can make: a disk that fills up, an
// index folder that is not writable, a damaged index. README, "Bad input
// and faults", lists what the user sees.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// TestMain removes the binary that oewgBinary built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// oewgBinary builds the oewg binary once for the package's tests.
func oewgBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "oewg-bin-")
		if err != nil {
			binErr = err
			return
		}
		// NOTE: readable by all: a test runs it as another user.
		os.Chmod(dir, 0o755)
		binPath = filepath.Join(dir, "oewg")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// writeVariants writes n variants of the meeting transcript into dir, each
// a document of its own.
func writeVariants(t *testing.T, dir string, n int) {
	t.Helper()
	src, err := os.ReadFile(transcript)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		b := fmt.Appendf(bytes.Clone(src), "\n\nVariant %d.\n", i)
		name := fmt.Sprintf("oewg-2021-2025-session-2-meeting-8-transcript-v%03d.txt", i)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// summaryRE reads an ingest summary.
var summaryRE = regexp.MustCompile(`(\d+) files?: (\d+) new, (\d+) changed, (\d+) unchanged, (\d+) failed; (\d+) segments? indexed`)

type summary struct{ files, new, changed, unchanged, failed, segments int }

func parseSummary(t *testing.T, stdout string) summary {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no summary in %q", stdout)
	}
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	return summary{n[1], n[2], n[3], n[4], n[5], n[6]}
}

// TestDiskFull ingests into a filesystem of a few megabytes that fills up
// part-way: the summary counts only what the index holds, the files of the
// batch that could not be written are named "not saved", and once there is
// room the next run completes the rest.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 40 transcripts twice")
	}
	tmp := t.TempDir()
	mnt := filepath.Join(tmp, "disk")
	os.Mkdir(mnt, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small filesystem (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	corpusDir := filepath.Join(tmp, "corpus")
	const files = 40
	writeVariants(t, corpusDir, files)
	ixDir := filepath.Join(mnt, "ix")

	code, stdout, stderr := cli(t, "ingest", "-q", "--index", ixDir, corpusDir)
	t.Logf("full disk:\n%s%s", stderr, stdout)
	if code != exitPartial {
		t.Fatalf("exit %d on a full disk, want %d", code, exitPartial)
	}
	sum := parseSummary(t, stdout)
	notSaved := regexp.MustCompile(`(?m)^oewg: \S+\.txt: not saved: no space left on device; free space and run ingest again$`).FindAllString(stderr, -1)
	if len(notSaved) == 0 || sum.failed != len(notSaved) {
		t.Errorf("%d files not saved, the summary says %d failed", len(notSaved), sum.failed)
	}
	if !regexp.MustCompile(`(?m)^oewg: index \S+: cannot write shard-\d/store/\S+: no space left on device; stopped after \d+ of 40 files, the files above are not saved; free space and run ingest again$`).MatchString(stderr) {
		t.Errorf("no line that names the file it could not write and says what to do")
	}
	// The summary is true: what it counts new is in the index, whole.
	// NOTE: bleve may still persist a batch it reported failed, from its
	// background persister, once merges free some space: the index then
	// holds a document or two more than the summary counted (a file said
	// "not saved" was saved in the end; the next run finds it indexed).
	// The summary never counts what is not there.
	got := docSegments(t, ixDir)
	total := 0
	for _, n := range got {
		total += n
	}
	if len(got) < sum.new || total < sum.segments {
		t.Errorf("summary: %d new, %d segments; the index holds only %d documents, %d segments", sum.new, sum.segments, len(got), total)
	} else if len(got) != sum.new {
		t.Logf("bleve persisted a batch it had reported failed: the index holds %d documents, %d segments; the summary counted %d, %d", len(got), total, sum.new, sum.segments)
	}

	if out, err := exec.Command("mount", "-o", "remount,size=256m", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v %s", err, out)
	}
	code, stdout, stderr = cli(t, "ingest", "-q", "--index", ixDir, corpusDir)
	t.Logf("with room:\n%s%s", stderr, stdout)
	if code != exitOK {
		t.Fatalf("exit %d once there is room", code)
	}
	again := parseSummary(t, stdout)
	if again.unchanged < sum.new || again.new+again.changed+again.unchanged != files || again.failed != 0 {
		t.Errorf("second run: %+v after %d saved of %d", again, sum.new, files)
	}
	got = docSegments(t, ixDir)
	per := got["oewg-2021-2025-session-2-meeting-8-transcript-v001"]
	for id, n := range got {
		if n != per {
			t.Errorf("%s: %d segments, want %d as every variant", id, n, per)
		}
	}
	if len(got) != files || per == 0 {
		t.Errorf("%d documents of %d segments after the second run, want %d", len(got), per, files)
	}
}

// TestIndexNotWritable takes the write permission from the index's shards
// between two ingests: the second names the files it could not save and
// what to do. As root (CI), the ingests run as nobody, for whom the
// permission counts.
func TestIndexNotWritable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := oewgBinary(t)
	tmp := t.TempDir()
	// NOTE: t.TempDir's folders are 0700; nobody must reach the files.
	os.Chmod(filepath.Dir(tmp), 0o755)
	os.Chmod(tmp, 0o777)
	ixDir := filepath.Join(tmp, "ix")
	cred := (*syscall.Credential)(nil)
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
	}
	ingest := func(dirs ...string) (int, string, string) {
		c := exec.Command(bin, append([]string{"ingest", "-q", "--index", ixDir}, dirs...)...)
		c.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		err := c.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}
	first, second := filepath.Join(tmp, "first"), filepath.Join(tmp, "second")
	writeVariants(t, first, 2)
	copyExamples(t, second)
	if code, _, stderr := ingest(first); code != exitOK {
		t.Fatalf("first ingest: exit %d\n%s", code, stderr)
	}
	stores, _ := filepath.Glob(filepath.Join(ixDir, "shard-*", "store"))
	for _, s := range stores {
		if err := os.Chmod(s, 0o555); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := ingest(second)
	t.Logf("not writable:\n%s%s", stderr, stdout)
	if code != exitPartial {
		t.Errorf("exit %d, want %d", code, exitPartial)
	}
	if !strings.Contains(stderr, "not saved: permission denied; make the index folder writable (chmod -R u+w) and run ingest again") {
		t.Errorf("no file said not saved for want of permission")
	}
	if sum := parseSummary(t, stdout); sum.new != 0 || sum.segments != 0 || sum.failed == 0 {
		t.Errorf("summary %+v; nothing could be saved", sum)
	}
	for _, s := range stores {
		os.Chmod(s, 0o755)
	}
	if code, stdout, stderr := ingest(second); code != exitOK || parseSummary(t, stdout).new == 0 {
		t.Errorf("once writable: exit %d\n%s%s", code, stderr, stdout)
	}
}

// damageCases damage an index in the ways a failing disk or a half-done
// copy does; file is relative to the index.
func damageCases(t *testing.T, ixDir string) []struct {
	name, file string
	damage     func(string) error
} {
	zaps, err := index.SegmentFiles(ixDir)
	if err != nil || len(zaps) == 0 {
		t.Fatalf("no segment file in %s: %v", ixDir, err)
	}
	zap := zaps[0]
	return []struct {
		name, file string
		damage     func(string) error
	}{
		{"truncated segment", zap, func(p string) error { return os.Truncate(p, 1000) }},
		{"truncated index_meta.json", "shard-1/index_meta.json", func(p string) error { return os.Truncate(p, 20) }},
		{"missing shard", "shard-1", os.RemoveAll},
	}
}

// TestDamagedIndex damages a copy of an index three ways: oewg check names
// the file and exits 1, and every command that meets it says which file
// and points to check and --rebuild, in one line.
func TestDamagedIndex(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "ix")
	if code, _, stderr := cli(t, "ingest", "-q", "--index", src, "../../examples"); code != exitOK {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := cli(t, "check", "--index", src)
	if code != exitOK || !regexp.MustCompile(`^index \S+: 2 shards, \d+ documents, \d+ segments; no problems\n$`).MatchString(stdout) {
		t.Fatalf("check on a sound index: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, c := range damageCases(t, src) {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ix")
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			if err := c.damage(filepath.Join(dir, c.file)); err != nil {
				t.Fatal(err)
			}
			code, stdout, _ := cli(t, "check", "--index", dir)
			if code != exitPartial || !strings.HasPrefix(stdout, c.file+" is ") || !strings.Contains(stdout, "oewg ingest --rebuild") {
				t.Errorf("check: exit %d\n%s", code, stdout)
			}
			for _, args := range [][]string{{"search", "capacity"}, {"positions"}, {"speakers"}, {"ingest", "-q", "../../examples"}} {
				code, _, stderr := cli(t, append(args, "--index", dir)...)
				want := "oewg: index " + dir + ": " + c.file + " is "
				if code == exitOK || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 ||
					!strings.Contains(stderr, "oewg check") || !strings.Contains(stderr, "oewg ingest --rebuild") {
					t.Errorf("%s: exit %d, stderr %q; want one line %q… naming oewg check and --rebuild", args[0], code, stderr, want)
				}
			}
		})
	}
}

// TestReadDuringIngest reads the index while an ingest writes it: search,
// positions, compare, speakers and check answer from the last committed state and
// say so; with --wait, a reader waits for the ingest and reads all of it.
func TestReadDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests for several seconds")
	}
	bin := oewgBinary(t)
	tmp := t.TempDir()
	corpusDir, ixDir := filepath.Join(tmp, "corpus"), filepath.Join(tmp, "ix")
	writeVariants(t, corpusDir, killCorpusFiles)
	c := exec.Command(bin, "ingest", "-q", "--index", ixDir, corpusDir)
	var ingestErr bytes.Buffer
	c.Stderr = &ingestErr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	running := func() bool {
		select {
		case err := <-done:
			done <- err
			return false
		default:
			return true
		}
	}
	defer func() {
		c.Process.Kill()
		<-done
	}()
	waitForSegmentFile(t, ixDir)

	note := fmt.Sprintf("oewg: note: index %s is being written (pid %d, oewg ingest since ", ixDir, c.Process.Pid)
	reads, answered := 0, false
	for running() && !answered {
		for _, args := range [][]string{{"search", "capacity"}, {"positions"}, {"compare", "--by", "session"}, {"speakers"}, {"check"}} {
			code, stdout, stderr := cli(t, append(args, "--index", ixDir)...)
			if code != exitOK {
				t.Fatalf("%s during an ingest: exit %d\n%s%s", args[0], code, stderr, stdout)
			}
			// NOTE: a read that began as the ingest closed the index
			// reads it whole, without a note.
			if !strings.HasPrefix(stderr, note) || !strings.Contains(stderr, "answering from its last committed state") {
				continue
			}
			reads++
			if args[0] == "search" && strings.Contains(stdout, "1. ") {
				answered = true // a committed batch was found
			}
		}
	}
	if reads == 0 || !answered {
		t.Fatalf("the ingest finished after %d reads of its last committed state, none of which found a committed batch; the corpus is too small for this machine", reads)
	}
	t.Logf("%d reads during the ingest", reads)

	// With --wait, a reader waits for the ingest and sees all it wrote.
	code, stdout, stderr := cli(t, "documents", "--wait", "10m", "--index", ixDir)
	if !strings.Contains(stderr, "waiting up to 10m0s for it (--wait)") {
		t.Fatalf("documents --wait did not wait (the ingest ended first?): exit %d\n%s", code, stderr)
	}
	if code != exitOK || !strings.Contains(stdout, fmt.Sprintf("\n%d documents.", killCorpusFiles)) {
		t.Errorf("documents --wait: exit %d\n%s%s", code, stderr, stdout)
	}
	if err := <-done; err != nil {
		t.Fatalf("the ingest failed: %v\n%s", err, ingestErr.String())
	}
	done <- nil
	if snaps, _ := filepath.Glob(filepath.Join(ixDir, ".read-*")); len(snaps) != 0 {
		t.Errorf("snapshot folders left behind: %v", snaps)
	}
}

// TestRebuild damages an index and deletes one of its files: ingest
// --rebuild lists the file that is gone and re-creates the rest, with the
// metadata given at the first ingest, from the files the index records
// (those of the damaged shard from oewg-sources.jsonl). Interrupted, it
// leaves the old index as it was.
func TestRebuild(t *testing.T) {
	tmp := t.TempDir()
	src, ixDir := filepath.Join(tmp, "src"), filepath.Join(tmp, "ix")
	copyExamples(t, src)
	if code, _, stderr := cli(t, "ingest", "-q", "--meta", "process=OEWG 2021-2025", "--index", ixDir, src); code != exitOK {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	want := docSegments(t, ixDir)

	// Interrupted: nothing changes.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if err := runRebuild(ctx, &ingestOptions{Rebuild: true, Quiet: true, Workers: 2}, &globals{IndexDir: ixDir}, &out, &errb); err != errPartial ||
		!strings.Contains(errb.String(), "not rebuilt, it is as it was; run oewg ingest --rebuild again") {
		t.Errorf("interrupted rebuild: %v\n%s", err, errb.String())
	}
	if got := docSegments(t, ixDir); !maps.Equal(got, want) {
		t.Errorf("after an interrupted rebuild: %v, want %v", got, want)
	}
	if _, err := os.Stat(ixDir + ".rebuild"); !os.IsNotExist(err) {
		t.Errorf("the unfinished rebuild was left: %v", err)
	}

	goneFile := filepath.Join(src, "bangladesh-2024-03-07-capacity-building-copy.txt")
	if err := os.Remove(goneFile); err != nil {
		t.Fatal(err)
	}
	delete(want, "bangladesh-2024-03-07-capacity-building-copy")
	c := damageCases(t, ixDir)[0]
	if err := c.damage(filepath.Join(ixDir, c.file)); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := cli(t, "ingest", "--rebuild", "-q", "--index", ixDir)
	t.Logf("rebuild:\n%s%s", stderr, stdout)
	if code != exitPartial || !strings.Contains(stderr, "oewg: "+goneFile+": gone since it was indexed (document bangladesh-2024-03-07-capacity-building-copy); left out of the rebuilt index") ||
		!strings.Contains(stderr, c.file+" is damaged") || !strings.HasPrefix(stdout, "index "+ixDir+" rebuilt from 4 files: 4 documents") {
		t.Errorf("rebuild: exit %d", code)
	}
	if got := docSegments(t, ixDir); !maps.Equal(got, want) {
		t.Errorf("rebuilt: %v, want %v", got, want)
	}
	if code, stdout, _ := cli(t, "check", "--index", ixDir); code != exitOK {
		t.Errorf("check after the rebuild: exit %d\n%s", code, stdout)
	}
	ix, err := index.OpenReadOnly(ixDir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs, err := ix.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Meta.Process != "OEWG 2021-2025" {
			t.Errorf("%s: process %q, want the one given to the first ingest", d.ID, d.Meta.Process)
		}
	}
	if code, _, stderr := cli(t, "ingest", "--rebuild", "--index", ixDir, src); code != exitUsage || !strings.Contains(stderr, "takes no PATH") {
		t.Errorf("--rebuild with a PATH: exit %d\n%s", code, stderr)
	}
}
