// Command oewg turns the record of UN cyber diplomacy into a searchable,
// speaker-attributed, position-tagged corpus.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses (SPEC §4).
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
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
	fmt.Fprintln(os.Stderr, "oewg: "+err.Error())
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return exitUsage
	}
	return exitPartial
}
