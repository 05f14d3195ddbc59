package classify

import (
	"slices"
	"strings"
	"testing"
)

// literalSet.find agrees with strings.Contains, literal by literal.
func TestLiteralSet(t *testing.T) {
	lits := []string{"request", "need", " for", "demand", "ipient", "eiving", "host", "program of action", " program of action", "he", "she", "his", "hers"}
	ls := newLiteralSet(lits)
	known := make([]uint32, len(lits))
	for gen, s := range []string{
		"", "ushers", "zzz he said", "a\x00b", "capacity building upon request of the recipient state", "the program of action for all",
		"we need demand driven capacity for host states receiving aid", "xx",
	} {
		ls.find(s, known, uint32(gen+1))
		for i, l := range lits {
			if want := strings.Contains(s, l); (known[i] == uint32(gen+1)) != want {
				t.Errorf("%q contains %q: got %v, want %v", s, l, known[i] == uint32(gen+1), want)
			}
		}
	}
}

func TestBuiltinIDsAreTheRuleSets(t *testing.T) {
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range rs.Positions() {
		want = append(want, p.ID)
	}
	got := BuiltinIDs()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("BuiltinIDs = %v, the compiled rules have %v", got, want)
	}
}
