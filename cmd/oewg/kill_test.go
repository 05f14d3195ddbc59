package main

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// killCorpusFiles is how many transcript variants the kill test ingests:
// a few seconds of work, several index batches. NOTE: enough that the
// first batch lands well before the end on a loaded machine (80 let an
// ingest finish before its kill once in CI).
const killCorpusFiles = 120

// TestKillAndInterrupt builds the oewg binary, ingests a corpus of
// transcript variants once uninterrupted, then again into other indexes
// that it kills (SIGKILL) or interrupts (SIGINT, as Ctrl-C does) part-way,
// and checks that the next ingest completes each to the same segments: none
// lost, none doubled.
func TestKillAndInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests for several seconds")
	}
	tmp := t.TempDir()
	bin := oewgBinary(t)
	corpusDir := filepath.Join(tmp, "corpus")
	writeVariants(t, corpusDir, killCorpusFiles)
	ingest := func(ixDir string) *exec.Cmd {
		c := exec.Command(bin, "ingest", "-q", "--index", ixDir, corpusDir)
		c.Stdout, c.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		return c
	}

	refDir := filepath.Join(tmp, "ref")
	start := time.Now()
	if c := ingest(refDir); c.Run() != nil {
		t.Fatalf("uninterrupted ingest failed:\n%s", c.Stderr)
	}
	want := docSegments(t, refDir)
	if len(want) != killCorpusFiles {
		t.Fatalf("uninterrupted ingest indexed %d documents, want %d", len(want), killCorpusFiles)
	}
	t.Logf("uninterrupted ingest: %d documents in %v", len(want), time.Since(start))

	for _, sig := range []os.Signal{syscall.SIGKILL, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			ixDir := filepath.Join(tmp, "ix-"+sig.String())
			interrupted := 0 // files read before SIGINT
			c := ingest(ixDir)
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			// NOTE: the kill is timed by progress, not by the clock (the
			// machine may be shared): the first segment file shows that a
			// batch is being committed, and half as long again after it
			// the ingest is part-way through a later one.
			started := time.Now()
			waitForSegmentFile(t, ixDir)
			time.Sleep(time.Since(started) / 2)
			if err := c.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := c.Wait()
			stderr := c.Stderr.(*bytes.Buffer).String()
			var ee *exec.ExitError
			switch {
			case !errors.As(err, &ee):
				t.Fatalf("ingest finished before the %v (%v); the corpus is too small for this machine", sig, err)
			case sig == syscall.SIGKILL && ee.ExitCode() != -1:
				t.Fatalf("ingest exited %d before the kill; the corpus is too small for this machine", ee.ExitCode())
			case sig == os.Interrupt && ee.ExitCode() != exitPartial:
				t.Fatalf("after SIGINT: exit %d, want %d\n%s", ee.ExitCode(), exitPartial, stderr)
			}
			if sig == os.Interrupt {
				// Stopped cleanly: it says how far it got, and how to finish.
				re := regexp.MustCompile(`(?m)^oewg: interrupted after (\d+) of (\d+) files; what was read is indexed, run the same command again to finish$`)
				m := re.FindStringSubmatch(stderr)
				if m == nil {
					t.Fatalf("after SIGINT, stderr does not say how far it got:\n%s", stderr)
				}
				interrupted, _ = strconv.Atoi(m[1])
				if interrupted == 0 || interrupted == killCorpusFiles {
					t.Errorf("interrupted after %s of %s files; want part-way", m[1], m[2])
				}
				// What it read is there, complete.
				got := docSegments(t, ixDir)
				for id, n := range got {
					if want[id] != n {
						t.Errorf("after SIGINT, %s has %d segments, want %d", id, n, want[id])
					}
				}
			}

			again := ingest(ixDir)
			if err := again.Run(); err != nil {
				t.Fatalf("ingest after %v: %v\n%s", sig, err, again.Stderr)
			}
			summary := again.Stdout.(*bytes.Buffer).String()
			t.Logf("after %v: %s", sig, summary)
			m := regexp.MustCompile(`(\d+) unchanged`).FindStringSubmatch(summary)
			if m == nil {
				t.Fatalf("no summary: %q", summary)
			}
			switch unchanged, _ := strconv.Atoi(m[1]); {
			case sig == os.Interrupt && unchanged != interrupted:
				t.Errorf("the first ingest read %d files before SIGINT, the second found %d of them indexed", interrupted, unchanged)
			case unchanged == 0:
				// NOTE: not an error: the kill came before the first batch
				// was committed; the test then shows less.
				t.Logf("the kill came before the first batch was committed")
			}
			got := docSegments(t, ixDir)
			if !maps.Equal(got, want) {
				var total, wantTotal int
				for _, n := range got {
					total += n
				}
				for _, n := range want {
					wantTotal += n
				}
				t.Errorf("after %v and a second ingest: %d documents, %d segments; uninterrupted: %d documents, %d segments",
					sig, len(got), total, len(want), wantTotal)
				for id, n := range want {
					if got[id] != n {
						t.Errorf("%s: %d segments, want %d", id, got[id], n)
					}
				}
			}
		})
	}
}

// waitForSegmentFile waits until the index in dir has a segment file, or
// fails after a minute.
func waitForSegmentFile(t *testing.T, dir string) {
	t.Helper()
	start := time.Now()
	for {
		if zaps, _ := filepath.Glob(filepath.Join(dir, "shard-*", "store", "*.zap")); len(zaps) > 0 {
			return
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("no index segment file in %s after a minute", dir)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
