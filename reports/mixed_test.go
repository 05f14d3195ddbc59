package reports

import (
	"testing"

	"github.com/oewg/oewg/corpus"
)

// A mixed cell quotes both sides, even when one side has many more
// sentences and comes first.
func TestMixedCellQuotesBothSides(t *testing.T) {
	irn := corpus.Speaker{Key: "IRN", Name: "Iran (Islamic Republic of)", Role: corpus.RoleDelegation}
	tag := func(stance, sentence string) corpus.Tag {
		return corpus.Tag{Position: "gender", Stance: stance, Rule: "gender/test", Sentence: sentence}
	}
	segs := []corpus.Segment{
		{Doc: "a", Seq: 1, Date: "2020-01-01", Kind: corpus.KindStatement, Speaker: irn, Tags: []corpus.Tag{
			tag(corpus.StanceSupport, "Women's participation matters."),
			tag(corpus.StanceSupport, "Gender parity is welcome."),
			tag(corpus.StanceSupport, "We support gender-sensitive capacity-building."),
		}},
		{Doc: "b", Seq: 1, Date: "2021-01-01", Kind: corpus.KindStatement, Speaker: irn, Tags: []corpus.Tag{
			tag(corpus.StanceOppose, "No need for a separate paragraph on gender."),
		}},
	}
	for _, n := range []int{1, 2, 3} {
		tab, err := Positions(SliceSource(segs), Options{Evidence: n})
		if err != nil {
			t.Fatal(err)
		}
		cells := tab.Cells()
		if len(cells) != 1 || cells[0].Stance != corpus.StanceMixed {
			t.Fatalf("cells = %+v, want one mixed cell", cells)
		}
		ev := cells[0].Evidence
		if len(ev) != n {
			t.Fatalf("evidence %d: got %d quotes", n, len(ev))
		}
		if n >= 2 && ev[1].Sentence != "No need for a separate paragraph on gender." {
			t.Errorf("evidence %d: second quote %q, want the oppose sentence", n, ev[1].Sentence)
		}
	}
}

// --stance mixed keeps only the cells whose aggregate is mixed, counting
// every tag of them.
func TestStanceMixedFilter(t *testing.T) {
	sp := func(key string) corpus.Speaker {
		return corpus.Speaker{Key: key, Name: key, Role: corpus.RoleDelegation}
	}
	tag := func(pos, stance string) corpus.Tag {
		return corpus.Tag{Position: pos, Stance: stance, Rule: pos + "/test", Sentence: pos + " " + stance}
	}
	segs := []corpus.Segment{
		{Doc: "a", Seq: 1, Kind: corpus.KindStatement, Speaker: sp("IRN"), Tags: []corpus.Tag{tag("gender", corpus.StanceSupport), tag("gender", corpus.StanceOppose), tag("poa", corpus.StanceSupport)}},
		{Doc: "a", Seq: 2, Kind: corpus.KindStatement, Speaker: sp("KEN"), Tags: []corpus.Tag{tag("gender", corpus.StanceSupport)}},
	}
	tab, err := Positions(SliceSource(segs), Options{Positions: []string{"poa", "gender"}, Stance: corpus.StanceMixed})
	if err != nil {
		t.Fatal(err)
	}
	cells := tab.Cells()
	if len(cells) != 1 || cells[0].Speaker.Key != "IRN" || cells[0].Position != "gender" || cells[0].Stance != corpus.StanceMixed || cells[0].Segments != 1 {
		t.Errorf("cells = %+v, want IRN gender mixed only", cells)
	}
	if len(tab.Rows) != 1 {
		t.Errorf("%d rows, want 1 (KEN has no mixed cell)", len(tab.Rows))
	}
	by, err := CompareBy(SliceSource(segs), BySession, Options{Positions: []string{"poa", "gender"}, Stance: corpus.StanceMixed})
	if err != nil {
		t.Fatal(err)
	}
	recs := by.records()
	if len(recs) < 2 {
		t.Fatalf("compare --by session --stance mixed: %v", recs)
	}
	for _, r := range recs[1:] {
		if r[2] == "gender" && (r[5] != "1" || r[3] != "0") {
			t.Errorf("gender counts = %v, want mixed 1 and support 0", r)
		}
	}
}
