package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestGazetteerCounts(t *testing.T) {
	g := Default()
	states := 0
	for _, s := range g.byKey {
		if s.Role == RoleDelegation {
			states++
		}
	}
	if states != 195 {
		t.Errorf("gazetteer has %d States, want 193 members + 2 observers", states)
	}
	for _, k := range []string{"EU", "NAM", "G77", "ASEAN", "AU", "OAS", "ARAB_GROUP", "AFRICAN_GROUP", "UNIDIR", "ITU", "GFCE", "ICRC", "CHAIR"} {
		if _, ok := g.Key(k); !ok {
			t.Errorf("fixed key %s missing", k)
		}
	}
}

func TestGazetteerLookup(t *testing.T) {
	tests := []struct{ in, key string }{
		// the common names the design lists.
		{"UK", "GBR"}, {"United Kingdom", "GBR"}, {"the UK", "GBR"}, {"U.K.", "GBR"},
		{"Korea", "KOR"}, {"ROK", "KOR"}, {"Republic of Korea", "KOR"}, {"the Republic of Korea", "KOR"},
		{"Iran", "IRN"}, {"Islamic Republic of Iran", "IRN"}, {"Iran (Islamic Republic of)", "IRN"},
		{"Lao PDR", "LAO"}, {"Lao People’s Democratic Republic", "LAO"},
		{"Cote d'Ivoire", "CIV"}, {"Côte d'Ivoire", "CIV"}, {"Cote d’Ivoire", "CIV"}, {"CÔTE D’IVOIRE", "CIV"},
		{"The Netherlands", "NLD"}, {"Netherlands", "NLD"},
		{"Syria", "SYR"}, {"Syrian Arab Republic", "SYR"},
		{"Turkey", "TUR"}, {"Türkiye", "TUR"}, {"Turkiye", "TUR"},
		{"DPRK", "PRK"}, {"Democratic People's Republic of Korea", "PRK"},
		{"Viet Nam", "VNM"}, {"Vietnam", "VNM"},
		{"Holy See", "VAT"}, {"State of Palestine", "PSE"}, {"Palestine", "PSE"},
		{"US", "USA"}, {"U.S.", "USA"}, {"United States of America", "USA"}, {"United States", "USA"},
		{"Russia", "RUS"}, {"the Russian Federation", "RUS"},
		{"Venezuela", "VEN"}, {"CZECH REPUBLIC", "CZE"}, {"Czechia", "CZE"},
		{"Dominican Republic", "DOM"}, {"the Dominican Republic", "DOM"},
		{"the delegation of Kenya", "KEN"}, {"Tanzania", "TZA"}, {"Moldova", "MDA"},
		{"Namibia", "NAMIBIA"},
		// Groups and bodies.
		{"European Union", "EU"}, {"EU", "EU"}, {"Non-Aligned Movement", "NAM"}, {"NAM", "NAM"},
		{"Group of 77 and China", "G77"}, {"G-77", "G77"}, {"ASEAN", "ASEAN"}, {"African Union", "AU"},
		{"Organization of American States", "OAS"}, {"Arab Group", "ARAB_GROUP"}, {"African Group", "AFRICAN_GROUP"},
		{"UNIDIR", "UNIDIR"}, {"International Telecommunication Union", "ITU"}, {"GFCE", "GFCE"},
		{"Global Forum on Cyber Expertise", "GFCE"}, {"ICRC", "ICRC"},
		// Keys themselves.
		{"KEN", "KEN"}, {"GBR", "GBR"},
	}
	g := Default()
	for _, tt := range tests {
		s, ok := g.Lookup(tt.in)
		if !ok || s.Key != tt.key {
			t.Errorf("Lookup(%q) = %v %v, want %s", tt.in, s, ok, tt.key)
		}
	}
	for _, bad := range []string{"", "us", "Thank you", "capacity building", "Mr. Chair distinguished"} {
		if s, ok := g.Lookup(bad); ok {
			t.Errorf("Lookup(%q) = %v, want no match", bad, s)
		}
	}
}

func TestGazetteerCanonicalNames(t *testing.T) {
	want := map[string]string{
		"KOR": "Republic of Korea", "TUR": "Türkiye", "CIV": "Côte d'Ivoire",
		"LAO": "Lao People's Democratic Republic", "IRN": "Iran (Islamic Republic of)",
	}
	for k, name := range want {
		if s, _ := Default().Key(k); s.Name != name {
			t.Errorf("name of %s = %q, want %q", k, s.Name, name)
		}
	}
}

func TestFindAll(t *testing.T) {
	text := "The Philippines aligns itself with the statement delivered by ASEAN and the Non-Aligned Movement; let us thank the UK and Latin America."
	var got []string
	for _, m := range Default().FindAll(text) {
		got = append(got, m.Speaker.Key+"="+text[m.Start:m.End])
	}
	want := "PHL=Philippines ASEAN=ASEAN NAM=Non-Aligned Movement GBR=UK"
	if strings.Join(got, " ") != want {
		t.Errorf("FindAll = %q, want %q", strings.Join(got, " "), want)
	}
}

func TestMatchPrefix(t *testing.T) {
	tests := []struct{ in, key, covered string }{
		{"Ghana, to be followed by Republic of Korea", "GHA", "Ghana"},
		{"the delegation of Kenya. You have the floor", "KEN", "the delegation of Kenya"},
		{"Republic of Korea to be followed by Canada", "KOR", "Republic of Korea"},
		{"the Organization of American States. OAS, are you here?", "OAS", "the Organization of American States"},
		{"Cote d’Ivoire to be followed by Colombia", "CIV", "Cote d’Ivoire"},
	}
	for _, tt := range tests {
		s, n, ok := Default().MatchPrefix(tt.in)
		if !ok || s.Key != tt.key || tt.in[:n] != tt.covered {
			t.Errorf("MatchPrefix(%q) = %v %q %v, want %s %q", tt.in, s.Key, tt.in[:n], ok, tt.key, tt.covered)
		}
	}
}

// No body of data/bodies.yaml claims a name that a State or another body
// has (a flow list splits on commas: "Canada, Australia and New Zealand"
// once made "Canada" the CANZ group's).
func TestNoAliasCollisions(t *testing.T) {
	if c := Default().collisions; len(c) > 0 {
		t.Errorf("aliases claimed twice: %q", c)
	}
	for _, name := range []string{"Canada", "Australia", "China", "Kenya"} {
		if s, ok := Default().Lookup(name); !ok || s.Role != RoleDelegation {
			t.Errorf("Lookup(%q) = %v, want a State", name, s)
		}
	}
}

// TestDefaultGazetteer checks that the gazetteer built from the bodies
// alone (Default, for resolving filters) is the one the whole built-in
// lexicon builds (attribution).
func TestDefaultGazetteer(t *testing.T) {
	a, b := Default(), DefaultLexicon().Gazetteer()
	if !reflect.DeepEqual(a, b) {
		t.Errorf("Default() has %d speakers and %d aliases, the lexicon's gazetteer %d and %d",
			len(a.byKey), len(a.byAlias), len(b.byKey), len(b.byAlias))
	}
	if len(a.byKey) < 190 {
		t.Errorf("Default() has %d speakers", len(a.byKey))
	}
}
