package corpus

import (
	"reflect"
	"testing"
)

// TestCountsRoundTrip: what EncodeCounts writes DecodeCounts reads back,
// names with tabs and newlines made spaces; damaged lines are errors.
func TestCountsRoundTrip(t *testing.T) {
	in := []SpeakerCount{
		{Speaker: Speaker{Key: "IDN", Name: "Indonesia", Role: RoleDelegation, ISO3: "IDN"}, OnBehalfOf: "NAM", AlignedWith: []string{"G77", "NAM"}, Segments: 3,
			Positions: []PositionCount{{Position: "poa", Tags: [3]int{0, 2, 1}, Segments: [4]int{2, 0, 2, 1}, First: [3][]int{nil, {4, 9}, {9}}},
				{Position: "cbdr", Tags: [3]int{1, 0, 0}, Segments: [4]int{1, 1, 0, 0}, First: [3][]int{{12}}}}},
		{Speaker: Speaker{Key: "X", Name: "A\tB\nC", Role: RoleStakeholder}, Segments: 1},
	}
	out, err := DecodeCounts(EncodeCounts(in))
	if err != nil {
		t.Fatal(err)
	}
	in[1].Speaker.Name = "A B C"
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
	for _, bad := range []string{"P\tpoa\t1\t0\t0\t1\t1\t0\t0\t1\t\t\n", "S\tKEN\n", "S\tKEN\tKenya\tdelegation\tKEN\t\tx\t\n", "Q\n"} {
		if _, err := DecodeCounts(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
