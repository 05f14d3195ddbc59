package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/reports"
)

// exportIndex indexes three segments: a State (Kenya), a group (the
// Non-Aligned Movement) and Namibia, whose key is not its ISO3; the
// group's text begins like a spreadsheet formula.
func exportIndex(t *testing.T) *globals {
	t.Helper()
	text := "Kenya supports a demand-driven approach. We thank the Chair."
	doc := corpus.Document{ID: "s7", File: "s7.txt", Meta: corpus.Meta{Kind: corpus.KindTranscript, Process: "OEWG 2021-2025", Session: 7, Date: "2024-03-04", Source: "https://example.org/s7"},
		Segments: []corpus.Segment{
			{Doc: "s7", File: "s7.txt", Kind: corpus.KindTranscript, Process: "OEWG 2021-2025", Session: 7, Date: "2024-03-04", Seq: 1,
				Speaker: corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation, ISO3: "KEN"}, Attribution: corpus.AttributionLabel, AttributionEvidence: "Kenya:",
				AlignedWith: []string{"AFRICAN_GROUP", "G77"}, Text: text,
				Tags: []corpus.Tag{{Position: "demand_driven", Stance: corpus.StanceSupport, Rule: "demand_driven/x", Sentence: text[:40], Start: 0, End: 40}}},
			{Doc: "s7", File: "s7.txt", Kind: corpus.KindTranscript, Process: "OEWG 2021-2025", Session: 7, Date: "2024-03-04", Seq: 2,
				Speaker: corpus.Speaker{Key: "NAM", Name: "Non-Aligned Movement", Role: corpus.RoleGroup}, Text: "=HYPERLINK(\"http://x\") is not a statement."},
			{Doc: "s7", File: "s7.txt", Kind: corpus.KindTranscript, Process: "OEWG 2021-2025", Session: 7, Date: "2024-03-04", Seq: 3,
				Speaker: corpus.Speaker{Key: "NAMIBIA", Name: "Namibia", Role: corpus.RoleDelegation, ISO3: "NAM"}, Text: "Namibia thanks you."},
		}}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(&doc); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return &globals{IndexDir: dir}
}

// checkSegmentRows checks what every format must read back as.
func checkSegmentRows(t *testing.T, rows []map[string]string) {
	t.Helper()
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: %v", len(rows), rows)
	}
	by := map[string]map[string]string{}
	for _, r := range rows {
		by[r["speaker"]] = r
	}
	for key, want := range map[string]string{"KEN": "KEN", "NAM": "", "NAMIBIA": "NAM"} {
		if got := by[key]["iso3"]; got != want {
			t.Errorf("%s: iso3 = %q, want %q", key, got, want)
		}
	}
	if got := by["KEN"]["source"]; got != "https://example.org/s7" {
		t.Errorf("source = %q", got)
	}
	if got := by["KEN"]["aligned_with"]; got != "AFRICAN_GROUP;G77" {
		t.Errorf("aligned_with = %q", got)
	}
	if got := by["KEN"]["attribution"]; got != "label" {
		t.Errorf("attribution = %q", got)
	}
}

