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
		tab, err := Positions(SliceSegments(segs), Options{Evidence: n})
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
