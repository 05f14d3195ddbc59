package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseMetaFileReportsEveryProblem(t *testing.T) {
	src := "speaker: Iran\ndate: 19 November 2020\nvenue: Geneva\nkind: speech\nsession: two\n"
	_, err := ParseMetaFile("iran.txt.meta.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`iran.txt.meta.yaml:2:7: date "19 November 2020" is not YYYY-MM-DD`,
		`iran.txt.meta.yaml:3:1: unknown metadata key "venue" (known: speaker, date, process, session, meeting, kind, title, source, role)`,
		`iran.txt.meta.yaml:4:7: kind "speech" is not one of transcript, statement, concept_note, other`,
		`iran.txt.meta.yaml:5:10: session "two" is not a whole number`,
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

func TestParseMetaFileJSONAndSyntax(t *testing.T) {
	m, err := ParseMetaFile("a.meta.json", []byte(`{"speaker": "KEN", "date": "2022-03-31", "process": "OEWG 2021-25", "session": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Speaker != "KEN" || m.Process != "OEWG 2021-2025" || m.Session != 2 {
		t.Errorf("got %+v", m)
	}
	_, err = ParseMetaFile("b.meta.yaml", []byte("speaker: [Iran\ndate: x\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "b.meta.yaml:") || strings.Contains(err.Error(), "\n") {
		t.Errorf("syntax error = %v, want one line starting with the file", err)
	}
}

func TestParseManifest(t *testing.T) {
	m, err := ParseManifest("manifest.csv", strings.NewReader("file,speaker,date\nkenya.pdf,Kenya,2022-03-31\nuk.txt,UK,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m["kenya.pdf"].Speaker != "Kenya" || m["kenya.pdf"].Date != "2022-03-31" || m["uk.txt"].Speaker != "UK" {
		t.Errorf("got %+v", m)
	}
	_, err = ParseManifest("dir/manifest.csv", strings.NewReader("name,speaker\nkenya.pdf,Kenya\n"))
	if err == nil || !strings.Contains(err.Error(), `dir/manifest.csv:1:1: missing column "file"`) {
		t.Errorf("err = %v, want missing file column", err)
	}
	_, err = ParseManifest("manifest.csv", strings.NewReader("file,speaker,date\nkenya.pdf,Kenya\n"))
	if err == nil || !strings.Contains(err.Error(), "manifest.csv:2:1: row has 2 fields, header has 3") {
		t.Errorf("err = %v, want short row", err)
	}
}

func TestParseMetaFlags(t *testing.T) {
	m, err := ParseMetaFlags([]string{"speaker=Iran", "date=2020-11-19", "kind=statement"})
	if err != nil || m.Speaker != "Iran" || m.Date != "2020-11-19" || m.Kind != "statement" {
		t.Errorf("got %+v, %v", m, err)
	}
	if _, err := ParseMetaFlags([]string{"venue=Geneva"}); err == nil || !strings.Contains(err.Error(), "unknown metadata key") {
		t.Errorf("unknown key: %v", err)
	}
}

// Metadata precedence: --meta, sidecar, manifest, text, file name.
func TestMetadataPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "kenya-2022-03-31.txt")
	text := "Statement by the delegation of Ghana\n\nNew York, 1 April 2022\n\nThank you, Chair. We support the PoA."
	os.WriteFile(file, []byte(text), 0o644)
	os.WriteFile(filepath.Join(dir, "manifest.csv"), []byte("file,speaker,session\nkenya-2022-03-31.txt,Chile,3\n"), 0o644)

	man, err := LoadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		sidecar string
		flags   []string
		want    string
	}{
		{"text beats file name", "", nil, "GHA"},
		{"manifest beats text", "manifest", nil, "CHL"},
		{"sidecar beats manifest", "speaker: Peru\n", nil, "PER"},
		{"--meta beats sidecar", "speaker: Peru\n", []string{"speaker=Kenya"}, "KEN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			flags, _ := ParseMetaFlags(c.flags)
			var side Meta
			if c.sidecar != "" && c.sidecar != "manifest" {
				side, _ = ParseMetaFile("x.meta.yaml", []byte(c.sidecar))
			}
			var fromManifest Meta
			if c.sidecar != "" {
				fromManifest = man["kenya-2022-03-31.txt"]
			}
			doc, err := NewDocument(file, text, flags.Merge(side, fromManifest))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Segments[0].Speaker.Key; got != c.want {
				t.Errorf("speaker = %s, want %s", got, c.want)
			}
			if doc.Meta.Date != "2022-04-01" {
				t.Errorf("date = %s, want the text's 2022-04-01 over the file name's", doc.Meta.Date)
			}
		})
	}
}

func ExampleGazetteer_Lookup() {
	for _, name := range []string{"UK", "Lao PDR", "Cote d’Ivoire", "Türkiye", "the delegation of Kenya", "Non-Aligned Movement"} {
		s, _ := Default().Lookup(name)
		fmt.Printf("%s → %s (%s, %s)\n", name, s.Key, s.Name, s.Role)
	}
	// Output:
	// UK → GBR (United Kingdom, delegation)
	// Lao PDR → LAO (Lao People's Democratic Republic, delegation)
	// Cote d’Ivoire → CIV (Côte d'Ivoire, delegation)
	// Türkiye → TUR (Türkiye, delegation)
	// the delegation of Kenya → KEN (Kenya, delegation)
	// Non-Aligned Movement → NAM (Non-Aligned Movement, group)
}

// TestStatementHeaders: the ways missions head a statement, each naming
// its speaker (and the group it speaks for) in another shape; a State
// named elsewhere in the header is a topic, not the speaker.
func TestStatementHeaders(t *testing.T) {
	body := "\n\nChair,\n\nWe support the Programme of Action.\n"
	cases := []struct{ header, speaker, behalf string }{
		{"PERMANENT MISSION OF THE REPUBLIC OF KOREA TO THE UNITED NATIONS\n\nStatement by the Delegation of the Republic of Korea\nNew York, 19 July 2024", "KOR", ""},
		{"Intervention of Brazil\nOEWG on ICTs – 7th session", "BRA", ""},
		{"Statement delivered by H.E. Ambassador Nathalie Jaarsma, Ambassador-at-large for Security Policy and Cyber, Kingdom of the Netherlands", "NLD", ""},
		{"Joint Statement on behalf of the Group of Friends on e-Governance and Cybersecurity\ndelivered by Estonia\n\n6 March 2023", "EST", "FRIENDS_GROUP"},
		{"Statement of the African Group delivered by Egypt", "AFRICAN_GROUP", ""},
		{"EXPLANATION OF POSITION\nby the Russian Federation\non the adoption of the annual progress report", "RUS", ""},
		{"Explanation of vote by Mexico on draft resolution A/C.1/79/L.13", "MEX", ""},
		{"Mission permanente de la Suisse auprès des Nations Unies\nPermanent Mission of Switzerland to the United Nations\n\nSwiss statement on international law", "CHE", ""},
		{"Right of reply of the Islamic Republic of Iran", "IRN", ""},
		{"OEWG, fifth session: cyber threats to Ukraine and the Gulf region", "", ""},
	}
	for _, c := range cases {
		doc, err := NewDocument("statement.txt", c.header+body, Meta{Kind: KindStatement})
		if err != nil {
			t.Fatal(err)
		}
		s := doc.Segments[0]
		got := s.Speaker.Key
		if c.speaker == "" && got == Unknown.Key {
			continue
		}
		if got != c.speaker || s.OnBehalfOf != c.behalf {
			t.Errorf("%q: speaker %s on behalf of %q, want %s on behalf of %q", firstLine(c.header), got, s.OnBehalfOf, c.speaker, c.behalf)
		}
	}
}
