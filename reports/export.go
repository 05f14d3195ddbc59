package reports

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/oewg/oewg/corpus"
)

// ExportFormats are the formats an Exporter writes, in the order help
// lists them.
var ExportFormats = []string{"csv", "tsv", "jsonl", "parquet"}

// ExportFormatOf returns the export format a file name's extension asks
// for (.csv, .tsv, .jsonl or .ndjson, .parquet), or "" for any other.
func ExportFormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return "csv"
	case ".tsv", ".tab":
		return "tsv"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".parquet", ".pq":
		return "parquet"
	}
	return ""
}

// SegmentRow is one row of a segment export: a segment with its
// document's metadata, flat, so that every tool loads it without options.
// Lists (aligned_with) are joined with ";". Zero numbers are absent facts:
// empty cells in CSV, missing keys in JSON Lines, nulls in Parquet.
type SegmentRow struct {
	// Doc is the document id; File the path it was read from.
	Doc  string `json:"doc" parquet:"doc"`
	File string `json:"file" parquet:"file"`
	// Source is the URL the document's metadata gives.
	Source string `json:"source" parquet:"source"`
	// Kind, Process, Session, Meeting and Date are the document's.
	Kind    string `json:"kind" parquet:"kind"`
	Process string `json:"process" parquet:"process"`
	Session int    `json:"session,omitempty" parquet:"session,optional"`
	Meeting int    `json:"meeting,omitempty" parquet:"meeting,optional"`
	Date    string `json:"date" parquet:"date"`
	// Seq is the segment's number within its document.
	Seq int `json:"seq" parquet:"seq"`
	// Speaker, SpeakerName, Role and ISO3 are the speaker's (ISO3 empty
	// for groups and bodies, NAM for Namibia).
	Speaker     string `json:"speaker" parquet:"speaker"`
	SpeakerName string `json:"speaker_name" parquet:"speaker_name"`
	Role        string `json:"role" parquet:"role"`
	ISO3        string `json:"iso3" parquet:"iso3"`
	// OnBehalfOf and AlignedWith are group keys.
	OnBehalfOf  string `json:"on_behalf_of" parquet:"on_behalf_of"`
	AlignedWith string `json:"aligned_with" parquet:"aligned_with"`
	// Attribution is how the speaker was found, AttributionEvidence the
	// words that said so.
	Attribution         string `json:"attribution" parquet:"attribution"`
	AttributionEvidence string `json:"attribution_evidence" parquet:"attribution_evidence"`
}

// segmentExportRow is a segment export's row: the segment and its text.
type segmentExportRow struct {
	SegmentRow
	// Text is the segment's text.
	Text string `json:"text" parquet:"text"`
}

// SentenceRow is one row of a sentence export: a sentence of a segment,
// with the segment's columns and the sentence's tags.
type SentenceRow struct {
	SegmentRow
	// Sentence is the sentence's text; Start and End its byte offsets in
	// the segment's text.
	Sentence string `json:"sentence" parquet:"sentence"`
	Start    int    `json:"start" parquet:"start"`
	End      int    `json:"end" parquet:"end"`
	// Positions and Stances are the sentence's tags, in tag order, joined
	// with ";" (position i has stance i); empty when it has none.
	Positions string `json:"positions" parquet:"positions"`
	Stances   string `json:"stances" parquet:"stances"`
}

var segmentColumns = []string{"doc", "file", "source", "kind", "process", "session", "meeting", "date", "seq",
	"speaker", "speaker_name", "role", "iso3", "on_behalf_of", "aligned_with", "attribution", "attribution_evidence"}

func (r *SegmentRow) cells() []string {
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return []string{r.Doc, r.File, r.Source, r.Kind, r.Process, num(r.Session), num(r.Meeting), r.Date, strconv.Itoa(r.Seq),
		r.Speaker, r.SpeakerName, r.Role, r.ISO3, r.OnBehalfOf, r.AlignedWith, r.Attribution, r.AttributionEvidence}
}

// NewSegmentRow flattens s.
func NewSegmentRow(s corpus.Segment) SegmentRow {
	return SegmentRow{Doc: s.Doc, File: s.File, Source: s.Source, Kind: s.Kind, Process: s.Process, Session: s.Session,
		Meeting: s.Meeting, Date: s.Date, Seq: s.Seq, Speaker: s.Speaker.Key, SpeakerName: s.Speaker.Name,
		Role: s.Speaker.Role, ISO3: s.Speaker.ISO3, OnBehalfOf: s.OnBehalfOf, AlignedWith: strings.Join(s.AlignedWith, ";"),
		Attribution: s.Attribution, AttributionEvidence: s.AttributionEvidence}
}

// SentenceRows splits s into its sentences (corpus.SplitSentences), each
// with the tags whose evidence overlaps it. tagged keeps only sentences
// with a tag.
func SentenceRows(s corpus.Segment, tagged bool) []SentenceRow {
	base := NewSegmentRow(s)
	var out []SentenceRow
	for _, sp := range corpus.SplitSentences(s.Text) {
		var pos, st []string
		for _, t := range s.Tags {
			if t.Start < sp.End && t.End > sp.Start {
				pos = append(pos, t.Position)
				st = append(st, t.Stance)
			}
		}
		if tagged && len(pos) == 0 {
			continue
		}
		out = append(out, SentenceRow{SegmentRow: base, Sentence: s.Text[sp.Start:sp.End], Start: sp.Start, End: sp.End,
			Positions: strings.Join(pos, ";"), Stances: strings.Join(st, ";")})
	}
	return out
}

