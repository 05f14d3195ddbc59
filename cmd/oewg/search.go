package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// resolveSpeakers resolves every value of a speaker flag; an unknown one is
// a usage error.
func resolveSpeakers(flag string, values []string) ([]string, error) {
	var keys []string
	for _, s := range values {
		k, ok := pipeline.ResolveSpeaker(s)
		if !ok {
			return nil, usagef("%s %q: unknown speaker; use a key such as KEN or EU, or a name such as Kenya (oewg speakers lists them)", flag, s)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// knownPositions lists the position ids of the rule set (--rules), in
// column order.
func knownPositions(g *globals) ([]string, error) {
	if g.RulesDir == "" && g.rules == nil {
		// NOTE: the built-in ids are their files' names: checking a
		// --position needs no compiled rule (6–17 ms of a search).
		return pipeline.OrderPositionIDs(classify.BuiltinIDs()), nil
	}
	rs, err := loadRules(g)
	if err != nil {
		return nil, err
	}
	return pipeline.PositionIDs(rs), nil
}

// filterOptions are the filter flags shared by search, positions and compare.
type filterOptions struct {
	Speakers  []string
	Positions []string
	Stance    string
	Kind      string
	Process   string
	Session   int
	From, To  string
	Roles     []string

	// aggregate is set by the reports that aggregate stances (positions,
	// compare): --stance mixed is allowed there.
	aggregate bool
}

func (o *filterOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Speakers, "speaker", nil, "only these speakers (keys such as KEN,GBR; comma-separated or repeated); a group key also matches statements on its behalf")
	fs.StringSliceVar(&o.Positions, "position", nil, "only segments tagged with these positions (poa, demand_driven, cbdr, gender, …)")
	fs.StringVar(&o.Stance, "stance", "", "only tags of this stance: support, oppose or mention (with --position: on that position); positions and compare also take mixed: only cells with both")
	fs.StringVar(&o.Kind, "kind", "", "only documents of this kind: transcript, statement, concept_note, other")
	fs.StringVar(&o.Process, "process", "", `only this process ("OEWG 2021-2025", or "OEWG 2021-25")`)
	fs.IntVar(&o.Session, "session", 0, "only this session number")
	fs.StringVar(&o.From, "from", "", "only on or after this date (YYYY-MM-DD); undated segments are left out")
	fs.StringVar(&o.To, "to", "", "only on or before this date (YYYY-MM-DD); undated segments are left out")
	fs.StringSliceVar(&o.Roles, "role", nil, "only speakers of these roles: "+strings.Join(corpus.Roles, ", "))
}

// filter checks the flags and returns the index filter (pipeline.ParseFilter);
// errors are usage errors.
func (o *filterOptions) filter(g *globals) (index.Filter, error) {
	var positions []string
	if len(o.Positions) > 0 {
		var err error
		if positions, err = knownPositions(g); err != nil {
			return index.Filter{}, err
		}
	}
	f, err := pipeline.ParseFilter(pipeline.FilterSpec{
		Speakers: o.Speakers, Positions: o.Positions, Stance: o.Stance, Kind: o.Kind,
		Process: o.Process, Session: o.Session, From: o.From, To: o.To, Roles: o.Roles,
		Aggregate: o.aggregate,
	}, positions)
	if err != nil {
		return f, usageError{err}
	}
	return f, nil
}

// filterPairs lists a filter's conditions as flag name and value, in flag
// order, for report headers and the benchmark's query names.
func filterPairs(f index.Filter) [][2]string {
	var out [][2]string
	add := func(k, v string) {
		if v != "" {
			out = append(out, [2]string{k, v})
		}
	}
	add("speaker", strings.Join(f.Speakers, ","))
	add("position", strings.Join(f.Positions, ","))
	add("stance", f.Stance)
	add("kind", f.Kind)
	add("process", f.Process)
	if f.Session != 0 {
		add("session", strconv.Itoa(f.Session))
	}
	add("from", f.From)
	add("to", f.To)
	add("role", strings.Join(f.Roles, ","))
	return out
}

// openIndexForReading opens the index of --index read-only; while an
// ingest writes it, it waits (--wait) or reads the last committed state,
// and says so on stderr.
func openIndexForReading(g *globals) (*index.Index, error) {
	return index.OpenReadOnly(g.IndexDir, index.Options{Wait: g.Wait, Note: func(s string) { fmt.Fprintln(g.stderr(), "oewg: note: "+s) }})
}

// noteRules writes a one-line note to w when the index was tagged with
// rules other than the ones given (--rules, or a newer oewg): its tables
// show the index's tags, not these rules'.
func noteRules(g *globals, ix *index.Index, w io.Writer) {
	rs, err := loadRules(g)
	if err != nil {
		return
	}
	fp, err := ix.Rules()
	if err != nil || fp == "" || fp == rs.Fingerprint() {
		return
	}
	fmt.Fprintf(w, "oewg: note: the index was tagged with other rules (%s, these are %s); run oewg ingest with these rules to re-tag it\n", fp, rs.Fingerprint())
}

// searchOptions are the flags of oewg search.
type searchOptions struct {
	filterOptions
	Limit  int
	JSON   bool
	KWIC   bool
	Format string
	Output string
	Width  int
	Sort   string
}

// searchFormats are search's output formats.
var searchFormats = []string{"table", "kwic", "csv", "tsv", "jsonl"}

func (o *searchOptions) AddFlags(fs *pflag.FlagSet) {
	o.filterOptions.AddFlags(fs)
	fs.IntVarP(&o.Limit, "limit", "n", 10, "show at most this many hits")
	fs.StringVar(&o.Format, "format", "", "output format: "+strings.Join(searchFormats, ", ")+" (default table, or what -o's extension says)")
	fs.StringVarP(&o.Output, "output", "o", "", "write to FILE instead of standard output (.csv, .tsv, .jsonl pick the format)")
	fs.BoolVar(&o.JSON, "json", false, "print JSON Lines: one segment per hit, with score and fragments (= --format jsonl)")
	fs.BoolVar(&o.KWIC, "kwic", false, "print a concordance: each match in its left and right context, aligned (= --format kwic)")
	fs.IntVar(&o.Width, "width", 0, "concordance line width in columns (default: the terminal's, or 120)")
	fs.StringVar(&o.Sort, "sort", "score", "concordance order: "+strings.Join(reports.KWICSorts, ", ")+" (right: by the match and the words after it)")
}

// format resolves --format, --json, --kwic and -o's extension; a conflict
// is a usage error.
func (o *searchOptions) format() (string, error) {
	f := o.Format
	for _, alias := range []struct {
		on           bool
		flag, format string
	}{{o.JSON, "json", "jsonl"}, {o.KWIC, "kwic", "kwic"}} {
		if !alias.on {
			continue
		}
		if f != "" && f != alias.format {
			return "", usagef("--%s and --format %s: give one", alias.flag, f)
		}
		f = alias.format
	}
	if f == "" && o.Output != "" {
		switch ef := reports.ExportFormatOf(o.Output); ef {
		case "csv", "tsv", "jsonl":
			f = ef
		}
	}
	if f == "" {
		f = "table"
	}
	if !slices.Contains(searchFormats, f) {
		return "", usagef("--format %q: use one of %s", f, strings.Join(searchFormats, ", "))
	}
	if o.Sort != "" && !slices.Contains(reports.KWICSorts, o.Sort) {
		return "", usagef("--sort %q: use one of %s", o.Sort, strings.Join(reports.KWICSorts, ", "))
	}
	if o.Width < 0 || (o.Width > 0 && o.Width < 40) {
		return "", usagef("--width %d: want 40 columns or more", o.Width)
	}
	return f, nil
}

func newSearchCommand(g *globals) *cobra.Command {
	o := &searchOptions{}
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search the indexed segments, with filters and facets",
		Long: `search finds segments in the index (--index) by full text and filters.

QUERY is bleve query-string syntax: words (stemmed: "supports" finds
"support"), "exact phrases", prefixes (mechan*), +required and -excluded
terms, and field:value for title:, source:, speaker:, kind:, process:,
doc:. Words and phrases search what was said (the segments' text), not
titles: title:transcript does. An empty QUERY ('') lists every segment
that passes the filters.

AND, OR, NOT (in capitals) and parentheses combine such clauses:
'capacity AND gender' needs both words, 'gender NOT women' leaves out
segments with women, '(PoA OR "programme of action") AND NOT title:concept'
groups. Without them, words side by side mean any of them (bleve's
default), as before.

Each hit shows the speaker (key and name), the document, session and
date, the segment number, a fragment with the matched terms marked
«like this», how the speaker was found and the document's source URL.
Counts by speaker and by position follow.

Formats (--format, or -o FILE's extension): table (the above), kwic (a
concordance: one line per match, the match aligned between its left and
right context; --sort right orders by the words after it, --width sets the
line width), csv and tsv (the columns of oewg export plus score and
fragment; cells that start with = + - @ are neutralised for
spreadsheets), jsonl (one segment per line with score and fragments, as
--json).`,
		Example: `  oewg search '"demand-driven"' --speaker KEN
  oewg search 'capacity AND (gender OR women) NOT parity'
  oewg search 'PoA' --position poa --stance oppose --from 2022-01-01
  oewg search '"programme of action"' --kwic --sort right -n 50
  oewg search 'gender' --role delegation -n 1000 -o gender-hits.csv
  oewg search '' --session 7 --kind statement --json | jq .speaker.key`,
		Args: oneQuery,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd.Context(), o, g, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// oneQuery checks that search got its query as one argument: words
// given apart ("oewg search PoA extra") were most likely meant as one
// query, which the shell splits unless quoted.
func oneQuery(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return usagef("give a QUERY, or '' for every segment that passes the filters")
	case len(args) > 1:
		return usagef("search takes the query as one argument; quote it: oewg search %s", shellQuote(strings.Join(args, " ")))
	}
	return nil
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// searchHit is a --json line: the segment, its score and fragments.
type searchHit struct {
	corpus.Segment
	Score     float64  `json:"score"`
	Fragments []string `json:"fragments,omitempty"`
}

func runSearch(ctx context.Context, o *searchOptions, g *globals, args []string, stdout, stderr io.Writer) error {
	f, err := o.filter(g)
	if err != nil {
		return err
	}
	if o.Limit <= 0 {
		return usagef("--limit %d: want 1 or more", o.Limit)
	}
	format, err := o.format()
	if err != nil {
		return err
	}
	if format == "kwic" && strings.TrimSpace(args[0]) == "" {
		return usagef("--format kwic: a concordance needs words to centre on; give a QUERY")
	}
	ix, err := openIndexForReading(g)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, index.Query{Text: args[0], Filter: f, Size: o.Limit, Highlight: true, Facets: format == "table"})
	if qe, ok := errors.AsType[*index.QueryError](err); ok {
		return usageError{qe}
	}
	if err != nil {
		return err
	}
	return writeTo(o.Output, stdout, func(out io.Writer) error {
		w := bufio.NewWriter(out)
		if err := writeHits(w, format, o, res); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if o.Output != "" {
			fmt.Fprintf(stderr, "oewg: wrote %d of %d hits to %s (%s)\n", len(res.Hits), res.Total, o.Output, format)
		}
		return nil
	})
}

// writeTo calls write with FILE (created) or, when file is "", stdout.
func writeTo(file string, stdout io.Writer, write func(io.Writer) error) error {
	if file == "" {
		return write(stdout)
	}
	fh, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("%s: cannot write: %v; check the folder exists and is writable", file, pipeline.UnwrapPathError(err))
	}
	if err := write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("%s: %w", file, err)
	}
	return fh.Close()
}

