package main

import (
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// globals holds the flags every command shares.
type globals struct {
	// IndexDir is where the bleve index lives (--index, $OEWG_INDEX).
	IndexDir string
	// RulesDir adds rule files to, or replaces, the built-in ones (--rules).
	RulesDir string
	// Wait is how long a command that reads the index waits for an ingest
	// that holds it (--wait); zero reads its last committed state at once.
	Wait time.Duration

	// LabelFiles extend the built-in label grammars, phrases and speakers
	// (--labels).
	LabelFiles []string

	// rules and rulesErr cache what loadRules compiled.
	rules    *classify.RuleSet
	rulesErr error
	// lexicon and lexiconErr cache what loadLexicon loaded.
	lexicon    *corpus.Lexicon
	lexiconErr error
	// errOut receives notes (the command's stderr); nil is os.Stderr.
	errOut io.Writer
}

// stderr is where notes go.
func (g *globals) stderr() io.Writer {
	if g.errOut == nil {
		return os.Stderr
	}
	return g.errOut
}

// AddFlags registers the global flags.
func (g *globals) AddFlags(fs *pflag.FlagSet) {
	def := os.Getenv("OEWG_INDEX")
	if def == "" {
		def = "./oewg-index"
	}
	fs.StringVar(&g.IndexDir, "index", def, "index directory (or set $OEWG_INDEX)")
	fs.StringVar(&g.RulesDir, "rules", "", "directory of rule files that add to or replace the built-in ones")
	fs.DurationVar(&g.Wait, "wait", 0, "while an ingest writes the index, wait up to this long for it (30s, 10m) instead of reading its last committed state")
	fs.StringSliceVar(&g.LabelFiles, "labels", nil, "YAML file of label grammars, hand-over phrases and speakers that extend the built-in ones (repeatable)")
}

func newRootCommand() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "oewg",
		Short: "Search and tabulate who said what in UN cyber diplomacy",
		Long: `oewg turns OEWG transcripts, statements and concept notes into a
speaker-attributed, position-tagged, searchable corpus.`,
		Example: `  oewg ingest examples/
  oewg positions --evidence 1
  oewg search '"demand-driven"' --speaker KEN`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// NOTE: broken --rules stop every command, even one that needs
		// no rule, so that a mistake in them is never silently ignored.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			g.errOut = cmd.ErrOrStderr()
			if readCommands[cmd.Name()] {
				readGC()
			}
			if len(g.LabelFiles) > 0 {
				if _, err := loadLexicon(g); err != nil {
					return err
				}
			}
			if g.RulesDir == "" {
				return nil
			}
			_, err := loadRules(g)
			return err
		},
	}
	g.AddFlags(root.PersistentFlags())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	// NOTE: commands are listed here, explicitly, not registered by init().
	root.AddCommand(
		newAnalyzeCommand(g),
		newIngestCommand(g),
		newSearchCommand(g),
		newPositionsCommand(g),
		newCompareCommand(g),
		newSpeakersCommand(g),
		newServeCommand(g),
		newExportCommand(g),
		newDocumentsCommand(g),
		newRemoveCommand(g),
		newCheckCommand(g),
		newExplainCommand(g),
		newRulesCommand(g),
		newBenchCommand(g),
	)
	addCompletions(root, g)
	return root
}

// readCommands read the index and answer: once and exit, or (serve) for
// as long as the server runs.
var readCommands = map[string]bool{"search": true, "positions": true, "compare": true, "speakers": true, "serve": true}

// readGC lets the garbage collector wait for the heap to grow fivefold
// (GOGC=400) instead of twofold, unless $GOGC says otherwise. A command
// that answers in a tenth of a second and exits spent a tenth of that
// collecting what its exit frees (the benchmark's positions at 1 GB:
// median 178 → 151 ms, six runs each). A server's collections take one of
// the two cores a search runs on (a term walk uses both): at 1 GB, warm,
// three runs each, p99 of "capacity" 28–34 → 19–28 ms, of "capacity
// building" ICT --role delegation 44–47 → 32–39 ms, for 12 MB more peak
// memory. The heap grown is the answers' own, tens of MB at 1 GB, not
// the corpus, which is mapped.
func readGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// version is the module version oewg was built from ("v1.2.0" when
// installed with go install …@v1.2.0, a pseudo-version for a commit), or
// "dev" for a build from a checkout.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// isCobraUsage reports whether err is one of cobra's own argument errors,
// which carry no type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "unknown flag", "unknown shorthand flag", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
