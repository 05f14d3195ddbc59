package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/oewg/oewg/corpus"
)

// Formats are the output formats Render knows, in the order help lists them.
var Formats = []string{"table", "md", "csv", "json", "html"}

// Report is a built report: *PositionTable, *SpeakerComparison,
// *GroupComparison or *SpeakerList.
type Report interface {
	grid() *grid
	records() [][]string
	jsonValue() any
}

// Info describes how a report was made, for its header (table, md, html).
type Info struct {
	// Title heads the report.
	Title string
	// Filters are the filters that made it, as "name=value".
	Filters []string
	// Generated is when; it is printed to the minute, in UTC.
	Generated time.Time
	// Labels name positions (id → the rule file's label) in HTML.
	Labels map[string]string
	// Documents are the documents behind the report, listed in HTML.
	Documents []DocRef
	// Method says what counts and what is left out, and why (HTML, md).
	Method []string
	// Chart, if set, is drawn in HTML under the table: stances by session.
	Chart *GroupComparison
	// Width, if positive, fits a table (format table) to this many
	// columns: long row labels are shortened and quotes wrapped.
	Width int
}

// DocRef is a document behind a report.
type DocRef struct {
	ID, Kind, Date, Title, Source string
	Segments                      int
}

// Render writes r to w in format (one of Formats).
func Render(w io.Writer, format string, r Report, info Info) error {
	switch format {
	case "table":
		return renderTable(w, r.grid(), info)
	case "md":
		return renderMarkdown(w, r.grid(), info)
	case "csv":
		cw := csv.NewWriter(w)
		recs := r.records()
		for _, rec := range recs {
			neutraliseAll(rec)
		}
		if err := cw.WriteAll(recs); err != nil {
			return err
		}
		return cw.Error()
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r.jsonValue())
	case "html":
		return renderHTML(w, r.grid(), info)
	}
	return fmt.Errorf("unknown format %q; use one of %s", format, strings.Join(Formats, ", "))
}

// grid is the two-dimensional view that table, md and html render.
type grid struct {
	Corner  string
	Columns []string
	Rows    []gridRow
	// Stances says cells hold stances: print the legend.
	Stances bool
	// Counts says cells count speakers by stance (compare --by).
	Counts bool
	// Notes are the quotes of every cell, numbered from 1.
	Notes []note
}

type gridRow struct {
	Label string
	Cells []gridCell
}

type gridCell struct {
	// Stance colours the cell ("" for none).
	Stance string
	// Text is what the cell shows: "+3", "−1 ±2", "Kenya".
	Text string
	// First and Last number the cell's notes (0: none).
	First, Last int
}

// note is a quote, with the row and column it belongs to.
type note struct {
	N        int
	Where    string // "Kenya (KEN), poa"
	Stance   string
	Evidence Evidence
}

// Symbol is the mark for a stance in tables: + support, − oppose, ±
// mixed, · mention.
func Symbol(stance string) string {
	switch stance {
	case corpus.StanceSupport:
		return "+"
	case corpus.StanceOppose:
		return "−"
	case corpus.StanceMixed:
		return "±"
	case corpus.StanceMention:
		return "·"
	}
	return ""
}

// stanceCell turns a cell into a grid cell and numbers its evidence.
func (g *grid) stanceCell(row string, c *Cell) gridCell {
	if c == nil {
		return gridCell{}
	}
	gc := gridCell{Stance: c.Stance, Text: Symbol(c.Stance) + strconv.Itoa(c.Segments)}
	for _, e := range c.Evidence {
		n := len(g.Notes) + 1
		if gc.First == 0 {
			gc.First = n
		}
		gc.Last = n
		g.Notes = append(g.Notes, note{N: n, Where: row + ", " + c.Position, Stance: e.stance, Evidence: e})
	}
	return gc
}

// ref is the cell's text with its note numbers: "+3 [1-2]".
func (c gridCell) ref() string {
	switch {
	case c.First == 0:
		return c.Text
	case c.First == c.Last:
		return fmt.Sprintf("%s [%d]", c.Text, c.First)
	}
	return fmt.Sprintf("%s [%d-%d]", c.Text, c.First, c.Last)
}

const legend = "+ support  − oppose  ± mixed (both)  · mention"

// generated is the report's generation time as its header shows it.
func generated(info Info) string { return info.Generated.UTC().Format("2006-01-02 15:04 MST") }

func legendText(g *grid) string {
	if g.Counts {
		return "Legend: " + legend + "; each number counts speakers."
	}
	return "Legend: " + legend + "; each number counts segments."
}

// source locates the quote: "doc #seq", and the document's URL if known.
func (e Evidence) source() string {
	if e.Source != "" {
		return e.Doc + " #" + strconv.Itoa(e.Seq) + ", " + e.Source
	}
	return e.Doc + " #" + strconv.Itoa(e.Seq)
}

func header(info Info) []string {
	var lines []string
	if info.Title != "" {
		lines = append(lines, info.Title)
	}
	if len(info.Filters) > 0 {
		lines = append(lines, "Filters: "+strings.Join(info.Filters, ", "))
	}
	if !info.Generated.IsZero() {
		lines = append(lines, "Generated: "+generated(info))
	}
	return lines
}

