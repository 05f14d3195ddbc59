package reports

import (
	"maps"
	"sync"

	"cmp"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"slices"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// Options say which tags count and how much evidence to keep.
type Options struct {
	// Positions are the position ids to report, in column order; tags of
	// other positions are ignored. Empty: every position seen, sorted.
	Positions []string
	// IncludeChair adds chair turns; IncludeNonState adds groups,
	// organisations, stakeholders, the secretariat and unknown speakers.
	// By default only delegations (States) count.
	IncludeChair, IncludeNonState bool
	// IncludeAllKinds counts concept notes and other papers, which are not
	// State positions and are left out by default.
	IncludeAllKinds bool
	// Stance, if set, counts only tags of this stance; mixed counts every
	// tag and keeps only the cells whose aggregate is mixed.
	Stance string
	// Evidence is how many quotes to keep per cell.
	Evidence int
}

// counts reports whether the tags of a speaker of this role, in a
// document of this kind, count under o.
func (o Options) counts(kind, role string) bool {
	if !o.IncludeAllKinds && (kind == corpus.KindConceptNote || kind == corpus.KindOther) {
		return false
	}
	switch role {
	case corpus.RoleDelegation:
		return true
	case corpus.RoleChair:
		return o.IncludeChair
	}
	return o.IncludeNonState
}

// Evidence is one quoted sentence that supports a cell.
type Evidence struct {
	// Doc and Seq locate the segment.
	Doc string `json:"doc"`
	Seq int    `json:"seq"`
	// Sentence is the tag's sentence.
	Sentence string `json:"sentence"`
	// Date is the document's date, if known; Source the URL it was
	// published at.
	Date   string `json:"date,omitempty"`
	Source string `json:"source,omitempty"`

	stance string
	start  int
}

// better orders evidence best first: support or oppose before mention,
// then the earliest (by date, undated last; then document, seq, offset).
func better(a, b Evidence) int {
	ra, rb := a.stance == corpus.StanceMention, b.stance == corpus.StanceMention
	if ra != rb {
		if rb {
			return -1
		}
		return 1
	}
	if (a.Date == "") != (b.Date == "") {
		if a.Date == "" {
			return 1
		}
		return -1
	}
	return cmp.Or(strings.Compare(a.Date, b.Date), strings.Compare(a.Doc, b.Doc), cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.start, b.start))
}

// Cell is one speaker's aggregate stance on one position (an element of
// `positions --format json`).
type Cell struct {
	// Speaker took the stance.
	Speaker corpus.Speaker `json:"speaker"`
	// Position is the position id.
	Position string `json:"position"`
	// Stance is support, oppose, mixed (both) or mention.
	Stance string `json:"stance"`
	// Segments and Documents count where the speaker expressed it.
	Segments  int `json:"segments"`
	Documents int `json:"documents"`
	// Evidence are the best quotes, at most Options.Evidence.
	Evidence []Evidence `json:"evidence"`
}

// acc accumulates one cell.
type acc struct {
	support, oppose, mention int
	segments                 int
	// docs are the documents behind the cell; a document's counts come
	// together, so a new one is never the last seen. lastDoc is the
	// aggregator's number of the last (aggregator.docN).
	docs    []string
	lastDoc int
	// ev holds the best quotes of each stance (support, oppose, mention),
	// so that a mixed cell can quote both sides.
	ev [3][]Evidence
	// at are, by stance class, the best places of quotes the counts gave
	// (the first segments of each document).
	at     [3][]place
	placed [3]bool // quoted from at
}

// place is where a quote is: a segment, and its document's date.
type place struct {
	doc, date string
	seq       int
}

