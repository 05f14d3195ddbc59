package reports_test

import (
	"log"
	"os"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/reports"
)

// statements are a few tagged segments, as index.Index.Segments streams
// them.
func statements() []corpus.Segment {
	kenya := corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation}
	russia := corpus.Speaker{Key: "RUS", Name: "Russian Federation", Role: corpus.RoleDelegation}
	chair := corpus.Speaker{Key: "CHAIR", Name: "Chair", Role: corpus.RoleChair}
	tag := func(position, stance, sentence string) corpus.Tag {
		return corpus.Tag{Position: position, Stance: stance, Sentence: sentence}
	}
	return []corpus.Segment{
		{Doc: "s2-m8", Seq: 1, Date: "2022-03-31", Speaker: chair,
			Tags: []corpus.Tag{tag("poa", corpus.StanceMention, "Several delegations referred to the PoA.")}},
		{Doc: "s2-m8", Seq: 2, Date: "2022-03-31", Speaker: kenya, Tags: []corpus.Tag{
			tag("poa", corpus.StanceSupport, "Kenya supports the PoA."),
			tag("demand_driven", corpus.StanceSupport, "Capacity building must be demand-driven.")}},
		{Doc: "s2-m8", Seq: 4, Date: "2022-03-31", Speaker: russia,
			Tags: []corpus.Tag{tag("poa", corpus.StanceOppose, "We are not in favour of the PoA.")}},
		{Doc: "s7-m3", Seq: 9, Date: "2024-03-07", Speaker: russia,
			Tags: []corpus.Tag{tag("poa", corpus.StanceSupport, "A regular mechanism under the OEWG would serve us all.")}},
	}
}

// Positions aggregates each State's tags per position: Russia supported
// and opposed the PoA (mixed, ±), the chair is left out by default, and the
// best quote of each cell is numbered below the table.
// A zero Info leaves out the header (title, filters, time).
func ExamplePositions() {
	t, err := reports.Positions(reports.SliceSource(statements()), reports.Options{
		Positions: []string{"poa", "demand_driven"},
		Evidence:  1,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := reports.Render(os.Stdout, "md", t, reports.Info{}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// | Speaker | poa | demand\_driven |
	// | --- | --- | --- |
	// | Kenya (KEN) | +1 \[1] | +1 \[2] |
	// | Russian Federation (RUS) | ±2 \[3] |  |
	//
	// Legend: + support  − oppose  ± mixed (both)  · mention; each number counts segments.
	//
	// 1. Kenya (KEN), poa +: “Kenya supports the PoA.” (s2-m8 #2)
	// 2. Kenya (KEN), demand\_driven +: “Capacity building must be demand-driven.” (s2-m8 #2)
	// 3. Russian Federation (RUS), poa −: “We are not in favour of the PoA.” (s2-m8 #4)
}

// CompareSpeakers sets speakers side by side, whatever their role; the
// CSV has one row per speaker and position.
func ExampleCompareSpeakers() {
	c, err := reports.CompareSpeakers(reports.SliceSource(statements()), []string{"RUS", "CHAIR"}, reports.Options{Positions: []string{"poa"}})
	if err != nil {
		log.Fatal(err)
	}
	if err := reports.Render(os.Stdout, "csv", c, reports.Info{}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// speaker,name,role,position,stance,segments,documents,evidence
	// RUS,Russian Federation,delegation,poa,mixed,2,2,s2-m8 #4: We are not in favour of the PoA.
	// CHAIR,Chair,chair,poa,mention,1,1,s2-m8 #1: Several delegations referred to the PoA.
}
