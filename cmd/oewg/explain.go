package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/oewg/oewg/corpus"
	"github.com/spf13/cobra"
)

// explainOptions are the flags of oewg explain.
type explainOptions struct {
	// Reported reads the text as meeting coverage of Speaker.
	Reported bool
	Speaker  string
}

func newExplainCommand(g *globals) *cobra.Command {
	o := &explainOptions{}
	cmd := &cobra.Command{
		Use:   "explain SENTENCE...",
		Short: "Show how the rules read a sentence and why it gets its tags",
		Long: `explain classifies the text given (all arguments joined by spaces) with
the rules (--rules) and prints, sentence by sentence, the clauses, the
position phrases, the cues, what each negator flips, the frames (reported
speech, question, quotation, condition) and each tag with its because.`,
		Example: `  oewg explain "While we appreciate the proposal, we cannot support the PoA."
  oewg explain --rules my-rules "We regret that the reference to gender was deleted."
  oewg explain --reported --speaker Brazil "The representative of Brazil said that his country supported the PoA."`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(cmd.Context(), o, g, args, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&o.Reported, "reported", false, "read the text as meeting coverage (\"The representative of Brazil said …\"), as oewg reads a press release or summary record")
	cmd.Flags().StringVar(&o.Speaker, "speaker", "", "with --reported: whom the text reports (a State, group or body), so that its name reads as \"we\"")
	return cmd
}

func runExplain(_ context.Context, o *explainOptions, g *globals, args []string, stdout io.Writer) error {
	rs, err := loadRules(g)
	if err != nil {
		return err
	}
	seg := corpus.Segment{Text: strings.Join(args, " "), Reported: o.Reported}
	if o.Speaker != "" {
		if !o.Reported {
			return fmt.Errorf("explain: --speaker says whom meeting coverage reports; give it with --reported")
		}
		sp, ok := corpus.Default().Lookup(o.Speaker)
		if !ok {
			return fmt.Errorf("explain: --speaker %q is not a State, group or body oewg knows; give one (a name or key, e.g. Brazil or BRA)", o.Speaker)
		}
		seg.Speaker = sp
	}
	out := rs.ExplainSegment(seg)
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	_, err = fmt.Fprint(stdout, out)
	return err
}
