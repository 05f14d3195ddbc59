// Command oewg turns the record of UN cyber diplomacy into a searchable,
// speaker-attributed, position-tagged corpus.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses.
const (
	exitOK      = 0
	exitPartial = 1 // some input failed, the rest was processed
	exitUsage   = 2
)

// errPartial is returned by a command that processed its input but reported
// failures for some of it on stderr already.
var errPartial = errors.New("some inputs failed")

// usageError marks an error in the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func main() {
	// NOTE: bleve logs, then recovers from, a snapshot it cannot load;
	// the damaged file is reported by name instead.
	log.SetOutput(bleveLogFilter{os.Stderr})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// NOTE: the first Ctrl-C asks the command to stop after what it is
		// doing; stop() gives the signals back, so a second one kills at
		// once (an index stays safe: the next ingest completes it).
		<-ctx.Done()
		stop()
	}()
	os.Exit(run(ctx, os.Args[1:]))
}

// bleveLogFilter drops the lines bleve logs about snapshots it skips.
type bleveLogFilter struct{ w io.Writer }

func (f bleveLogFilter) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("unable to load snapshot")) {
		return len(p), nil
	}
	return f.w.Write(p)
}

// run executes the command line and maps its error to an exit status; it is
// the only place that does.
func run(ctx context.Context, args []string) int {
	cmd := newRootCommand()
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errPartial):
		return exitPartial
	}
	printErr(os.Stderr, err)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return exitUsage
	}
	return exitPartial
}
