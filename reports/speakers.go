package reports

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// SpeakerStat is one speaker in the speakers report.
type SpeakerStat struct {
	Speaker corpus.Speaker `json:"speaker"`
	// Segments and Documents count its turns and the documents they are in.
	Segments  int `json:"segments"`
	Documents int `json:"documents"`
	// OnBehalfOf are the groups it spoke for; AlignedWith those it aligned
	// with; both sorted.
	OnBehalfOf  []string `json:"on_behalf_of,omitempty"`
	AlignedWith []string `json:"aligned_with,omitempty"`
}

// SpeakerList is the speakers report.
type SpeakerList struct {
	// Speakers are sorted by name, then key.
	Speakers []SpeakerStat
}

// Speakers lists every speaker of src's documents.
func Speakers(src Source) (*SpeakerList, error) {
	type accum struct {
		stat    SpeakerStat
		for_, w map[string]bool
		lastDoc string
	}
	parts := make([]map[string]*accum, max(len(src.Parts), 1))
	for i := range parts {
		parts[i] = map[string]*accum{}
	}
	err := src.readParts(func(part int, dc corpus.DocCounts) error {
		m := parts[part]
		for _, sc := range dc.Speakers {
			a := m[sc.Speaker.Key]
			if a == nil {
				a = &accum{stat: SpeakerStat{Speaker: sc.Speaker}, for_: map[string]bool{}, w: map[string]bool{}}
				m[sc.Speaker.Key] = a
			}
			a.stat.Segments += sc.Segments
			// NOTE: a document's counts come together: a new one is
			// never the last seen.
			if a.lastDoc != dc.Doc {
				a.lastDoc = dc.Doc
				a.stat.Documents++
			}
			if sc.OnBehalfOf != "" {
				a.for_[sc.OnBehalfOf] = true
			}
			for _, k := range sc.AlignedWith {
				a.w[k] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Join the parts in order: a speaker's first name and role are those
	// of the first part that has it; a document is in one part.
	m := parts[0]
	for _, o := range parts[1:] {
		for k, b := range o {
			a := m[k]
			if a == nil {
				m[k] = b
				continue
			}
			a.stat.Segments += b.stat.Segments
			a.stat.Documents += b.stat.Documents
			maps.Copy(a.for_, b.for_)
			maps.Copy(a.w, b.w)
		}
	}
	l := &SpeakerList{Speakers: []SpeakerStat{}}
	for _, a := range m {
		a.stat.OnBehalfOf = slices.Sorted(maps.Keys(a.for_))
		a.stat.AlignedWith = slices.Sorted(maps.Keys(a.w))
		l.Speakers = append(l.Speakers, a.stat)
	}
	slices.SortFunc(l.Speakers, func(a, b SpeakerStat) int { return bySpeakerName(a.Speaker, b.Speaker) })
	return l, nil
}

func (l *SpeakerList) jsonValue() any { return l.Speakers }

func (l *SpeakerList) records() [][]string {
	recs := [][]string{{"key", "name", "role", "segments", "documents", "on_behalf_of", "aligned_with"}}
	for _, s := range l.Speakers {
		recs = append(recs, []string{s.Speaker.Key, s.Speaker.Name, s.Speaker.Role, strconv.Itoa(s.Segments),
			strconv.Itoa(s.Documents), strings.Join(s.OnBehalfOf, " "), strings.Join(s.AlignedWith, " ")})
	}
	return recs
}

func (l *SpeakerList) grid() *grid {
	g := &grid{Corner: "Key", Columns: []string{"Name", "Role", "Segments", "Documents", "Spoke for", "Aligned with"}}
	for _, s := range l.Speakers {
		row := gridRow{Label: s.Speaker.Key}
		for _, v := range []string{s.Speaker.Name, s.Speaker.Role, strconv.Itoa(s.Segments), strconv.Itoa(s.Documents),
			strings.Join(s.OnBehalfOf, ", "), strings.Join(s.AlignedWith, ", ")} {
			row.Cells = append(row.Cells, gridCell{Text: v})
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}
