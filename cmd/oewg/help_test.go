package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpEveryCommand walks every command's --help, so that a doubled flag
// or a missing example fails here and not at a user's terminal.
func TestHelpEveryCommand(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		t.Run(strings.Join(append([]string{"oewg"}, path...), " "), func(t *testing.T) {
			root := newRootCommand()
			var out bytes.Buffer
			root.SetOut(&out)
			root.SetErr(&out)
			root.SetArgs(append(path, "--help"))
			if err := root.ExecuteContext(context.Background()); err != nil {
				t.Fatalf("--help: %v", err)
			}
			if c.Runnable() && c.Example == "" {
				t.Errorf("%s has no example", c.CommandPath())
			}
			if !strings.Contains(out.String(), "Usage:") {
				t.Errorf("--help printed no usage: %q", out.String())
			}
		})
		for _, sub := range c.Commands() {
			if sub.Name() != "help" && sub.Name() != "completion" {
				walk(sub)
			}
		}
	}
	walk(newRootCommand())
}

func TestUsageErrorExitStatus(t *testing.T) {
	if got := run(context.Background(), []string{"analyze"}); got != exitUsage {
		t.Errorf("analyze with no file: exit %d, want %d", got, exitUsage)
	}
	if got := run(context.Background(), []string{"nosuchcommand"}); got != exitUsage {
		t.Errorf("unknown command: exit %d, want %d", got, exitUsage)
	}
	if got := run(context.Background(), []string{"analyze", "--nosuchflag", "x"}); got != exitUsage {
		t.Errorf("unknown flag: exit %d, want %d", got, exitUsage)
	}
}