func writeHits(w io.Writer, format string, o *searchOptions, res *index.Results) error {
	switch format {
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, h := range res.Hits {
			if err := enc.Encode(searchHit{Segment: h.Segment, Score: h.Score, Fragments: h.Fragments}); err != nil {
				return err
			}
		}
	case "csv", "tsv":
		ex, err := reports.NewExporter(w, reports.ExportOptions{Format: format, Hits: true})
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := ex.AddHit(h.Segment, h.Score, strings.Join(strings.Fields(strings.Join(h.Fragments, " … ")), " ")); err != nil {
				return err
			}
		}
		return ex.Close()
	case "kwic":
		var lines []reports.KWICLine
		for _, h := range res.Hits {
			lines = append(lines, reports.Concordance(h.Segment, h.Matches)...)
		}
		reports.SortKWIC(lines, o.Sort)
		width := o.Width
		if width == 0 {
			width = terminalWidth(120)
		}
		if err := reports.RenderKWIC(w, lines, width); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%d matches in %d of %d segments.\n", len(lines), len(res.Hits), res.Total)
	default:
		printHits(w, res)
	}
	return nil
}

// terminalWidth is standard output's width in columns if it is a
// terminal, else def.
func terminalWidth(def int) int {
	if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w >= 40 {
		return w
	}
	return def
}

