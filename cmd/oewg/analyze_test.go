package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/internal/testdocs"
)

var update = flag.Bool("update", false, "rewrite golden files")

const transcript = "../../examples/oewg-2021-2025-session-2-meeting-8-transcript.txt"

// analyzeJSON runs oewg analyze --json on files and decodes the segments.
func analyzeJSON(t *testing.T, meta []string, files ...string) []corpus.Segment {
	t.Helper()
	var out, errb bytes.Buffer
	err := runAnalyze(context.Background(), &analyzeOptions{JSON: true, Meta: meta}, &globals{}, files, &out, &errb)
	if err != nil {
		t.Fatalf("analyze %v: %v\n%s", files, err, errb.String())
	}
	var segs []corpus.Segment
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var s corpus.Segment
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		segs = append(segs, s)
	}
	return segs
}

// statements are the speakers of the delegation statements, in order: the
// segments that are neither the chair's nor interjections.
func statements(segs []corpus.Segment) []string {
	var out []string
	for _, s := range segs {
		if s.Speaker.Role != corpus.RoleChair && !s.Interjection {
			out = append(out, s.Speaker.Key)
		}
	}
	return out
}

// The 39 statements of the sample transcript, read by hand from the
// Chair's hand-overs: Bangladesh is announced before the Russian
// Federation but speaks after El Salvador; Costa Rica's "to be followed by
// Dominican Republic" does not make the Dominican Republic the next speaker.
var transcriptStatements = strings.Fields(`KEN GBR POL EU IND CRI PAK SAU DOM FIN SYR GHA KOR CAN HTI
RUS FRA OAS SLV BGD PHL CHE IDN SGP PRT EGY VEN IRQ CUB NLD ZAF CIV COL JPN LAO NIC IRN LKA CHL`)

func TestTranscriptStatementsInOrder(t *testing.T) {
	if len(transcriptStatements) != 39 {
		t.Fatalf("expected list has %d entries", len(transcriptStatements))
	}
	segs := analyzeJSON(t, nil, transcript)
	got := statements(segs)
	if strings.Join(got, " ") != strings.Join(transcriptStatements, " ") {
		t.Errorf("statements:\n got %v\nwant %v", got, transcriptStatements)
	}
	// Alignment and on-behalf-of, where the text says so.
	want := map[string]struct {
		behalf  string
		aligned string
	}{
		"IDN": {"NAM", ""}, "FIN": {"", "EU"}, "DOM": {"", "NAM"}, "SAU": {"", "NAM"},
		"PHL": {"", "ASEAN,NAM"}, "LAO": {"", "NAM,ASEAN"}, "FRA": {"", "EU"}, "KEN": {"", ""},
		"EU": {"", ""}, "OAS": {"", ""},
	}
	for _, s := range segs {
		w, ok := want[s.Speaker.Key]
		if !ok || s.Interjection {
			continue
		}
		if s.OnBehalfOf != w.behalf || strings.Join(s.AlignedWith, ",") != w.aligned {
			t.Errorf("%s: on_behalf_of=%q aligned_with=%v, want %q %q", s.Speaker.Key, s.OnBehalfOf, s.AlignedWith, w.behalf, w.aligned)
		}
	}
}

func TestStatementsAttribution(t *testing.T) {
	tests := []struct {
		file, key, date, process string
		session                  int
		meta                     []string
	}{
		{"czech-republic-2020-02-13-capacity-building.md", "CZE", "2020-02-13", "OEWG 2019-2021", 2, nil},
		{"bangladesh-2024-03-07-capacity-building.txt", "BGD", "2024-03-07", "OEWG 2021-2025", 7, nil},
		{"iran-2020-11-19-capacity-building.txt", "IRN", "2020-11-19", "OEWG 2019-2021", 0, nil},
		// --meta beats the sidecar.
		{"iran-2020-11-19-capacity-building.txt", "PAK", "2020-11-19", "OEWG 2019-2021", 0, []string{"speaker=Pakistan"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			segs := analyzeJSON(t, tt.meta, filepath.Join("../../examples", tt.file))
			if len(segs) != 1 {
				t.Fatalf("got %d segments, want 1", len(segs))
			}
			s := segs[0]
			if s.Speaker.Key != tt.key || s.Date != tt.date || s.Process != tt.process || s.Session != tt.session || s.Kind != corpus.KindStatement {
				t.Errorf("got %s %s %q session %d kind %s, want %s %s %q session %d statement",
					s.Speaker.Key, s.Date, s.Process, s.Session, s.Kind, tt.key, tt.date, tt.process, tt.session)
			}
		})
	}
}

