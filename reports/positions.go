package reports

import (
	"slices"

	"github.com/oewg/oewg/corpus"
)

// PositionTable is the State × position table.
type PositionTable struct {
	// Positions are the columns.
	Positions []string
	// Rows are the speakers with at least one counted tag, by name.
	Rows []PositionRow

	docList
}

// PositionRow is one speaker's cells, one per position (nil: no tag).
type PositionRow struct {
	Speaker corpus.Speaker
	Cells   []*Cell
}

// Positions builds the position table from src.
func Positions(src Source, opt Options) (*PositionTable, error) {
	g, err := aggregate(src, opt, func(g *aggregator, dc corpus.DocCounts) {
		for i := range dc.Speakers {
			sc := &dc.Speakers[i]
			if !opt.counts(dc.Meta.Kind, sc.Speaker.Role) || len(sc.Positions) == 0 {
				continue
			}
			g.see(sc.Speaker)
			g.addDated(group{}, sc.Speaker.Key, dc.Doc, dc.Meta.Date, sc)
		}
	})
	if err != nil {
		return nil, err
	}
	g.done()
	if err := g.quote(src); err != nil {
		return nil, err
	}
	t := &PositionTable{Positions: g.positions(), docList: g.docIDs}
	var speakers []corpus.Speaker
	for k, sp := range g.speakers {
		for _, p := range t.Positions {
			if g.cells[cellKey{row: k, position: p}] != nil {
				speakers = append(speakers, sp)
				break
			}
		}
	}
	slices.SortFunc(speakers, bySpeakerName)
	for _, sp := range speakers {
		row := PositionRow{Speaker: sp}
		for _, p := range t.Positions {
			row.Cells = append(row.Cells, g.cell(sp.Key, p))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// Cells lists the non-empty cells row by row.
func (t *PositionTable) Cells() []Cell {
	rows := make([][]*Cell, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = r.Cells
	}
	return nonEmpty(rows)
}

func (t *PositionTable) jsonValue() any { return t.Cells() }

func (t *PositionTable) records() [][]string { return cellRecords(t.Cells()) }

func (t *PositionTable) grid() *grid {
	g := &grid{Corner: "Speaker", Columns: t.Positions, Stances: true}
	for _, r := range t.Rows {
		row := gridRow{Label: speakerLabel(r.Speaker)}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, g.stanceCell(speakerLabel(r.Speaker), c))
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

func speakerLabel(s corpus.Speaker) string {
	if s.Name == "" || s.Name == s.Key {
		return s.Key
	}
	return s.Name + " (" + s.Key + ")"
}
