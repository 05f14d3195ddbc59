package corpus

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// DocCounts is what the reports need of one document, counted once when
// it is indexed: per speaker, its segments and its tags by position. A
// position table or comparison adds these up instead of reading every
// segment again.
type DocCounts struct {
	// Doc is the document id; Meta its metadata (for the filters and the
	// grouping by session).
	Doc  string
	Meta Meta
	// Speakers are the document's speakers, by key (then name, role and
	// group spoken for).
	Speakers []SpeakerCount
}

// Clone returns a copy of dc that shares none of its slices (a reader of
// the index's counts reuses them from one document to the next).
func (dc DocCounts) Clone() DocCounts {
	dc.Speakers = slices.Clone(dc.Speakers)
	for i := range dc.Speakers {
		sc := &dc.Speakers[i]
		sc.AlignedWith = slices.Clone(sc.AlignedWith)
		sc.Positions = slices.Clone(sc.Positions)
		for j := range sc.Positions {
			for c := range sc.Positions[j].First {
				sc.Positions[j].First[c] = slices.Clone(sc.Positions[j].First[c])
			}
		}
	}
	return dc
}

// SpeakerCount is one speaker's part of a document. Segments of the same
// key with another name, role or group spoken for count apart.
type SpeakerCount struct {
	Speaker    Speaker
	OnBehalfOf string
	// AlignedWith is every group its segments aligned with, sorted.
	AlignedWith []string
	// Segments counts its segments, tagged or not.
	Segments int
	// Positions are its tags by position, sorted by position id.
	Positions []PositionCount
}

// Stance classes: the index of a stance in PositionCount.Tags and, plus
// one, in PositionCount.Segments.
const (
	ClassSupport = iota
	ClassOppose
	ClassMention
)

// StanceClass is the class of a tag's stance: support, oppose, or mention
// for anything else.
func StanceClass(stance string) int {
	switch stance {
	case StanceSupport:
		return ClassSupport
	case StanceOppose:
		return ClassOppose
	}
	return ClassMention
}

// PositionCount is one speaker's tags on one position in one document.
type PositionCount struct {
	Position string
	// Tags counts the tags by stance class.
	Tags [3]int
	// Segments counts the segments with a tag on the position: [0] any,
	// [1+class] those with a tag of that stance class.
	Segments [4]int
	// First are the seqs of the first FirstSeqs segments with a tag of
	// each stance class on the position: where a table's quotes are, so
	// that they are fetched by id.
	First [3][]int
}

// FirstSeqs is how many segments of a class PositionCount.First keeps:
// quotes up to this many per cell come from the counts alone.
const FirstSeqs = 3

// SegmentID is the id of a document's seq-th segment ("doc#000015"): in
// the index, and where the counts place a quote.
func SegmentID(docID string, seq int) string { return fmt.Sprintf("%s#%06d", docID, seq) }

// CountDocument counts doc's segments and tags.
func CountDocument(doc *Document) DocCounts {
	type key struct{ key, name, role, iso3, obo string }
	type acc struct {
		sc      SpeakerCount
		aligned map[string]bool
		pos     map[string]*PositionCount
	}
	byKey := map[key]*acc{}
	for i := range doc.Segments {
		s := &doc.Segments[i]
		k := key{s.Speaker.Key, s.Speaker.Name, s.Speaker.Role, s.Speaker.ISO3, s.OnBehalfOf}
		a := byKey[k]
		if a == nil {
			a = &acc{sc: SpeakerCount{Speaker: s.Speaker, OnBehalfOf: s.OnBehalfOf}, aligned: map[string]bool{}, pos: map[string]*PositionCount{}}
			byKey[k] = a
		}
		a.sc.Segments++
		for _, g := range s.AlignedWith {
			a.aligned[g] = true
		}
		seen := map[string]*[4]bool{} // position → any, by class, in this segment
		for _, t := range s.Tags {
			pc := a.pos[t.Position]
			if pc == nil {
				pc = &PositionCount{Position: t.Position}
				a.pos[t.Position] = pc
			}
			c := StanceClass(t.Stance)
			pc.Tags[c]++
			f := seen[t.Position]
			if f == nil {
				f = &[4]bool{}
				seen[t.Position] = f
			}
			for _, j := range []int{0, 1 + c} {
				if !f[j] {
					f[j] = true
					pc.Segments[j]++
					if j > 0 && len(pc.First[c]) < FirstSeqs {
						pc.First[c] = append(pc.First[c], s.Seq)
					}
				}
			}
		}
	}
	out := DocCounts{Doc: doc.ID, Meta: doc.Meta}
	for _, a := range byKey {
		for g := range a.aligned {
			a.sc.AlignedWith = append(a.sc.AlignedWith, g)
		}
		slices.Sort(a.sc.AlignedWith)
		for _, pc := range a.pos {
			a.sc.Positions = append(a.sc.Positions, *pc)
		}
		slices.SortFunc(a.sc.Positions, func(x, y PositionCount) int { return strings.Compare(x.Position, y.Position) })
		out.Speakers = append(out.Speakers, a.sc)
	}
	slices.SortFunc(out.Speakers, func(x, y SpeakerCount) int {
		return cmp.Or(strings.Compare(x.Speaker.Key, y.Speaker.Key), strings.Compare(x.Speaker.Name, y.Speaker.Name),
			strings.Compare(x.Speaker.Role, y.Speaker.Role), strings.Compare(x.OnBehalfOf, y.OnBehalfOf))
	})
	return out
}