func TestConceptNoteIsNotAState(t *testing.T) {
	segs := analyzeJSON(t, nil, "../../examples/co-chairs-concept-note-cyber-policy-capacity-building.txt")
	for _, s := range segs {
		if s.Speaker.IsState() || s.Kind != corpus.KindConceptNote {
			t.Errorf("concept note segment %d attributed to %v (kind %s)", s.Seq, s.Speaker, s.Kind)
		}
	}
}

// speakerSequence renders the full attribution of a document, one line a
// segment, for golden files.
func speakerSequence(segs []corpus.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		fmt.Fprintf(&b, "%d %s %s", s.Seq, s.Speaker.Key, s.Speaker.Role)
		if s.Interjection {
			b.WriteString(" interjection")
		}
		if s.OnBehalfOf != "" {
			b.WriteString(" on_behalf_of=" + s.OnBehalfOf)
		}
		if len(s.AlignedWith) > 0 {
			b.WriteString(" aligned_with=" + strings.Join(s.AlignedWith, ","))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestSpeakerSequenceGolden(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*")
	for _, f := range files {
		if corpus.IsSidecar(f) {
			continue
		}
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			checkGolden(t, filepath.Join("testdata", "speakers", name+".golden"), []byte(speakerSequence(analyzeJSON(t, nil, f))))
		})
	}
}

// The PDF and HTML renderings of the transcript attribute every segment as
// the text does.
func TestTranscriptRenderingsAgree(t *testing.T) {
	text, err := os.ReadFile(transcript)
	if err != nil {
		t.Fatal(err)
	}
	want := speakerSequence(analyzeJSON(t, nil, transcript))
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"transcript.pdf":  testdocs.PDF(string(text)),
		"transcript.html": testdocs.HTML(string(text)),
		"transcript.docx": testdocs.DOCX(string(text)),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			got := speakerSequence(analyzeJSON(t, nil, path))
			if got != want {
				t.Errorf("%s attributes differently from the .txt:\n got %v\nwant %v", name, strings.Fields(got), strings.Fields(want))
			}
		})
	}
}

func TestAnalyzeBadFileGoesOn(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	var out, errb bytes.Buffer
	err := runAnalyze(context.Background(), &analyzeOptions{JSON: true}, &globals{},
		[]string{empty, "../../examples/bangladesh-2024-03-07-capacity-building.txt"}, &out, &errb)
	if err != errPartial {
		t.Errorf("err = %v, want errPartial (exit 1)", err)
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "empty.txt") {
		t.Errorf("stderr = %q, want one line naming empty.txt", errb.String())
	}
	if !strings.Contains(out.String(), `"key":"BGD"`) {
		t.Errorf("the good file was not analysed: %q", out.String())
	}
}

// --explain shows, under a segment, how each tagged sentence was read;
// with --json it is a usage error.
func TestAnalyzeExplain(t *testing.T) {
	var out, errb bytes.Buffer
	o := &analyzeOptions{Explain: true}
	if err := runAnalyze(context.Background(), o, &globals{}, []string{"../../examples/iran-2020-11-19-capacity-building.txt"}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	for _, want := range []string{
		"        cbdr:support because ",
		"        sentence \"While taking into account the principle of common but differentiated responsibilities",
		"          clause 1 (main): ",
		"            position cbdr          \"common but differentiated responsibilities\"",
		"        gender:oppose because refers back: oppose: \"No need\"",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	o.JSON = true
	if err := runAnalyze(context.Background(), o, &globals{}, []string{"../../examples/iran-2020-11-19-capacity-building.txt"}, &out, &errb); !isUsage(err) {
		t.Errorf("--explain --json: %v, want a usage error", err)
	}
}