func betterPlace(a, b place) int {
	if (a.date == "") != (b.date == "") {
		if a.date == "" {
			return 1
		}
		return -1
	}
	// NOTE: one comparison at a time: cmp.Or's arguments are all computed,
	// and most places differ by date.
	if c := strings.Compare(a.date, b.date); c != 0 {
		return c
	}
	if c := strings.Compare(a.doc, b.doc); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

func stanceClass(stance string) int {
	switch stance {
	case corpus.StanceSupport:
		return 0
	case corpus.StanceOppose:
		return 1
	}
	return 2
}

// evidence returns the best keep quotes; a mixed cell alternates support
// and oppose quotes, so that even one quote per side shows the mix.
func (a *acc) evidence(keep int) []Evidence {
	out := []Evidence{}
	if a.stance() == corpus.StanceMixed {
		first, second := a.ev[0], a.ev[1]
		if len(first) == 0 || (len(second) > 0 && better(second[0], first[0]) < 0) {
			first, second = second, first
		}
		for len(out) < keep && (len(first) > 0 || len(second) > 0) {
			if len(first) > 0 {
				out, first = append(out, first[0]), first[1:]
			}
			// Take the other side next.
			first, second = second, first
		}
		return out
	}
	for _, class := range a.ev {
		out = append(out, class...)
	}
	slices.SortStableFunc(out, better)
	if len(out) > keep {
		out = out[:keep]
	}
	return out
}

func (a *acc) stance() string {
	switch {
	case a.support > 0 && a.oppose > 0:
		return corpus.StanceMixed
	case a.support > 0:
		return corpus.StanceSupport
	case a.oppose > 0:
		return corpus.StanceOppose
	}
	return corpus.StanceMention
}

// addCount adds a document's count of one position to the cell; with a
// stance (not mixed) only that stance's tags and segments count. It
// reports whether anything counted.
func (a *acc) addCount(doc string, docN int, pc corpus.PositionCount, stance string) bool {
	n := [3]int{}
	segs := pc.Segments[0]
	if stance == "" || stance == corpus.StanceMixed {
		n = pc.Tags
	} else {
		c := corpus.StanceClass(stance)
		n[c], segs = pc.Tags[c], pc.Segments[1+c]
	}
	if n == [3]int{} {
		return false
	}
	a.support += n[corpus.ClassSupport]
	a.oppose += n[corpus.ClassOppose]
	a.mention += n[corpus.ClassMention]
	a.segments += segs
	// NOTE: by number: comparing the last id cost a cache miss per count.
	if a.lastDoc != docN {
		a.lastDoc = docN
		a.docs = append(a.docs, doc)
	}
	return true
}

// addPlaces remembers where a document's quotes of the cell are, keeping
// the best keep of each class.
func (a *acc) addPlaces(doc, date string, pc corpus.PositionCount, keep int) {
	for c := range 3 {
		if pc.Tags[c] == 0 {
			continue
		}
		for _, seq := range pc.First[c] {
			p := place{doc, date, seq}
			if n := len(a.at[c]); n == keep && betterPlace(p, a.at[c][n-1]) >= 0 {
				break // the document's later seqs are no better
			}
			i, _ := slices.BinarySearchFunc(a.at[c], p, betterPlace)
			if i < keep {
				a.at[c] = slices.Insert(a.at[c], i, p)
				if len(a.at[c]) > keep {
					a.at[c] = a.at[c][:keep]
				}
			}
		}
	}
}

// addEvidence offers the sentence of s's tag t as a quote of the cell,
// keeping the best keep of its stance class.
func (a *acc) addEvidence(s *corpus.Segment, t corpus.Tag, keep int) {
	e := Evidence{Doc: s.Doc, Seq: s.Seq, Sentence: t.Sentence, Source: s.Source, Date: s.Date, stance: t.Stance, start: t.Start}
	c := stanceClass(t.Stance)
	for _, o := range a.ev[c] {
		if o.Sentence == e.Sentence {
			return
		}
	}
	// NOTE: keep only the best few of each stance, so memory does not grow
	// with the corpus.
	i, _ := slices.BinarySearchFunc(a.ev[c], e, better)
	if i < keep {
		a.ev[c] = slices.Insert(a.ev[c], i, e)
		if len(a.ev[c]) > keep {
			a.ev[c] = a.ev[c][:keep]
		}
	}
}

// cellKey identifies a cell: a speaker key, the session or process of a
// comparison by group (zero in the other reports), and a position.
type cellKey struct {
	row      string
	grp      group
	position string
}

// aggregator gathers cells over a stream of segments.
type aggregator struct {
	opt      Options
	speakers map[string]corpus.Speaker // first seen name and role per key
	cells    map[cellKey]*acc
	seen     map[string]bool // positions seen
	want     map[string]bool // Options.Positions, nil for all
	// docN numbers the documents as they come (lastID the last's id).
	docN   int
	lastID string
	// groups are, in a comparison by group, the speakers of each group
	// with a tag (counted or not).
	groups map[group]map[string]bool
}

// inGroup remembers that a speaker with tags spoke in a group.
func (g *aggregator) inGroup(gr group, speaker string) {
	if g.groups == nil {
		g.groups = map[group]map[string]bool{}
	}
	if g.groups[gr] == nil {
		g.groups[gr] = map[string]bool{}
	}
	g.groups[gr][speaker] = true
}

func newAggregator(opt Options) *aggregator {
	g := &aggregator{opt: opt, speakers: map[string]corpus.Speaker{}, cells: map[cellKey]*acc{}, seen: map[string]bool{}}
	if len(opt.Positions) > 0 {
		g.want = map[string]bool{}
		for _, p := range opt.Positions {
			g.want[p] = true
		}
	}
	return g
}

// join adds the sums of o, an aggregator of the counts that come after
// g's, to g: as if g had added o's counts itself.
func (g *aggregator) join(o *aggregator) {
	for k, sp := range o.speakers {
		if _, ok := g.speakers[k]; !ok {
			g.speakers[k] = sp
		}
	}
	for p := range o.seen {
		g.seen[p] = true
	}
	for gr, speakers := range o.groups {
		for sp := range speakers {
			g.inGroup(gr, sp)
		}
	}
	for k, b := range o.cells {
		a := g.cells[k]
		if a == nil {
			g.cells[k] = b
			continue
		}
		a.support += b.support
		a.oppose += b.oppose
		a.mention += b.mention
		a.segments += b.segments
		// NOTE: a document's counts are in one part: the lists are apart.
		a.docs = append(a.docs, b.docs...)
		for c := range a.at {
			a.at[c] = append(a.at[c], b.at[c]...)
			slices.SortFunc(a.at[c], betterPlace)
			a.at[c] = a.at[c][:min(len(a.at[c]), g.opt.Evidence+2)]
		}
	}
}

// see remembers the first name and role seen for a speaker's key.
func (g *aggregator) see(sp corpus.Speaker) {
	if _, ok := g.speakers[sp.Key]; !ok {
		g.speakers[sp.Key] = sp
	}
}

// add counts a speaker's tags in one document under the row key and
// group; it reports whether any counted.
func (g *aggregator) add(gr group, row, doc string, sc *corpus.SpeakerCount) bool {
	return g.addDated(gr, row, doc, "", sc)
}

// addDated is add, remembering where the quotes are (the document's date
// orders them).
func (g *aggregator) addDated(gr group, row, doc, date string, sc *corpus.SpeakerCount) bool {
	if doc != g.lastID || g.docN == 0 {
		g.docN, g.lastID = g.docN+1, doc
	}
	any := false
	for _, pc := range sc.Positions {
		if g.want != nil && !g.want[pc.Position] {
			continue
		}
		k := cellKey{row, gr, pc.Position}
		a := g.cells[k]
		if a == nil {
			a = &acc{}
			if !a.addCount(doc, g.docN, pc, g.opt.Stance) {
				continue
			}
			g.cells[k] = a
			g.seen[pc.Position] = true
		} else if !a.addCount(doc, g.docN, pc, g.opt.Stance) {
			continue
		}
		if g.opt.Evidence > 0 {
			if g.opt.Stance != "" && g.opt.Stance != corpus.StanceMixed {
				// Only the filter's stance counts: only its quotes.
				c := corpus.StanceClass(g.opt.Stance)
				only := corpus.PositionCount{Position: pc.Position}
				only.Tags[c], only.First[c] = pc.Tags[c], pc.First[c]
				pc = only
			}
			a.addPlaces(doc, date, pc, g.opt.Evidence+2)
		}
		any = true
	}
	return any
}

// quote fetches the evidence of the cells kept (Options.Evidence per
// cell), from the cell's own segments only: support and oppose, then
// mentions where those are too few.
func (g *aggregator) quote(src Source) error {
	keep := g.opt.Evidence
	if keep <= 0 {
		return nil
	}
	if keep <= corpus.FirstSeqs && src.Segments != nil {
		if err := g.quotePlaced(src.Segments, keep); err != nil {
			return err
		}
	}
	if src.Quotes == nil {
		return nil
	}
	quotes := src.Quotes
	for k, a := range g.cells {
		counts := [3]int{a.support, a.oppose, a.mention}
		for class := range 3 {
			if counts[class] == 0 || a.placed[class] || (class == corpus.ClassMention && len(a.ev[0])+len(a.ev[1]) >= keep) {
				continue
			}
			// NOTE: a few more segments than quotes, as quotes of the same
			// words in two turns count once.
			segs, err := quotes(k.row, k.position, class, keep+2)
			if err != nil {
				return err
			}
			for i := range segs {
				for _, t := range segs[i].Tags {
					if t.Position == k.position && corpus.StanceClass(t.Stance) == class {
						a.addEvidence(&segs[i], t, keep)
					}
				}
			}
		}
	}
	return nil
}

// quotePlaced fetches the quotes whose places the counts give, by id, in
// rounds: each round takes, for every cell, only the next places of the
// stance classes its evidence still lacks, in the order evidence() uses
// them. Places are kept best first and a quote of a later place never
// beats one of an earlier, so most cells cost one segment, where fetching
// every place cost up to nine.
func (g *aggregator) quotePlaced(fetch func(ids []string) ([]corpus.Segment, error), keep int) error {
	type want struct {
		row, position string
		a             *acc
		class         int
		p             place
	}
	for _, a := range g.cells {
		for c := range 3 {
			// NOTE: a class the counts place is quoted from its places
			// only, even where they give fewer quotes than asked for.
			a.placed[c] = len(a.at[c]) > 0
		}
	}
	for {
		var wants []want
		var ids []string
		for k, a := range g.cells {
			for _, c := range a.lacking(keep) {
				n := min(keep-len(a.ev[c]), len(a.at[c]))
				for _, p := range a.at[c][:n] {
					wants = append(wants, want{k.row, k.position, a, c, p})
					ids = append(ids, corpus.SegmentID(p.doc, p.seq))
				}
				a.at[c] = a.at[c][n:]
			}
		}
		if len(wants) == 0 {
			return nil
		}
		segs, err := fetch(ids)
		if err != nil {
			return err
		}
		byID := make(map[string]*corpus.Segment, len(segs))
		for i := range segs {
			byID[corpus.SegmentID(segs[i].Doc, segs[i].Seq)] = &segs[i]
		}
		for _, w := range wants {
			s := byID[corpus.SegmentID(w.p.doc, w.p.seq)]
			if s == nil || s.Speaker.Key != w.row {
				continue
			}
			for _, t := range s.Tags {
				if t.Position == w.position && corpus.StanceClass(t.Stance) == w.class {
					w.a.addEvidence(s, t, keep)
				}
			}
		}
	}
}

// lacking lists the stance classes whose quotes the cell's evidence still
// needs and whose places are left: both sides of a mixed cell; else
// support or oppose, and mentions only once those are spent and too few.
func (a *acc) lacking(keep int) []int {
	var out []int
	for c := range 2 {
		if len(a.ev[c]) < keep && len(a.at[c]) > 0 {
			out = append(out, c)
		}
	}
	if len(out) == 0 && a.stance() != corpus.StanceMixed && len(a.ev[0])+len(a.ev[1]) < keep && len(a.at[2]) > 0 {
		out = append(out, corpus.ClassMention)
	}
	return out
}

// done ends the aggregation: with Options.Stance mixed, the cells whose
// aggregate is not mixed are dropped.
func (g *aggregator) done() {
	if g.opt.Stance != corpus.StanceMixed {
		return
	}
	for k, a := range g.cells {
		if a.stance() != corpus.StanceMixed {
			delete(g.cells, k)
		}
	}
}

// docIDs lists the documents behind the cells kept, sorted.
//
// NOTE: only the HTML report lists them (DocIDs): at 1 GB, gathering them
// costs a comparison as much again, so the reports keep this method, not
// its answer.
func (g *aggregator) docIDs() []string {
	set := map[string]bool{}
	for _, a := range g.cells {
		for _, d := range a.docs {
			set[d] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// docList gives the documents behind a report's cells, when asked for.
type docList func() []string

func (d docList) documents() []string {
	if d == nil {
		return nil
	}
	return d()
}

// DocIDs lists the documents behind a report's cells (a position table or
// comparison), sorted; nil for a report without any.
func DocIDs(r Report) []string {
	if d, ok := r.(interface{ documents() []string }); ok {
		return d.documents()
	}
	return nil
}

func (g *aggregator) positions() []string {
	if len(g.opt.Positions) > 0 {
		return g.opt.Positions
	}
	return slices.Sorted(maps.Keys(g.seen))
}

func (g *aggregator) cell(row, position string) *Cell {
	a := g.cells[cellKey{row: row, position: position}]
	if a == nil {
		return nil
	}
	return &Cell{Speaker: g.speakers[row], Position: position, Stance: a.stance(),
		Segments: a.segments, Documents: len(a.docs), Evidence: a.evidence(g.opt.Evidence)}
}

// nameOrder collates names as an English reader expects: "Côte d'Ivoire"
// between "Costa Rica" and "Croatia", case and accents ignored.
// NOTE: a Collator keeps buffers and is not safe for concurrent use, hence
// the mutex.
var (
	nameOrderMu sync.Mutex
	nameOrder   = collate.New(language.English, collate.Loose)
)

// bySpeakerName orders speakers by name (collated), then key.
func bySpeakerName(a, b corpus.Speaker) int {
	nameOrderMu.Lock()
	c := nameOrder.CompareString(a.Name, b.Name)
	nameOrderMu.Unlock()
	return cmp.Or(c, strings.Compare(a.Key, b.Key))
}
