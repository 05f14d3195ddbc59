package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/reports"
)

// addCompletions lets the shell complete the values of the flags that
// take a known set (oewg completion bash|zsh|fish|powershell installs
// it): positions from the rules, speaker keys with their names, formats
// per command, stances, roles, kinds, --by and --sort.
func addCompletions(root *cobra.Command, g *globals) {
	fixed := func(vs ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(vs, cobra.ShellCompDirectiveNoFileComp)
	}
	positions := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		rs, err := loadRules(g)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var out []cobra.Completion
		for _, p := range rs.Positions() {
			out = append(out, cobra.CompletionWithDesc(p.ID, p.Label))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	speakers := func(_ *cobra.Command, _ []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		// NOTE: a comma-separated list completes its last item.
		done := ""
		if i := strings.LastIndexByte(typed, ','); i >= 0 {
			done, typed = typed[:i+1], typed[i+1:]
		}
		var out []cobra.Completion
		for _, sp := range corpus.Default().Speakers() {
			if strings.HasPrefix(sp.Key, strings.ToUpper(typed)) {
				out = append(out, cobra.CompletionWithDesc(done+sp.Key, sp.Name))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			var fn cobra.CompletionFunc
			switch f.Name {
			case "position":
				fn = positions
			case "speaker", "speakers":
				fn = speakers
			case "stance":
				fn = fixed(corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention, corpus.StanceMixed)
			case "role":
				fn = fixed(corpus.Roles...)
			case "kind":
				fn = fixed(corpus.Kinds...)
			case "by":
				fn = fixed(reports.BySession, reports.ByProcess)
			case "sort":
				fn = fixed(reports.KWICSorts...)
			case "format":
				switch cmd.Name() {
				case "search":
					fn = fixed(searchFormats...)
				case "export":
					fn = fixed(reports.ExportFormats...)
				default:
					fn = fixed(reports.Formats...)
				}
			}
			if fn != nil {
				_ = cmd.RegisterFlagCompletionFunc(f.Name, fn)
			}
		})
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}
