package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// explainOptions are the flags of oewg explain (none yet).
type explainOptions struct{}

func newExplainCommand(g *globals) *cobra.Command {
	o := &explainOptions{}
	return &cobra.Command{
		Use:   "explain SENTENCE...",
		Short: "Show how the rules read a sentence and why it gets its tags",
		Long: `explain classifies the text given (all arguments joined by spaces) with
the rules (--rules) and prints, sentence by sentence, the clauses, the
position phrases, the cues, what each negator flips, the frames (reported
speech, question, quotation, condition) and each tag with its because.`,
		Example: `  oewg explain "While we appreciate the proposal, we cannot support the PoA."
  oewg explain --rules my-rules "We regret that the reference to gender was deleted."`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
}

func runExplain(_ context.Context, _ *explainOptions, g *globals, args []string, stdout io.Writer) error {
	rs, err := loadRules(g)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(stdout, rs.Explain(strings.Join(args, " ")))
	return err
}