func renderTable(w io.Writer, g *grid, info Info) error {
	var b bytes.Buffer
	for _, l := range header(info) {
		b.WriteString(l + "\n")
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	labelW := fitLabels(g, info.Width)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t\n", g.Corner, strings.Join(g.Columns, "\t"))
	for _, r := range g.Rows {
		cells := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			cells[i] = c.ref()
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", shortLabel(r.Label, labelW), strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(g.Rows) == 0 {
		b.WriteString("(nothing matches)\n")
	}
	if g.Stances {
		b.WriteString("\n" + wrap(legendText(g), info.Width, "  ") + "\n")
	}
	if len(g.Notes) > 0 {
		b.WriteString("\nEvidence:\n")
		for _, n := range g.Notes {
			line := fmt.Sprintf("[%d] %s %s: “%s” (%s)", n.N, n.Where, Symbol(n.Stance), n.Evidence.Sentence, n.Evidence.source())
			b.WriteString(wrap(line, info.Width, strings.Repeat(" ", len(strconv.Itoa(n.N))+3)) + "\n")
		}
	}
	// NOTE: tabwriter pads the last column too; trim trailing blanks so
	// that golden files and terminals agree.
	out := strings.ReplaceAll(b.String(), "  \n", "\n")
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}

// fitLabels returns the widest row label that lets the table fit width
// columns (0: no limit), never under 12 runes.
func fitLabels(g *grid, width int) int {
	if width <= 0 {
		return 0
	}
	rest := 0 // the other columns, with tabwriter's padding of 2
	for i, col := range g.Columns {
		w := utf8.RuneCountInString(col)
		for _, r := range g.Rows {
			if i < len(r.Cells) {
				w = max(w, utf8.RuneCountInString(r.Cells[i].ref()))
			}
		}
		rest += w + 2
	}
	return max(width-rest-2, 12)
}

// shortLabel cuts a row label to n runes (0: no limit): "Iran (Islamic
// Republic of) (IRN)" keeps its key, "Iran (Islamic Re… (IRN)".
func shortLabel(label string, n int) string {
	rs := []rune(label)
	if n <= 0 || len(rs) <= n {
		return label
	}
	key := ""
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") && len(label)-i <= 16 {
		key = label[i:]
	}
	keep := n - utf8.RuneCountInString(key) - 1
	if keep < 4 {
		return string(rs[:n-1]) + "…"
	}
	return strings.TrimRight(string(rs[:keep]), " ") + "…" + key
}

// wrap breaks s into lines of at most width runes (0: no limit) at
// spaces, indenting the lines after the first.
func wrap(s string, width int, indent string) string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return s
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
			lines = append(lines, line)
			line = indent + w
		default:
			line += " " + w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// mdEscaper makes text safe inside a Markdown table cell.
var mdEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`)

func mdEscape(s string) string { return mdEscaper.Replace(s) }

func renderMarkdown(w io.Writer, g *grid, info Info) error {
	var b bytes.Buffer
	h := header(info)
	if len(h) > 0 {
		b.WriteString("## " + mdEscape(h[0]) + "\n\n")
		for _, l := range h[1:] {
			b.WriteString(mdEscape(l) + "  \n")
		}
		if len(h) > 1 {
			b.WriteString("\n")
		}
	}
	if len(g.Rows) == 0 {
		b.WriteString("Nothing matches.\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	cols := append([]string{g.Corner}, g.Columns...)
	for i := range cols {
		cols[i] = mdEscape(cols[i])
	}
	b.WriteString("| " + strings.Join(cols, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat(" --- |", len(cols)) + "\n")
	for _, r := range g.Rows {
		cells := []string{mdEscape(r.Label)}
		for _, c := range r.Cells {
			cells = append(cells, mdEscape(c.ref()))
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	if g.Stances {
		b.WriteString("\n" + mdEscape(legendText(g)) + "\n")
	}
	if len(g.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range g.Notes {
			fmt.Fprintf(&b, "%d. %s %s: “%s” (%s)\n", n.N, mdEscape(n.Where), Symbol(n.Stance), mdEscape(n.Evidence.Sentence), mdEscape(n.Evidence.source()))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// cellRecords is the CSV of cells: one row per speaker × position.
func cellRecords(cells []Cell) [][]string {
	recs := [][]string{{"speaker", "name", "role", "position", "stance", "segments", "documents", "evidence"}}
	for _, c := range cells {
		var ev []string
		for _, e := range c.Evidence {
			ev = append(ev, e.source()+": "+e.Sentence)
		}
		recs = append(recs, []string{c.Speaker.Key, c.Speaker.Name, c.Speaker.Role, c.Position, c.Stance,
			strconv.Itoa(c.Segments), strconv.Itoa(c.Documents), strings.Join(ev, " | ")})
	}
	return recs
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"symbol": Symbol,
	"notes": func(g *grid, c gridCell) []note {
		if c.First == 0 {
			return nil
		}
		return g.Notes[c.First-1 : c.Last]
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #222; max-width: 70em; }
h1 { font-size: 1.4em; margin-bottom: .2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; }
.meta { color: #555; margin: 0 0 1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .35em .6em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
th small { display: block; font-weight: normal; color: #666; }
.support { background: #d8f0d8; }
.oppose { background: #f6d6d6; }
.mixed { background: #f7ecc8; }
.mention { background: #e8eef6; }
.legend span { display: inline-block; padding: .1em .6em; margin-right: .4em; border: 1px solid #ccc; }
sup a { text-decoration: none; }
ol.evidence li { margin-bottom: .6em; }
ol.evidence .stance { padding: 0 .4em; border: 1px solid #ccc; }
blockquote { margin: .15em 0; }
cite { color: #555; font-style: normal; font-size: .9em; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } tr, li { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">{{if .Filters}}Filters: {{range $i, $f := .Filters}}{{if $i}}, {{end}}<code>{{$f}}</code>{{end}}<br>{{end}}{{if .Generated}}Generated {{.Generated}}{{end}}</p>
{{if .Grid.Stances}}<p class="legend"><span class="support">+ support</span><span class="oppose">− oppose</span><span class="mixed">± mixed (both)</span><span class="mention">· mention</span> {{if .Grid.Counts}}each number counts speakers; a cell is coloured by the stance most of them took{{else}}each number counts segments; the small numbers lead to the quotes below{{end}}</p>{{end}}
<table>
<thead><tr><th scope="col">{{.Grid.Corner}}</th>{{range $col := .Grid.Columns}}<th scope="col">{{with index $.Labels $col}}{{.}}<small>{{$col}}</small>{{else}}{{$col}}{{end}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Grid.Rows}}
<tr><th scope="row">{{with index $.Labels .Label}}{{.}}{{else}}{{.Label}}{{end}}</th>{{range .Cells}}<td{{if .Stance}} class="{{.Stance}}"{{end}}>{{.Text}}{{with notes $.Grid .}} <sup>{{range $i, $n := .}}{{if $i}},{{end}}<a href="#q{{$n.N}}">{{$n.N}}</a>{{end}}</sup>{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{if not .Grid.Rows}}<p>Nothing matches.</p>{{end}}
{{with .Chart}}<h2>Stances by {{$.ChartBy}}</h2>
<p class="meta">How many of the table's speakers took each stance on each position, {{$.ChartBy}} by {{$.ChartBy}}.</p>
<svg role="img" aria-label="Speakers by stance, per {{$.ChartBy}} and position" xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" font-family="system-ui, sans-serif" font-size="12">
{{range .Texts}}<text x="{{.X}}" y="{{.Y}}"{{if .Anchor}} text-anchor="{{.Anchor}}"{{end}}{{if .Bold}} font-weight="bold"{{end}}>{{.Text}}</text>
{{end}}{{range .Rects}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}"><title>{{.Title}}</title></rect>
{{end}}</svg>{{end}}
{{if .Grid.Notes}}<h2>Evidence</h2>
<ol class="evidence">{{range .Grid.Notes}}
<li id="q{{.N}}">{{.Where}} <span class="stance {{.Stance}}">{{symbol .Stance}} {{.Stance}}</span>
<blockquote>“{{.Evidence.Sentence}}”</blockquote>
<cite>{{.Evidence.Doc}}, segment {{.Evidence.Seq}}{{with .Evidence.Date}}, {{.}}{{end}}{{with .Evidence.Source}}, <a href="{{.}}">{{.}}</a>{{end}}</cite></li>{{end}}
</ol>{{end}}
{{if .Documents}}<h2>Documents</h2>
<table>
<thead><tr><th scope="col">Document</th><th scope="col">Kind</th><th scope="col">Date</th><th scope="col">Title</th><th scope="col">Segments</th><th scope="col">Source</th></tr></thead>
<tbody>{{range .Documents}}
<tr><td>{{.ID}}</td><td>{{.Kind}}</td><td>{{.Date}}</td><td>{{.Title}}</td><td>{{.Segments}}</td><td>{{with .Source}}<a href="{{.}}">{{.}}</a>{{end}}</td></tr>{{end}}
</tbody>
</table>{{end}}
{{if .Method}}<h2>Method</h2>
{{range .Method}}<p>{{.}}</p>
{{end}}{{end}}
</body>
</html>
`))

func renderHTML(w io.Writer, g *grid, info Info) error {
	gen := ""
	if !info.Generated.IsZero() {
		gen = generated(info)
	}
	title := info.Title
	if title == "" {
		title = "oewg report"
	}
	labels := info.Labels
	if labels == nil {
		labels = map[string]string{}
	}
	var ch *Chart
	by := ""
	if info.Chart != nil && len(info.Chart.Groups) > 0 {
		c := DrawChart(info.Chart, labels)
		ch, by = &c, info.Chart.By
	}
	return htmlTmpl.Execute(w, map[string]any{"Title": title, "Filters": info.Filters, "Generated": gen, "Grid": g,
		"Labels": labels, "Chart": ch, "ChartBy": by, "Documents": info.Documents, "Method": info.Method})
}
