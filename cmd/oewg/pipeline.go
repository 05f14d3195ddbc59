package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/pipeline"
)

func newPipeline(g *globals, metaFlags []string) (*pipeline.Pipeline, error) {
	return newPipelineRecorded(g, metaFlags, nil)
}

// newPipelineRecorded is newPipeline with the metadata an index recorded
// of each file (by absolute path), for ingest --rebuild.
func newPipelineRecorded(g *globals, metaFlags []string, recorded map[string]corpus.Meta) (*pipeline.Pipeline, error) {
	flags, err := corpus.ParseMetaFlags(metaFlags)
	if err != nil {
		return nil, usageError{err}
	}
	rules, err := loadRules(g)
	if err != nil {
		return nil, err
	}
	lex, err := loadLexicon(g)
	if err != nil {
		return nil, err
	}
	if err := lex.Gazetteer().CheckSpeaker(flags); err != nil {
		return nil, usagef("--meta: %v", err)
	}
	return pipeline.New(pipeline.Options{Rules: rules, Lexicon: lex, Meta: flags, Recorded: recorded}), nil
}

// loadLexicon loads the built-in label grammars, phrases and speakers and,
// with --labels, the user's; like broken rules, a broken labels file is a
// usage error listing every problem as file:line:col.
func loadLexicon(g *globals) (*corpus.Lexicon, error) {
	if g.lexicon == nil && g.lexiconErr == nil {
		if len(g.LabelFiles) == 0 {
			g.lexicon = corpus.DefaultLexicon()
		} else if lx, err := corpus.LoadLexicon(g.LabelFiles...); err != nil {
			g.lexiconErr = usagef("%w\n--labels: nothing was read; fix the file and run again", err)
		} else {
			g.lexicon = lx
		}
	}
	return g.lexicon, g.lexiconErr
}

// loadRules loads the built-in rules and, with --rules, the user's.
//
// NOTE: broken --rules files are a usage error (exit 2) that stops the
// command before it reads or indexes anything: every problem is listed,
// one file:line:col per line, then what to do. Tagging with half a rule
// set would index wrong tags that only a --force re-ingest could undo.
func loadRules(g *globals) (*classify.RuleSet, error) {
	if g.rules == nil && g.rulesErr == nil {
		g.rules, g.rulesErr = compileRules(g)
	}
	return g.rules, g.rulesErr
}

// compileRules loads and compiles the rule files once per command.
func compileRules(g *globals) (*classify.RuleSet, error) {
	if g.RulesDir == "" {
		return classify.Builtin()
	}
	rs, err := classify.Load(g.RulesDir)
	var list classify.ErrorList
	if errors.As(err, &list) {
		problems := "problems"
		if len(list) == 1 {
			problems = "problem"
		}
		return nil, usagef("%w\n--rules %s: %d %s in the rule files, nothing was read; fix them and run again (oewg rules check %s)",
			err, g.RulesDir, len(list), problems, g.RulesDir)
	}
	return rs, err
}

// printErr writes err to w, each of its lines (a metadata or rule file
// can have several problems) as one line prefixed "oewg: ".
func printErr(w io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(line) != "" {
			fmt.Fprintln(w, "oewg: "+line)
		}
	}
}