func printHits(w io.Writer, res *index.Results) {
	if res.Total == 0 {
		fmt.Fprintln(w, "No segments match.")
		return
	}
	for i, h := range res.Hits {
		s := h.Segment
		fmt.Fprintf(w, "%d. %s %s — %s #%d", i+1, s.Speaker.Key, s.Speaker.Name, s.Doc, s.Seq)
		var where []string
		if s.Process != "" {
			where = append(where, s.Process)
		}
		if s.Session != 0 {
			where = append(where, "session "+strconv.Itoa(s.Session))
		}
		if s.Meeting != 0 {
			where = append(where, "meeting "+strconv.Itoa(s.Meeting))
		}
		if s.Date != "" {
			where = append(where, s.Date)
		}
		if len(where) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(where, ", "))
		}
		if s.OnBehalfOf != "" {
			fmt.Fprintf(w, " on behalf of %s", s.OnBehalfOf)
		}
		fmt.Fprintln(w)
		frag := strings.Join(h.Fragments, " … ")
		if frag == "" {
			frag = truncate(s.Text, 240)
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(strings.Fields(frag), " "))
		if how := attribution(s); how != "" {
			fmt.Fprintf(w, "   speaker by %s\n", how)
		}
		if s.Source != "" {
			fmt.Fprintf(w, "   source: %s\n", s.Source)
		}
		if len(s.Tags) > 0 {
			var tags []string
			for _, t := range s.Tags {
				tags = append(tags, t.Position+":"+t.Stance)
			}
			fmt.Fprintf(w, "   tags: %s\n", strings.Join(dedupe(tags), ", "))
		}
	}
	fmt.Fprintf(w, "\n%d of %d segments shown.\n", len(res.Hits), res.Total)
	printFacets(w, "By speaker", res.SpeakerFacets)
	printFacets(w, "By position", res.PositionFacets)
}

func printFacets(w io.Writer, title string, fs []index.FacetCount) {
	if len(fs) == 0 {
		return
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %d", f.Term, f.Count)
	}
	fmt.Fprintf(w, "%s: %s\n", title, strings.Join(parts, ", "))
}
