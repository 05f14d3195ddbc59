package reports

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/oewg/oewg/corpus"
)

func TestCSVNeutralisesFormulas(t *testing.T) {
	l, err := Speakers(SliceSource([]corpus.Segment{
		{Doc: "d", Seq: 1, Speaker: corpus.Speaker{Key: "ACME", Name: "=HYPERLINK(\"http://x\")", Role: corpus.RoleStakeholder}},
		{Doc: "d", Seq: 2, Speaker: corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Render(&out, "csv", l, Info{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, r := range recs[1:] {
		names[r[0]] = r[1]
	}
	if got := names["ACME"]; got != `'=HYPERLINK("http://x")` {
		t.Errorf("formula cell = %q, want it prefixed with a quote", got)
	}
	if got := names["KEN"]; got != "Kenya" {
		t.Errorf("plain cell = %q, want Kenya", got)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "=1+1": "'=1+1", "+44": "'+44", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)",
		"2022-03-31": "2022-03-31", "Kenya": "Kenya", " =x": " =x",
	} {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExportFormatOf(t *testing.T) {
	for name, want := range map[string]string{"a.csv": "csv", "A.TSV": "tsv", "x.jsonl": "jsonl", "x.ndjson": "jsonl", "d/x.parquet": "parquet", "x.txt": "", "x": ""} {
		if got := ExportFormatOf(name); got != want {
			t.Errorf("ExportFormatOf(%q) = %q, want %q", name, got, want)
		}
	}
}