// EncodeCounts writes a document's speaker counts as compact lines, for
// the index to store: a reader decodes them many times faster than JSON.
//
//	S key name role iso3 on_behalf_of segments aligned;with
//	P position support oppose mention segments support oppose mention first,seqs first,seqs first,seqs
//
// (tab-separated; each P line belongs to the S line above it).
func EncodeCounts(speakers []SpeakerCount) string {
	var b strings.Builder
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for _, s := range speakers {
		fmt.Fprintf(&b, "S\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", clean.Replace(s.Speaker.Key), clean.Replace(s.Speaker.Name),
			clean.Replace(s.Speaker.Role), clean.Replace(s.Speaker.ISO3), clean.Replace(s.OnBehalfOf), s.Segments,
			clean.Replace(strings.Join(s.AlignedWith, ";")))
		for _, p := range s.Positions {
			fmt.Fprintf(&b, "P\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", clean.Replace(p.Position), p.Tags[0], p.Tags[1], p.Tags[2],
				p.Segments[0], p.Segments[1], p.Segments[2], p.Segments[3], seqList(p.First[0]), seqList(p.First[1]), seqList(p.First[2]))
		}
	}
	return b.String()
}

func seqList(seqs []int) string {
	parts := make([]string, len(seqs))
	for i, n := range seqs {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// DecodeCounts reads what EncodeCounts wrote.
//
// NOTE: the reports decode every document's counts (65,000 documents,
// 23 MB at 1 GB): fields are cut in place, numbers read without strconv's
// allocations, and a speaker's repeated strings shared.
func DecodeCounts(text string) ([]SpeakerCount, error) {
	var out []SpeakerCount
	var f [13]string
	n := 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		n++
		if line == "" {
			continue
		}
		k := 0
		for k < len(f) {
			i := strings.IndexByte(line, '\t')
			if i < 0 {
				f[k] = line
				k++
				break
			}
			f[k], line = line[:i], line[i+1:]
			k++
		}
		bad := func() error { return fmt.Errorf("counts line %d is not a speaker or position line", n) }
		switch {
		case k == 8 && f[0] == "S":
			segs, ok := atoi(f[6])
			if !ok {
				return nil, bad()
			}
			s := SpeakerCount{Speaker: Speaker{Key: f[1], Name: f[2], Role: f[3], ISO3: f[4]}, OnBehalfOf: f[5], Segments: segs}
			if f[7] != "" {
				s.AlignedWith = strings.Split(f[7], ";")
			}
			out = append(out, s)
		case k == 12 && f[0] == "P" && len(out) > 0:
			p := PositionCount{Position: f[1]}
			for i := range 7 {
				v, ok := atoi(f[2+i])
				if !ok {
					return nil, bad()
				}
				if i < 3 {
					p.Tags[i] = v
				} else {
					p.Segments[i-3] = v
				}
			}
			for c := range 3 {
				for list := f[9+c]; list != ""; {
					item := list
					if i := strings.IndexByte(list, ','); i >= 0 {
						item, list = list[:i], list[i+1:]
					} else {
						list = ""
					}
					v, ok := atoi(item)
					if !ok {
						return nil, bad()
					}
					p.First[c] = append(p.First[c], v)
				}
			}
			last := &out[len(out)-1]
			last.Positions = append(last.Positions, p)
		default:
			return nil, bad()
		}
	}
	return out, nil
}

// atoi reads a non-negative decimal number.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