// Exporter writes segments, or their sentences, as rows of CSV, TSV, JSON
// Lines or Parquet. Call Close to finish the file.
type Exporter struct {
	format    string
	sentences bool
	tagged    bool
	rows      int
	w         io.Writer
	cw        *csv.Writer
	enc       *json.Encoder
	segs      *parquet.GenericWriter[segmentExportRow]
	sents     *parquet.GenericWriter[SentenceRow]
}

// ExportOptions choose what an Exporter writes.
type ExportOptions struct {
	// Format is one of ExportFormats.
	Format string
	// Sentences writes one row per sentence instead of per segment.
	Sentences bool
	// Tagged keeps only the sentences that carry a tag (with Sentences).
	Tagged bool
	// Hits adds a search hit's score and fragment to each segment row, after
	// the text (CSV and TSV; AddHit).
	Hits bool
}

// NewExporter returns an Exporter that writes to w; the header, if the
// format has one, is written at once.
func NewExporter(w io.Writer, o ExportOptions) (*Exporter, error) {
	e := &Exporter{format: o.Format, sentences: o.Sentences, tagged: o.Tagged, w: w}
	switch o.Format {
	case "csv", "tsv":
		e.cw = csv.NewWriter(w)
		if o.Format == "tsv" {
			e.cw.Comma = '\t'
		}
		head := append([]string(nil), segmentColumns...)
		if o.Sentences {
			head = append(head, "sentence", "start", "end", "positions", "stances")
		} else {
			head = append(head, "text")
		}
		if o.Hits {
			head = append(head, "score", "fragment")
		}
		return e, e.cw.Write(head)
	case "jsonl":
		e.enc = json.NewEncoder(w)
		e.enc.SetEscapeHTML(false)
	case "parquet":
		if o.Sentences {
			e.sents = parquet.NewGenericWriter[SentenceRow](w, parquet.Compression(&parquet.Snappy))
		} else {
			e.segs = parquet.NewGenericWriter[segmentExportRow](w, parquet.Compression(&parquet.Snappy))
		}
	default:
		return nil, fmt.Errorf("unknown export format %q; use one of %s", o.Format, strings.Join(ExportFormats, ", "))
	}
	return e, nil
}

// Add writes s as one row, or as
// one row per sentence.
func (e *Exporter) Add(s corpus.Segment) error {
	if e.sentences {
		rows := SentenceRows(s, e.tagged)
		e.rows += len(rows)
		switch {
		case e.cw != nil:
			for i := range rows {
				r := &rows[i]
				if err := e.cw.Write(neutraliseAll(append(r.cells(), r.Sentence, strconv.Itoa(r.Start), strconv.Itoa(r.End), r.Positions, r.Stances))); err != nil {
					return err
				}
			}
		case e.enc != nil:
			for i := range rows {
				if err := e.enc.Encode(&rows[i]); err != nil {
					return err
				}
			}
		default:
			if _, err := e.sents.Write(rows); err != nil {
				return err
			}
		}
		return nil
	}
	r := segmentExportRow{SegmentRow: NewSegmentRow(s), Text: s.Text}
	e.rows++
	switch {
	case e.cw != nil:
		return e.cw.Write(neutraliseAll(append(r.cells(), r.Text)))
	case e.enc != nil:
		return e.enc.Encode(&r)
	}
	_, err := e.segs.Write([]segmentExportRow{r})
	return err
}

// AddHit writes a search hit as a segment row with its score and
// fragment (an Exporter made with Hits, in CSV or TSV).
func (e *Exporter) AddHit(s corpus.Segment, score float64, fragment string) error {
	if e.cw == nil {
		return fmt.Errorf("search hits are written as CSV or TSV, not %s", e.format)
	}
	r := segmentExportRow{SegmentRow: NewSegmentRow(s), Text: s.Text}
	e.rows++
	return e.cw.Write(neutraliseAll(append(r.cells(), r.Text, strconv.FormatFloat(score, 'g', 6, 64), fragment)))
}

// Rows is the number of rows written so far.
func (e *Exporter) Rows() int { return e.rows }

// Close flushes what is buffered and, for Parquet, writes the footer; it
// does not close the underlying writer.
func (e *Exporter) Close() error {
	switch {
	case e.cw != nil:
		e.cw.Flush()
		return e.cw.Error()
	case e.segs != nil:
		return e.segs.Close()
	case e.sents != nil:
		return e.sents.Close()
	}
	return nil
}

// neutraliseAll neutralises every cell of rec (see neutralise), in place.
func neutraliseAll(rec []string) []string {
	for i, c := range rec {
		rec[i] = neutralise(c)
	}
	return rec
}

// neutralise prefixes a single quote to a cell that starts with = + - or
// @, so that a spreadsheet shows it as text instead of running it as a
// formula ("=HYPERLINK(…)" in a quoted sentence).
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