func TestExportFormats(t *testing.T) {
	g := exportIndex(t)
	ctx := context.Background()
	dir := t.TempDir()

	// CSV and TSV, by extension.
	for _, ext := range []string{"csv", "tsv"} {
		path := filepath.Join(dir, "seg."+ext)
		if err := runExport(ctx, &exportOptions{Output: path}, g, nil, nil); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		if ext == "tsv" {
			r.Comma = '\t'
		}
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		var rows []map[string]string
		for _, rec := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = rec[i]
			}
			rows = append(rows, m)
		}
		checkSegmentRows(t, rows)
		if got := rows[1]["text"]; !strings.HasPrefix(got, `'=HYPERLINK`) {
			t.Errorf("%s: formula-like text = %q, want a leading '", ext, got)
		}
	}

	// JSON Lines on stdout.
	var out bytes.Buffer
	if err := runExport(ctx, &exportOptions{Format: "jsonl"}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	dec := json.NewDecoder(&out)
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		s := map[string]string{}
		for k, v := range m {
			if str, ok := v.(string); ok {
				s[k] = str
			}
		}
		rows = append(rows, s)
	}
	checkSegmentRows(t, rows)
	if got := rows[1]["text"]; !strings.HasPrefix(got, "=HYPERLINK") {
		t.Errorf("jsonl: text = %q, want it as is", got)
	}

	// Parquet, read back with parquet-go.
	path := filepath.Join(dir, "seg.parquet")
	if err := runExport(ctx, &exportOptions{Output: path}, g, nil, nil); err != nil {
		t.Fatal(err)
	}
	prow, err := parquet.ReadFile[reports.SegmentRow](path)
	if err != nil {
		t.Fatal(err)
	}
	rows = nil
	for _, r := range prow {
		rows = append(rows, map[string]string{"speaker": r.Speaker, "iso3": r.ISO3, "source": r.Source, "aligned_with": r.AlignedWith, "attribution": r.Attribution})
	}
	checkSegmentRows(t, rows)
	if prow[0].Session != 7 || prow[0].Seq != 1 {
		t.Errorf("parquet row 0: session %d seq %d, want 7 1", prow[0].Session, prow[0].Seq)
	}
	pandasCheck(t, path, 3)
}

func TestExportSentences(t *testing.T) {
	g := exportIndex(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sent.parquet")
	if err := runExport(ctx, &exportOptions{Output: path, Sentences: true}, g, nil, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.ReadFile[reports.SentenceRow](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d sentence rows, want 4: %+v", len(rows), rows)
	}
	if r := rows[0]; r.Sentence != "Kenya supports a demand-driven approach." || r.Positions != "demand_driven" || r.Stances != "support" || r.Start != 0 || r.End != 40 {
		t.Errorf("row 0 = %+v", r)
	}
	if r := rows[1]; r.Sentence != "We thank the Chair." || r.Positions != "" {
		t.Errorf("row 1 = %+v", r)
	}

	var out bytes.Buffer
	if err := runExport(ctx, &exportOptions{Format: "csv", Sentences: true, Tagged: true}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0][len(recs[0])-1] != "stances" || recs[1][len(recs[1])-1] != "support" {
		t.Errorf("--tagged csv = %v", recs)
	}
}

func TestExportFilterAndUsage(t *testing.T) {
	g := exportIndex(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := runExport(ctx, &exportOptions{filterOptions: filterOptions{Speakers: []string{"Namibia"}}, Format: "jsonl"}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 1 || !strings.Contains(out.String(), `"iso3":"NAM"`) {
		t.Errorf("--speaker Namibia: %d rows:\n%s", n, out.String())
	}
	for name, o := range map[string]*exportOptions{
		"unknown format":      {Format: "xlsx"},
		"unknown extension":   {Output: filepath.Join(t.TempDir(), "x.xlsx")},
		"parquet to stdout":   {Format: "parquet"},
		"tagged, no sentence": {Tagged: true},
		"unknown speaker":     {filterOptions: filterOptions{Speakers: []string{"Narnia"}}},
	} {
		if err := runExport(ctx, o, g, nil, &out); !isUsage(err) {
			t.Errorf("%s: err = %v, want a usage error", name, err)
		}
	}
}

// pandasCheck loads a Parquet file with pandas, if python3 has it; the
// test is skipped otherwise.
func pandasCheck(t *testing.T, path string, rows int) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import pandas, pyarrow").Run() != nil {
		t.Log("python3 with pandas and pyarrow not found: pandas check skipped")
		return
	}
	out, err := exec.Command(py, "-c", "import pandas, sys; print(len(pandas.read_parquet(sys.argv[1])))", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != strconv.Itoa(rows) {
		t.Errorf("pandas read %s rows, want %d", got, rows)
	}
}
