package classify

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/oewg/oewg/corpus"
)

func builtin(t testing.TB) *RuleSet {
	t.Helper()
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// stanceOn classifies text as one segment and returns the aggregated stance
// on position.
func stanceOn(rs *RuleSet, text, position string) string {
	seg := corpus.Segment{Text: text}
	rs.Classify(&seg)
	return Aggregate(seg.Tags, position)
}

type stanceCase struct {
	text, want string
}

func runStance(t *testing.T, position string, cases []stanceCase) {
	rs := builtin(t)
	for _, c := range cases {
		if got := stanceOn(rs, c.text, position); got != c.want {
			t.Errorf("%s: %q: got %q, want %q", position, c.text, got, c.want)
		}
	}
}

func TestPoA(t *testing.T) {
	runStance(t, "poa", []stanceCase{
		// support
		{"We support the Programme of Action.", "support"},
		{"My delegation is proud to co-sponsor the PoA.", "support"},
		{"The POA should be established as soon as possible.", "support"},
		{"We welcome the initiative presented by France and Egypt.", "support"},
		{"A Program of Action is essential for implementing the framework.", "support"},
		{"We are in favour of an action plan to advance responsible State behaviour in cyberspace.", "support"},
		// group statements
		{"On behalf of the Group of 77 we support the PoA.", "support"},
		// oppose
		{"We cannot accept a parallel process such as the PoA.", "oppose"},
		{"We are not in favour of the PoA.", "oppose"},
		{"We do not support the Programme of Action.", "oppose"},
		{"The PoA would duplicate the work of this Group.", "oppose"},
		{"Discussing a POA at this stage is premature.", "oppose"},
		{"We reject the so-called Programme of Action.", "oppose"},
		// negated oppose cue
		{"The PoA is not a parallel process.", "support"},
		// mention
		{"Many delegations referred to the PoA.", "mention"},
		{"What would the PoA's secretariat look like?", "mention"},
		{"The Programme of Action was discussed yesterday.", "mention"},
		{"The Chair's summary supports the PoA.", "mention"},
		// false friends
		{"We support the Programme of Action on small arms and light weapons.", ""},
		{"The Beijing Declaration and Platform for Action remains essential.", ""},
		{"We support a permanent mechanism under UN auspices.", ""},
		{"We must implement the Istanbul Programme of Action.", ""},
	})
}

func TestDemandDriven(t *testing.T) {
	runStance(t, "demand_driven", []stanceCase{
		// support
		{"Capacity building should be demand driven.", "support"},
		{"Capacity-building must be demand-driven and needs-based.", "support"},
		{"We believe assistance should be tailored to national needs.", "support"},
		{"National ownership is key.", "support"},
		{"Support should be provided upon request by the recipient State.", "support"},
		// contrast: negated opposites
		{"Capacity building should not be supply-led; it should answer the needs of recipients.", "support"},
		{"There is no one-size-fits-all solution.", "support"},
		{"Capacity-building is not donor-driven but demand-driven.", "support"},
		{"It is critical to avoid a one-size-fits-all approach.", "support"},
		// oppose
		{"We do not believe capacity building needs to be demand-driven.", "oppose"},
		{"Capacity-building should be donor-driven.", "oppose"},
		{"We reject the notion that programmes must be needs-based.", "oppose"},
		// mention
		{"Several delegations mentioned demand-driven capacity building.", "mention"},
		{"Is demand-driven capacity-building realistic?", "mention"},
		// false friends
		{"There is a growing demand for capacity-building assistance.", ""},
		{"The widest participation of demanding states should be ensured.", ""},
		{"Supply chains must be secure.", ""},
	})
}

func TestCBDR(t *testing.T) {
	runStance(t, "cbdr", []stanceCase{
		// support
		{"The principle of common but differentiated responsibilities should be applied.", "support"},
		{"In this regard, the principle of shared but differentiated responsibilities should be applied.", "support"},
		{"Developed countries must fulfil their commitments under the principle of common but differentiated possibilities.", "support"},
		{"We reaffirm CBDR.", "support"},
		{"On behalf of the Group of 77 and China, we underline the importance of common but differentiated responsibilities.", "support"},
		// oppose
		{"Common but differentiated responsibilities have no place in ICT security.", "oppose"},
		{"We cannot accept importing CBDR into this process.", "oppose"},
		{"The principle of common but differentiated responsibilities is not relevant here and we reject it.", "oppose"},
		{"We are not convinced that CBDR applies to cyberspace.", "oppose"},
		// mention
		{"Some delegations referred to common but differentiated responsibilities.", "mention"},
		{"Does CBDR apply to cyberspace?", "mention"},
		// false friends
		{"Responsibility needs to be shared, among states.", ""},
		{"Cybersecurity is a shared responsibility that must be taken seriously.", ""},
		{"States have common but different views.", ""},
		{"We must recognise differentiated capacities.", ""},
	})
}

func TestGender(t *testing.T) {
	runStance(t, "gender", []stanceCase{
		// support
		{"A gender-sensitive approach is critical.", "support"},
		{"Gender is no side issue for us.", "support"},
		{"We must close the gender digital divide.", "support"},
		{"We welcome the Women in Cyber Fellowship.", "support"},
		{"Canada continues to support the meaningful participation of women.", "support"},
		{"We should promote women’s participation in these negotiations.", "support"},
		// oppose
		{"There is no need for a separate paragraph on gender.", "oppose"},
		{"We dissociate ourselves from paragraph 61 on gender.", "oppose"},
		{"We should delete the reference to gender.", "oppose"},
		{"Paragraph 61 needs clarification. Gender is addressed under paragraph 57. No need for separate paragraph.", "oppose"},
		{"Gender is a side issue for this Group.", "oppose"},
		// anaphora
		{"A gender perspective was raised. This is essential.", "support"},
		// mention
		{"The concept note mentions gender.", "mention"},
		{"How many interventions were made by women?", "mention"},
		// false friends
		{"France trained the Gendarmerie.", ""},
	})
}

func TestTagsEvidence(t *testing.T) {
	rs := builtin(t)
	text := "Thank you, Chair. We support the PoA. No need for separate paragraph."
	seg := corpus.Segment{Text: text}
	rs.Classify(&seg)
	want := []corpus.Tag{{Position: "poa", Stance: "support", Rule: "poa/name", Sentence: "We support the PoA.", Start: 18, End: 37, Because: `support: "support"`},
		{Position: "poa", Stance: "oppose", Rule: "poa/name", Sentence: "No need for separate paragraph.", Start: 38, End: 69, Because: `refers back: oppose: "No need"`}}
	if !reflect.DeepEqual(seg.Tags, want) {
		t.Fatalf("got %+v\nwant %+v", seg.Tags, want)
	}
	for _, tg := range seg.Tags {
		if text[tg.Start:tg.End] != tg.Sentence {
			t.Errorf("offsets %d:%d do not slice the sentence", tg.Start, tg.End)
		}
	}
	seg = corpus.Segment{Text: "We support the PoA.", Interjection: true}
	rs.Classify(&seg)
	if seg.Tags != nil {
		t.Errorf("interjection tagged: %v", seg.Tags)
	}
}

func TestAggregate(t *testing.T) {
	tags := []corpus.Tag{{Position: "poa", Stance: "support"}, {Position: "poa", Stance: "oppose"}, {Position: "cbdr", Stance: "mention"}}
	for pos, want := range map[string]string{"poa": "mixed", "cbdr": "mention", "gender": ""} {
		if got := Aggregate(tags, pos); got != want {
			t.Errorf("%s: got %q, want %q", pos, got, want)
		}
	}
}

// TestFifthPosition proves a new position needs only a new file.
func TestFifthPosition(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ransomware.yaml"), []byte(`label: Ransomware
description: Ransomware as a threat to international security.
terms:
  - id: ransomware
    phrases: [ransomware, ransom-ware]
  - id: attacks
    patterns: ['\bransom (attack|demand)s?\b']
cues:
  oppose: [overstated]
`), 0o644)
	rs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !rs.Has("ransomware") || !rs.Has("poa") || len(rs.Positions()) != 5 {
		t.Fatalf("positions: %v", rs.Positions())
	}
	for text, want := range map[string]string{
		"Ransomware attacks on hospitals must be addressed.": "support",
		"The ransomware threat is overstated.":               "oppose",
		"We support the PoA.":                                "",
	} {
		if got := stanceOn(rs, text, "ransomware"); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"bad.yaml": {Data: []byte(`label: Bad
colour: red
terms:
  - id: a
    phrases: []
  - id: a
    patterns: ['(unclosed', 'Upper']
  - phrases: [x]
  - id: b
    patterns: ['a*']
cues:
  approve: [yes]
`)},
		"syntax.yaml": {Data: []byte("label: x\nterms: [\n")},
		"empty.yaml":  {Data: nil},
		"nolabel.yaml": {Data: []byte(`terms:
  - id: x
    phrases: ["   "]
`)},
	}
	_, err := LoadFS(fsys, "bad.yaml", "syntax.yaml", "empty.yaml", "nolabel.yaml")
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("got %T %v, want ErrorList", err, err)
	}
	want := []string{
		"bad.yaml:2:1: position bad: unknown key \"colour\"",
		"bad.yaml:5:14: terms[0].phrases: empty list",
		"bad.yaml:6:9: terms[1]: duplicate rule id \"a\" (first used at line 4)",
		"bad.yaml:7:16: terms[1].patterns: invalid regular expression",
		"bad.yaml:7:29: terms[1].patterns: pattern \"Upper\" has upper-case letters",
		"bad.yaml:8:5: terms[2]: missing id",
		"bad.yaml:10:16: terms[3].patterns: pattern \"a*\" matches empty text",
		"bad.yaml:12:3: cues: unknown stance or cue list \"approve\"",
		"empty.yaml:1:1: empty rule file",
		"nolabel.yaml:1:1: missing label",
		"nolabel.yaml:3:15: terms[0].phrases: phrase \"   \" has no words",
		"syntax.yaml:2:1: yaml syntax:",
	}
	got := strings.Split(list.Error(), "\n")
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("missing %q in:\n%s", w, list.Error())
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", len(got), len(want), list.Error())
	}
}

func TestCheckBuiltinClean(t *testing.T) {
	if errs := Check(t.TempDir()); errs != nil {
		t.Fatal(errs)
	}
}

// TestDeterministic builds the rules many times and classifies the same
// segments: map order must not leak into the output.
func TestDeterministic(t *testing.T) {
	segs, err := exampleSegments()
	if err != nil {
		t.Fatal(err)
	}
	var first []corpus.Tag
	for i := 0; i < 100; i++ {
		rs := builtin(t)
		var all []corpus.Tag
		for _, s := range segs {
			rs.Classify(&s)
			all = append(all, s.Tags...)
		}
		if i == 0 {
			first = all
			if len(first) == 0 {
				t.Fatal("no tags")
			}
		} else if !reflect.DeepEqual(first, all) {
			t.Fatalf("run %d differs", i)
		}
	}
}

func FuzzLoad(f *testing.F) {
	for _, n := range []string{"poa.yaml", "cbdr.yaml", "_stance.yaml"} {
		b, _ := builtinFS.ReadFile("rules/" + n)
		f.Add(b)
	}
	f.Add([]byte("label: x\nterms:\n  - id: a\n    phrases: [a]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := LoadFS(fstest.MapFS{"f.yaml": {Data: data}}, "f.yaml")
		if err == nil {
			return
		}
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
		}
		for _, e := range list {
			if e.Line < 1 || e.Col < 1 || e.File == "" {
				t.Fatalf("error without position: %v", e)
			}
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	segs, err := exampleSegments()
	if err != nil {
		b.Fatal(err)
	}
	rs := builtin(b)
	n := 0
	for _, s := range segs {
		n += len(s.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range segs {
			s := segs[j]
			rs.Classify(&s)
		}
	}
}

func ExampleRuleSet_Classify() {
	rs, err := Builtin()
	if err != nil {
		panic(err)
	}
	seg := corpus.Segment{Text: "Capacity building should not be supply-led; it should answer the needs of recipients. We are not in favour of the PoA."}
	rs.Classify(&seg)
	for _, t := range seg.Tags {
		fmt.Printf("%s %s (%s) %q\n", t.Position, t.Stance, t.Rule, t.Sentence)
	}
	// Output:
	// demand_driven support (demand_driven/supply-driven) "Capacity building should not be supply-led; it should answer the needs of recipients."
	// poa oppose (poa/name) "We are not in favour of the PoA."
}

// A position's cue lists get the same key checks as every other mapping.
func TestLoadCueListKeys(t *testing.T) {
	fsys := fstest.MapFS{"x.yaml": {Data: []byte(`label: X
terms:
  - id: x
    phrases: [x]
cues:
  support: [a]
  support: [b]
  [oppose]: [c]
`)}}
	_, err := LoadFS(fsys, "x.yaml")
	want := "x.yaml:7:3: cues: key \"support\" given twice\nx.yaml:8:3: cues: keys must be plain words"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

// Two phrases of one list with the same canonical words are reported; a
// prefix covering a phrase is not a duplicate.
func TestLoadDuplicatePhrases(t *testing.T) {
	fsys := fstest.MapFS{"x.yaml": {Data: []byte(`label: X
terms:
  - id: x
    phrases: [one-size-fits-all, "One size fits all", programme, program]
  - id: y
    phrases: [one-size-fits-all, favour*, in favour]
cues:
  support: [welcom*, welcome, "Welcome"]
`)}}
	_, err := LoadFS(fsys, "x.yaml")
	want := `x.yaml:4:34: terms[0].phrases: phrase "One size fits all" matches the same words as "one-size-fits-all" (line 4); remove one
x.yaml:4:66: terms[0].phrases: phrase "program" matches the same words as "programme" (line 4); remove one
x.yaml:8:31: cues.support: phrase "Welcome" matches the same words as "welcome" (line 8); remove one`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}
