package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/pipeline"
)

// analyzeOptions are the flags of oewg analyze.
type analyzeOptions struct {
	JSON    bool
	Meta    []string
	Explain bool
}

func (o *analyzeOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.JSON, "json", false, "print JSON Lines, one segment per line")
	fs.StringArrayVar(&o.Meta, "meta", nil, "metadata key=value for every file (speaker, date, process, session, meeting, kind, title, source, role); repeatable")
	fs.BoolVar(&o.Explain, "explain", false, "under each segment, show how each tagged sentence was read (as oewg explain does)")
}

func newAnalyzeCommand(g *globals) *cobra.Command {
	o := &analyzeOptions{}
	cmd := &cobra.Command{
		Use:   "analyze FILE...",
		Short: "Print the speaker-attributed, tagged segments of files, without indexing",
		Long: `analyze runs the pipeline (extract, attribute speakers, classify positions)
on files and folders and prints the segments: a readable listing, or JSON
Lines with --json. Nothing is indexed.`,
		Example: `  oewg analyze examples/oewg-2021-2025-session-2-meeting-8-transcript.txt
  oewg analyze examples/ --json | jq -c '{seq, speaker: .speaker.key, tags: [.tags[]?.position]}'
  oewg analyze statement.pdf --meta speaker=Iran --meta date=2020-11-19
  oewg analyze --explain examples/iran-2020-11-19-capacity-building.txt
  oewg --labels my-labels.yaml analyze captions/   # label forms of your own (see README, Speakers)`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAnalyze(cmd.Context(), o, g, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

func runAnalyze(ctx context.Context, o *analyzeOptions, g *globals, args []string, stdout, stderr io.Writer) error {
	if o.Explain && o.JSON {
		return usagef("--explain annotates the readable listing; drop --json (the JSON has each tag's because)")
	}
	p, err := newPipeline(g, o.Meta)
	if err != nil {
		return err
	}
	var explain func(string) string
	if o.Explain {
		explain = p.Rules().Explain
	}
	files, errs := pipeline.Collect(args)
	for _, e := range errs {
		printErr(stderr, e)
	}
	failed := len(errs)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "oewg: interrupted; the files before were printed")
			return errPartial
		}
		doc, err := p.Analyze(f)
		if err != nil {
			w.Flush()
			printErr(stderr, err)
			failed++
			continue
		}
		if o.JSON {
			for i := range doc.Segments {
				if err := enc.Encode(&doc.Segments[i]); err != nil {
					return err
				}
			}
			continue
		}
		printDocument(w, doc, explain)
	}
	if failed > 0 {
		return errPartial
	}
	return nil
}

// printDocument writes the readable listing of a document; with explain,
// each tagged sentence's explanation follows its segment, indented.
func printDocument(w io.Writer, doc *corpus.Document, explain func(string) string) {
	m := doc.Meta
	var facts []string
	for _, f := range []string{m.Kind, m.Process} {
		if f != "" {
			facts = append(facts, f)
		}
	}
	if m.Session > 0 {
		s := fmt.Sprintf("session %d", m.Session)
		if m.Meeting > 0 {
			s += fmt.Sprintf(", meeting %d", m.Meeting)
		}
		facts = append(facts, s)
	}
	if m.Date != "" {
		facts = append(facts, m.Date)
	}
	fmt.Fprintf(w, "%s (%s) — %s, extracted by %s\n", doc.File, strings.Join(facts, ", "), count(len(doc.Segments), "segment"), doc.Extractor)
	for _, n := range doc.Notes {
		fmt.Fprintf(w, "      note: %s\n", n)
	}
	for _, s := range doc.Segments {
		note := ""
		switch {
		case s.Interjection:
			note = " (interjection)"
		case s.Speaker.Role == corpus.RoleGroup || s.Speaker.Role == corpus.RoleOrganisation ||
			s.Speaker.Role == corpus.RoleStakeholder || s.Speaker.Role == corpus.RoleSecretariat:
			note = " (" + s.Speaker.Role + ")"
		}
		who := truncate(s.Speaker.Name, 30-len([]rune(note))) + note
		var extra []string
		if s.OnBehalfOf != "" {
			extra = append(extra, "on behalf of "+s.OnBehalfOf)
		}
		if len(s.AlignedWith) > 0 {
			extra = append(extra, "aligned with "+strings.Join(s.AlignedWith, ","))
		}
		for _, t := range s.Tags {
			extra = append(extra, t.Position+":"+t.Stance)
		}
		line := fmt.Sprintf("%4d  %-8s %-30s %s", s.Seq, s.Speaker.Key, who, truncate(firstWords(s.Text), 56))
		if len(extra) > 0 {
			line += "  [" + strings.Join(dedupe(extra), " ") + "]"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
		if how := attribution(s); how != "" {
			fmt.Fprintf(w, "        by %s\n", how)
		}
		for _, n := range s.Notes {
			fmt.Fprintf(w, "        note: %s\n", n)
		}
		if explain == nil {
			continue
		}
		// NOTE: a sentence is explained alone, so a tag it got by
		// referring back to the sentence before shows as "names no
		// position"; the tag's because says what it referred to.
		var done []string
		for _, t := range s.Tags {
			if slices.Contains(done, t.Sentence) {
				continue
			}
			done = append(done, t.Sentence)
			fmt.Fprintf(w, "        %s:%s because %s\n", t.Position, t.Stance, t.Because)
			for _, l := range strings.Split(strings.TrimRight(explain(t.Sentence), "\n"), "\n") {
				fmt.Fprintf(w, "        %s\n", l)
			}
		}
	}
	fmt.Fprintln(w)
}

// attribution says how a segment's speaker was found, with the evidence:
// `handover: "Kenya, please."`.
func attribution(s corpus.Segment) string {
	if s.Attribution == "" {
		return ""
	}
	if s.AttributionEvidence == "" {
		return s.Attribution
	}
	return fmt.Sprintf("%s: %q", s.Attribution, truncate(firstWords(s.AttributionEvidence), 80))
}

// count says "1 segment", "2 segments".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func firstWords(s string) string { return strings.Join(strings.Fields(s), " ") }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
