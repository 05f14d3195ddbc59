package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oewg/oewg/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	ken   = corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation}
	idn   = corpus.Speaker{Key: "IDN", Name: "Indonesia", Role: corpus.RoleDelegation}
	rus   = corpus.Speaker{Key: "RUS", Name: "Russian Federation", Role: corpus.RoleDelegation}
	cze   = corpus.Speaker{Key: "CZE", Name: "Czechia", Role: corpus.RoleDelegation}
	chair = corpus.Speaker{Key: "CHAIR", Name: "Chair", Role: corpus.RoleChair}
	eu    = corpus.Speaker{Key: "EU", Name: "European Union", Role: corpus.RoleGroup}
)

func seg(doc string, seq int, sp corpus.Speaker, text string, tags ...corpus.Tag) corpus.Segment {
	s := corpus.Segment{Doc: doc, Seq: seq, Speaker: sp, Text: text}
	for _, t := range tags {
		t.Start = strings.Index(text, t.Sentence)
		t.End = t.Start + len(t.Sentence)
		t.Rule = t.Position + "/test"
		s.Tags = append(s.Tags, t)
	}
	return s
}

func tag(pos, stance, sentence string) corpus.Tag {
	return corpus.Tag{Position: pos, Stance: stance, Sentence: sentence}
}

func meta(segs []corpus.Segment, kind, process string, session int, date string) []corpus.Segment {
	for i := range segs {
		segs[i].Kind, segs[i].Process, segs[i].Session, segs[i].Date = kind, process, session, date
	}
	return segs
}

// fixture is a hand-built corpus: two transcripts in different sessions,
// a statement, a concept note, a chair, a group statement (Indonesia for
// NAM), a group speaker (EU) and a State with mixed stances (Russia).
func fixture() []corpus.Segment {
	var all []corpus.Segment
	all = append(all, meta([]corpus.Segment{
		seg("s2-m8", 1, chair, "Several delegations referred to the PoA. I give the floor to Kenya.",
			tag("poa", "mention", "Several delegations referred to the PoA.")),
		seg("s2-m8", 2, ken, "Kenya supports demand-driven capacity building. We support the PoA.",
			tag("demand_driven", "support", "Kenya supports demand-driven capacity building."),
			tag("poa", "support", "We support the PoA.")),
		withGroup(seg("s2-m8", 3, idn, "On behalf of NAM, we cannot accept a parallel process such as the PoA. Capacity building must be needs-based.",
			tag("poa", "oppose", "On behalf of NAM, we cannot accept a parallel process such as the PoA."),
			tag("demand_driven", "support", "Capacity building must be needs-based.")), "NAM"),
		seg("s2-m8", 4, rus, "We are not in favour of the PoA. There is no need for a separate paragraph on gender.",
			tag("poa", "oppose", "We are not in favour of the PoA."),
			tag("gender", "oppose", "There is no need for a separate paragraph on gender.")),
		seg("s2-m8", 5, eu, "The EU and its member States support the PoA & a gender perspective.",
			tag("poa", "support", "The EU and its member States support the PoA & a gender perspective."),
			tag("gender", "support", "The EU and its member States support the PoA & a gender perspective.")),
	}, corpus.KindTranscript, "OEWG 2021-2025", 2, "2022-03-31")...)
	all = append(all, meta([]corpus.Segment{
		seg("s7-m3", 1, rus, "A PoA could perhaps complement the OEWG.",
			tag("poa", "support", "A PoA could perhaps complement the OEWG.")),
		seg("s7-m3", 2, ken, "Gender-sensitive capacity building is critical; women in cyber <programmes> matter.",
			tag("gender", "support", "Gender-sensitive capacity building is critical; women in cyber <programmes> matter.")),
	}, corpus.KindTranscript, "OEWG 2021-2025", 7, "2024-03-05")...)
	cz := meta([]corpus.Segment{
		seg("czech-2020", 1, cze, "The Czech Republic supports the Programme of Action. Others mentioned the PoA.",
			tag("poa", "support", "The Czech Republic supports the Programme of Action."),
			tag("poa", "mention", "Others mentioned the PoA.")),
	}, corpus.KindStatement, "OEWG 2019-2021", 2, "2020-02-13")
	cz[0].AlignedWith = []string{"EU"}
	all = append(all, cz...)
	all = append(all, meta([]corpus.Segment{
		seg("concept-note", 1, chair, "Capacity-building should be demand-driven.",
			tag("demand_driven", "mention", "Capacity-building should be demand-driven.")),
	}, corpus.KindConceptNote, "OEWG 2021-2025", 7, "2024-03-01")...)
	return all
}

func withGroup(s corpus.Segment, g string) corpus.Segment { s.OnBehalfOf = g; return s }

var positions = []string{"poa", "demand_driven", "cbdr", "gender"}

var info = Info{Title: "Test report", Filters: []string{"process=OEWG 2021-2025"}, Generated: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)}

func TestGolden(t *testing.T) {
	src := SliceSource(fixture())
	opt := Options{Positions: positions, Evidence: 2}
	reports := map[string]func() (Report, error){
		"positions": func() (Report, error) { return Positions(src, opt) },
		"positions-chair-nonstate": func() (Report, error) {
			o := opt
			o.IncludeChair, o.IncludeNonState = true, true
			return Positions(src, o)
		},
		"compare-speakers": func() (Report, error) {
			return CompareSpeakers(src, []string{"RUS", "KEN", "EU"}, Options{Positions: positions})
		},
		"compare-session": func() (Report, error) { return CompareBy(src, BySession, opt) },
		"compare-process": func() (Report, error) { return CompareBy(src, ByProcess, opt) },
		"speakers":        func() (Report, error) { return Speakers(src) },
	}
	ext := map[string]string{"table": "txt", "md": "md", "csv": "csv", "json": "json", "html": "html"}
	for name, build := range reports {
		for _, format := range Formats {
			t.Run(name+"/"+format, func(t *testing.T) {
				render := func() []byte {
					r, err := build()
					if err != nil {
						t.Fatal(err)
					}
					var b bytes.Buffer
					if err := Render(&b, format, r, info); err != nil {
						t.Fatal(err)
					}
					return b.Bytes()
				}
				got := render()
				if again := render(); !bytes.Equal(got, again) {
					t.Fatalf("rendering twice differs:\n%s\n---\n%s", got, again)
				}
				path := filepath.Join("testdata", name+"."+ext[format])
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from golden:\n%s", path, got)
				}
			})
		}
	}
}

func TestPositionsAggregate(t *testing.T) {
	tab, err := Positions(SliceSource(fixture()), Options{Positions: positions, Evidence: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range tab.Cells() {
		got[c.Speaker.Key+"/"+c.Position] = c.Stance
	}
	want := map[string]string{
		"CZE/poa": "support",                                // support beats mention
		"IDN/poa": "oppose", "IDN/demand_driven": "support", // NAM statement counts for IDN
		"KEN/poa": "support", "KEN/demand_driven": "support", "KEN/gender": "support",
		"RUS/poa": "mixed", "RUS/gender": "oppose", // across sessions
	}
	if len(got) != len(want) {
		t.Errorf("cells = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, c := range tab.Cells() {
		if c.Speaker.Key == "CZE" && c.Evidence[0].Sentence != "The Czech Republic supports the Programme of Action." {
			t.Errorf("CZE evidence = %q, want the support sentence first", c.Evidence[0].Sentence)
		}
		if c.Speaker.Key == "RUS" && c.Position == "poa" && c.Evidence[0].Doc != "s2-m8" {
			t.Errorf("RUS poa evidence = %+v, want the earliest first", c.Evidence)
		}
	}
}
