package reports

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// SpeakerComparison sets speakers side by side, position by position.
type SpeakerComparison struct {
	// Speakers are the columns, in the order asked for.
	Speakers []corpus.Speaker
	// Positions are the rows.
	Positions []string
	// Cells[i][j] is Speakers[j]'s stance on Positions[i]; nil if none.
	Cells [][]*Cell

	docList
}

// CompareSpeakers compares the speakers with the given keys. A speaker
// asked for by key counts whatever its role; Options' kind rule applies.
func CompareSpeakers(src Source, keys []string, opt Options) (*SpeakerComparison, error) {
	if opt.Evidence <= 0 {
		opt.Evidence = 1
	}
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	opt.IncludeChair, opt.IncludeNonState = true, true
	g, err := aggregate(src, opt, func(g *aggregator, dc corpus.DocCounts) {
		for i := range dc.Speakers {
			sc := &dc.Speakers[i]
			if !want[sc.Speaker.Key] {
				continue
			}
			g.see(sc.Speaker)
			if opt.counts(dc.Meta.Kind, sc.Speaker.Role) {
				g.addDated(group{}, sc.Speaker.Key, dc.Doc, dc.Meta.Date, sc)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	g.done()
	if err := g.quote(src); err != nil {
		return nil, err
	}
	c := &SpeakerComparison{Positions: g.positions(), docList: g.docIDs}
	for _, k := range keys {
		sp, ok := g.speakers[k]
		if !ok {
			sp = corpus.Speaker{Key: k, Name: k, Role: corpus.RoleUnknown}
			g.speakers[k] = sp
		}
		c.Speakers = append(c.Speakers, sp)
	}
	for _, p := range c.Positions {
		var row []*Cell
		for _, k := range keys {
			row = append(row, g.cell(k, p))
		}
		c.Cells = append(c.Cells, row)
	}
	return c, nil
}

// cells lists the non-empty cells position by position.
func (c *SpeakerComparison) cells() []Cell { return nonEmpty(c.Cells) }

// nonEmpty lists the cells of a grid that are not nil, row by row.
func nonEmpty(rows [][]*Cell) []Cell {
	out := []Cell{}
	for _, row := range rows {
		for _, x := range row {
			if x != nil {
				out = append(out, *x)
			}
		}
	}
	return out
}

func (c *SpeakerComparison) jsonValue() any { return c.cells() }

func (c *SpeakerComparison) records() [][]string { return cellRecords(c.cells()) }

func (c *SpeakerComparison) grid() *grid {
	g := &grid{Corner: "Position", Stances: true}
	for _, s := range c.Speakers {
		g.Columns = append(g.Columns, speakerLabel(s))
	}
	for i, p := range c.Positions {
		row := gridRow{Label: p}
		for j, x := range c.Cells[i] {
			row.Cells = append(row.Cells, g.stanceCell(speakerLabel(c.Speakers[j]), x))
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// By says how GroupComparison groups segments.
const (
	BySession = "session"
	ByProcess = "process"
)

// GroupCount is how many speakers took each stance on a position in one
// session or process.
type GroupCount struct {
	Process  string `json:"process,omitempty"`
	Session  int    `json:"session,omitempty"`
	Position string `json:"position"`
	Support  int    `json:"support"`
	Oppose   int    `json:"oppose"`
	Mixed    int    `json:"mixed"`
	Mention  int    `json:"mention"`
	// Speakers is the number of speakers with any stance.
	Speakers int `json:"speakers"`
}

// GroupComparison counts stances per session (or process) and position.
type GroupComparison struct {
	By        string
	Positions []string
	// Groups are the rows, by process then session; Counts[i][j] is
	// Groups[i] × Positions[j].
	Groups []GroupCount
	Counts [][]GroupCount

	docList
}

type group struct {
	process string
	session int
}

// CompareBy counts, for each session or process (by: BySession or
// ByProcess) and position, how many speakers took each stance. A speaker's
// stance in a group aggregates all its tags there, as in Positions.
func CompareBy(src Source, by string, opt Options) (*GroupComparison, error) {
	opt.Evidence = 0
	g, err := aggregate(src, opt, func(g *aggregator, dc corpus.DocCounts) {
		gr := group{process: dc.Meta.Process}
		if by == BySession {
			gr.session = dc.Meta.Session
		}
		for i := range dc.Speakers {
			sc := &dc.Speakers[i]
			if !opt.counts(dc.Meta.Kind, sc.Speaker.Role) || len(sc.Positions) == 0 {
				continue
			}
			g.inGroup(gr, sc.Speaker.Key)
			g.add(gr, sc.Speaker.Key, dc.Doc, sc)
		}
	})
	if err != nil {
		return nil, err
	}
	groups := g.groups
	g.done()
	c := &GroupComparison{By: by, Positions: g.positions(), docList: g.docIDs}
	var keys []group
	for gr := range groups {
		keys = append(keys, gr)
	}
	slices.SortFunc(keys, func(a, b group) int {
		return cmp.Or(strings.Compare(a.process, b.process), cmp.Compare(a.session, b.session))
	})
	for _, gr := range keys {
		c.Groups = append(c.Groups, GroupCount{Process: gr.process, Session: gr.session})
		var row []GroupCount
		for _, p := range c.Positions {
			n := GroupCount{Process: gr.process, Session: gr.session, Position: p}
			for sp := range groups[gr] {
				a := g.cells[cellKey{sp, gr, p}]
				if a == nil {
					continue
				}
				n.Speakers++
				switch a.stance() {
				case corpus.StanceSupport:
					n.Support++
				case corpus.StanceOppose:
					n.Oppose++
				case corpus.StanceMixed:
					n.Mixed++
				default:
					n.Mention++
				}
			}
			row = append(row, n)
		}
		c.Counts = append(c.Counts, row)
	}
	return c, nil
}

// dominant is the stance most speakers took, to colour a cell: mixed
// when support and oppose tie, "" when no speaker took any.
func (n GroupCount) dominant() string {
	best, stance := 0, ""
	for _, x := range []struct {
		n      int
		stance string
	}{{n.Support, corpus.StanceSupport}, {n.Oppose, corpus.StanceOppose}, {n.Mixed, corpus.StanceMixed}, {n.Mention, corpus.StanceMention}} {
		if x.n > best {
			best, stance = x.n, x.stance
		}
	}
	if n.Support > 0 && n.Support == n.Oppose && n.Support >= best {
		return corpus.StanceMixed
	}
	return stance
}

// all lists the non-empty counts (a position no speaker took in a group is
// left out of JSON and CSV; the table shows it as an empty cell).
func (c *GroupComparison) all() []GroupCount {
	out := []GroupCount{}
	for _, row := range c.Counts {
		for _, n := range row {
			if n.Speakers > 0 {
				out = append(out, n)
			}
		}
	}
	return out
}

func (c *GroupComparison) jsonValue() any { return c.all() }

func (c *GroupComparison) records() [][]string {
	recs := [][]string{{"process", "session", "position", "support", "oppose", "mixed", "mention", "speakers"}}
	for _, n := range c.all() {
		s := ""
		if n.Session != 0 {
			s = strconv.Itoa(n.Session)
		}
		recs = append(recs, []string{n.Process, s, n.Position, strconv.Itoa(n.Support), strconv.Itoa(n.Oppose),
			strconv.Itoa(n.Mixed), strconv.Itoa(n.Mention), strconv.Itoa(n.Speakers)})
	}
	return recs
}

func (c *GroupComparison) grid() *grid {
	corner := "Session"
	if c.By != BySession {
		corner = "Process"
	}
	g := &grid{Corner: corner, Columns: c.Positions, Stances: true, Counts: true}
	for i, gr := range c.Groups {
		row := gridRow{Label: GroupLabel(c.By, gr)}
		for _, n := range c.Counts[i] {
			var parts []string
			for _, x := range []struct {
				n      int
				stance string
			}{{n.Support, corpus.StanceSupport}, {n.Oppose, corpus.StanceOppose}, {n.Mixed, corpus.StanceMixed}, {n.Mention, corpus.StanceMention}} {
				if x.n > 0 {
					parts = append(parts, Symbol(x.stance)+strconv.Itoa(x.n))
				}
			}
			row.Cells = append(row.Cells, gridCell{Text: strings.Join(parts, " "), Stance: n.dominant()})
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}
