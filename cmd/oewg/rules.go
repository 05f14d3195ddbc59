package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/oewg/oewg/classify"
)

func newRulesCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Check and list the position rule files",
		Example: `  oewg rules check my-rules/
  oewg rules list --rules my-rules/`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check [DIR]",
		Short: "Load rule files and report every problem as file:line:col: message",
		Long: `check loads the rule files of DIR (default: the --rules folder, or the
built-in rules) and reports every problem of every file, sorted, as
file:line:col: message. The exit status is 1 if there is any.`,
		Example: `  oewg rules check my-rules/`,
		Args:    cobra.MaximumNArgs(1),
		// NOTE: replaces the root's check of --rules: reporting broken
		// rules is this command's job, not a reason to refuse it.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRulesCheck(cmd.Context(), g, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}, &cobra.Command{
		Use:     "list",
		Short:   "List the positions the rules define",
		Example: `  oewg rules list`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := loadRules(g)
			if err != nil {
				return err
			}
			for _, p := range rs.Positions() {
				fmt.Fprintf(cmd.OutOrStdout(), "%-16s %s\n", p.ID, p.Label)
			}
			return nil
		},
	})
	return cmd
}

func runRulesCheck(_ context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	dir := g.RulesDir
	if len(args) == 1 {
		dir = args[0]
	}
	if dir == "" {
		if _, err := classify.Builtin(); err != nil {
			fmt.Fprintln(stderr, err)
			return errPartial
		}
		fmt.Fprintln(stdout, "built-in rules: ok")
		return nil
	}
	errs := classify.Check(dir)
	for _, e := range errs {
		fmt.Fprintln(stderr, e.Error())
	}
	if len(errs) > 0 {
		return errPartial
	}
	fmt.Fprintf(stdout, "%s: ok\n", dir)
	return nil
}
