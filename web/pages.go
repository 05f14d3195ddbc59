package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/reports"
)

// defaultPageSize is how many hits a search page shows unless size= says.
const defaultPageSize = 20

// piece is a run of text, marked (a search term, a tagged sentence) or not.
type piece struct {
	Text string
	Mark bool
	Tags []corpus.Tag // of a tagged sentence
}

// marked splits a fragment at index.MarkStart and MarkEnd.
func marked(frag string) []piece {
	var out []piece
	for frag != "" {
		i := strings.Index(frag, index.MarkStart)
		if i < 0 {
			out = append(out, piece{Text: frag})
			break
		}
		if i > 0 {
			out = append(out, piece{Text: frag[:i]})
		}
		frag = frag[i+len(index.MarkStart):]
		j := strings.Index(frag, index.MarkEnd)
		if j < 0 {
			j = len(frag)
		}
		out = append(out, piece{Text: frag[:j], Mark: true})
		frag = strings.TrimPrefix(frag[j:], index.MarkEnd)
	}
	return out
}

// facet is one facet value as a link that adds it to the filters.
type facet struct {
	Term, Label, Href string
	Count             int
	On                bool
}

type hitView struct {
	Seg      corpus.Segment
	Pieces   []piece
	Href     string
	Stances  []string // "poa: support"
	Position int
}

type searchView struct {
	Q                        string
	Params                   map[string]string
	Positions, Stances       []string
	Kinds, Roles             []string
	Total                    uint64
	From, To                 int
	Hits                     []hitView
	Speakers, PositionFacets []facet
	Prev, Next               string
	Active                   []facet // the filters, each with a link that removes it
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := v.Get("q")
	view := searchView{Q: q, Params: map[string]string{}, Positions: h.opt.Positions,
		Stances: []string{corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention},
		Kinds:   corpus.Kinds, Roles: corpus.Roles}
	for _, k := range filterParams {
		view.Params[k] = strings.Join(list(v, k), ",")
	}
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		if len(q) > MaxQuery {
			return badf("the query is %d bytes long; the limit is %d", len(q), MaxQuery)
		}
		f, err := h.parseFilter(v)
		if err != nil {
			return err
		}
		size, err := intParam(v, "size", defaultPageSize, 1, MaxPageSize)
		if err != nil {
			return err
		}
		pg, err := intParam(v, "page", 1, 1, maxFrom/size+1)
		if err != nil {
			return err
		}
		from := (pg - 1) * size
		res, err := ix.Search(ctx, index.Query{Text: q, Filter: f, Size: size, From: from, Highlight: true, Facets: true})
		if err != nil {
			return err
		}
		keep := with(v) // q, size and the filters
		view.Total = res.Total
		view.From, view.To = from+1, from+len(res.Hits)
		for i, hit := range res.Hits {
			s := hit.Segment
			hv := hitView{Seg: s, Href: docHref(s.Doc, s.Seq), Position: from + i + 1}
			if len(hit.Fragments) > 0 {
				for j, fr := range hit.Fragments {
					if j > 0 {
						hv.Pieces = append(hv.Pieces, piece{Text: " … "})
					}
					hv.Pieces = append(hv.Pieces, marked(fr)...)
				}
			} else {
				hv.Pieces = []piece{{Text: truncate(s.Text, 300)}}
			}
			hv.Stances = tagList(s.Tags)
			view.Hits = append(view.Hits, hv)
		}
		on := func(name, term string) bool { return slices.Contains(list(v, name), term) }
		for _, fc := range res.SpeakerFacets {
			view.Speakers = append(view.Speakers, facet{Term: fc.Term, Label: speakerName(fc.Term), Count: fc.Count,
				On: on("speaker", fc.Term), Href: href("/search", addValue(keep, "speaker", fc.Term))})
		}
		for _, fc := range res.PositionFacets {
			view.PositionFacets = append(view.PositionFacets, facet{Term: fc.Term, Label: fc.Term, Count: fc.Count,
				On: on("position", fc.Term), Href: href("/search", addValue(keep, "position", fc.Term))})
		}
		for _, k := range filterParams {
			for _, val := range list(v, k) {
				view.Active = append(view.Active, facet{Term: k, Label: val, Href: href("/search", removeValue(keep, k, val))})
			}
		}
		if pg > 1 {
			view.Prev = href("/search", with(keep, "page", strconv.Itoa(pg-1)))
		}
		if uint64(from+size) < res.Total && from+size <= maxFrom {
			view.Next = href("/search", with(keep, "page", strconv.Itoa(pg+1)))
		}
		title := "Search"
		if q != "" {
			title = "Search: " + q
		}
		h.render(w, http.StatusOK, "search", page{Title: title, Path: "/search", Data: view})
		return nil
	})
}

// addValue adds a value to a list parameter, unless it is there.
func addValue(v url.Values, name, value string) url.Values {
	vals := list(v, name)
	if !slices.Contains(vals, value) {
		vals = append(vals, value)
	}
	return with(v, name, strings.Join(vals, ","))
}

// removeValue removes a value from a list parameter.
func removeValue(v url.Values, name, value string) url.Values {
	vals := slices.DeleteFunc(list(v, name), func(s string) bool { return s == value })
	return with(v, name, strings.Join(vals, ","))
}

// intParam reads a whole number within [lo, hi]; absent is def.
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badf("%s %q: want a number from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// tagList lists a segment's distinct position:stance pairs.
func tagList(tags []corpus.Tag) []string {
	var out []string
	for _, t := range tags {
		s := t.Position + ": " + t.Stance
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// speakerName is the canonical name of a key, or the key.
func speakerName(key string) string {
	if sp, ok := corpus.Default().Key(key); ok {
		return sp.Name
	}
	return key
}

// docRow is a document in the list.
type docRow struct {
	Info index.DocInfo
	Href string
}

func (h *Handler) documents(w http.ResponseWriter, r *http.Request) {
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		docs, err := ix.Documents(ctx)
		if err != nil {
			return err
		}
		slices.SortStableFunc(docs, func(a, b index.DocInfo) int { return cmp.Compare(b.Meta.Date, a.Meta.Date) })
		var rows []docRow
		for _, d := range docs {
			rows = append(rows, docRow{Info: d, Href: docHref(d.ID, 0)})
		}
		h.render(w, http.StatusOK, "documents", page{Title: "Documents", Path: "/docs", Data: rows})
		return nil
	})
}

// segView is a segment on a document or speaker page.
type segView struct {
	Seg    corpus.Segment
	Pieces []piece
	Href   string
}

type documentView struct {
	Info     index.DocInfo
	Segments []segView
}

func (h *Handler) document(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		info, ok, err := ix.Document(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			return notFound{"no document " + strconv.Quote(id) + " in the index; the documents page lists them"}
		}
		view := documentView{Info: info}
		err = ix.Segments(ctx, index.Filter{Docs: []string{id}}, func(s corpus.Segment) error {
			view.Segments = append(view.Segments, segView{Seg: s, Pieces: tagged(s), Href: docHref(s.Doc, s.Seq)})
			return nil
		})
		if err != nil {
			return err
		}
		title := info.Meta.Title
		if title == "" {
			title = id
		}
		h.render(w, http.StatusOK, "document", page{Title: title, Path: "/docs", Data: view})
		return nil
	})
}

// tagged splits a segment's text at its tags' sentences (byte offsets),
// each tagged sentence one marked piece with its tags. A tag whose span
// overlaps another's, or does not fit the text, is not marked (it is still
// listed under the segment).
func tagged(s corpus.Segment) []piece {
	tags := slices.Clone(s.Tags)
	slices.SortStableFunc(tags, func(a, b corpus.Tag) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	var out []piece
	at := 0
	for i := 0; i < len(tags); {
		t := tags[i]
		j := i + 1
		for j < len(tags) && tags[j].Start == t.Start && tags[j].End == t.End {
			j++
		}
		if t.Start >= at && t.Start < t.End && t.End <= len(s.Text) {
			if t.Start > at {
				out = append(out, piece{Text: s.Text[at:t.Start]})
			}
			out = append(out, piece{Text: s.Text[t.Start:t.End], Mark: true, Tags: tags[i:j]})
			at = t.End
		}
		i = j
	}
	if at < len(s.Text) {
		out = append(out, piece{Text: s.Text[at:]})
	}
	return out
}

// reportOptions reads the inclusions of the position table.
func reportOptions(v url.Values, positions []string, stance string) reports.Options {
	yes := func(k string) bool { return v.Get(k) == "1" || v.Get(k) == "on" }
	return reports.Options{Positions: positions, IncludeChair: yes("chair"), IncludeNonState: yes("nonstate"),
		IncludeAllKinds: yes("allkinds"), Stance: stance, Evidence: 1}
}

type cellView struct {
	Cell     *reports.Cell
	Position string
	Href     string
	Symbol   string
	Quote    string
}

type rowView struct {
	Speaker corpus.Speaker
	Href    string
	Cells   []cellView
}

type positionsView struct {
	Positions []string
	Rows      []rowView
	CSV, JSON string
	Params    map[string]string
	Incl      map[string]bool
	Stances   []string
}

// positionTable builds the table of the request's filters.
func (h *Handler) positionTable(ctx context.Context, ix *index.Index, v url.Values) (*reports.PositionTable, index.Filter, error) {
	f, err := h.parseFilter(v)
	if err != nil {
		return nil, f, err
	}
	cols := f.Positions
	if len(cols) == 0 {
		cols = h.opt.Positions
	}
	tagged := f
	tagged.Tagged = true
	t, err := reports.Positions(pipeline.Source(ctx, ix, tagged), reportOptions(v, cols, f.Stance))
	return t, f, err
}

func (h *Handler) positions(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		t, _, err := h.positionTable(ctx, ix, v)
		if err != nil {
			return err
		}
		keep := filterValues(v)
		view := positionsView{Positions: t.Positions, Params: map[string]string{}, Incl: map[string]bool{},
			Stances: []string{corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention}}
		for _, k := range filterParams {
			view.Params[k] = strings.Join(list(v, k), ",")
		}
		all := with(v)
		for _, k := range []string{"chair", "nonstate", "allkinds"} {
			view.Incl[k] = v.Get(k) != ""
		}
		view.CSV, view.JSON = href("/positions.csv", all), href("/positions.json", all)
		for _, row := range t.Rows {
			rv := rowView{Speaker: row.Speaker, Href: speakerHref(row.Speaker.Key)}
			for i, c := range row.Cells {
				cv := cellView{Cell: c, Position: t.Positions[i]}
				if c != nil {
					cv.Symbol = reports.Symbol(c.Stance)
					cv.Href = href("/search", with(keep, "speaker", row.Speaker.Key, "position", t.Positions[i]))
					if len(c.Evidence) > 0 {
						cv.Quote = c.Evidence[0].Sentence
					}
				}
				rv.Cells = append(rv.Cells, cv)
			}
			view.Rows = append(view.Rows, rv)
		}
		h.render(w, http.StatusOK, "positions", page{Title: "Positions by speaker", Path: "/positions", Data: view})
		return nil
	})
}

// positionsFile downloads the table as CSV or JSON (reports.Render).
func (h *Handler) positionsFile(w http.ResponseWriter, r *http.Request) {
	format, ctype := "csv", "text/csv; charset=utf-8"
	if strings.HasSuffix(r.URL.Path, ".json") {
		format, ctype = "json", "application/json"
	}
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		t, _, err := h.positionTable(ctx, ix, r.URL.Query())
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="positions.`+format+`"`)
		return reports.Render(w, format, t, reports.Info{Title: "Positions by speaker"})
	})
}

func (h *Handler) speakers(w http.ResponseWriter, r *http.Request) {
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		l, err := reports.Speakers(pipeline.Source(ctx, ix, index.Filter{}))
		if err != nil {
			return err
		}
		h.render(w, http.StatusOK, "speakers", page{Title: "Speakers", Path: "/speakers", Data: l.Speakers})
		return nil
	})
}

type speakerView struct {
	Stat     reports.SpeakerStat
	Cells    []cellView
	Segments []segView
	More     int
	Search   string
}

// maxSpeakerSegments bounds the segments a speaker page lists.
const maxSpeakerSegments = 200

// speaker shows a speaker's stances with quotes, from the counts (as
// oewg positions --speaker), and its first turns by date, one search.
//
// NOTE: reading every turn of a speaker cost 1.2 s a page at 100 MB
// (Kenya has thousands); the counts and one page of hits do not grow with
// the corpus.
func (h *Handler) speaker(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	h.withIndex(w, r, func(ctx context.Context, ix *index.Index) error {
		own := index.Filter{Speaker: key}
		// NOTE: the speaker's counts are read once for its stats, its
		// stances and where its first turns are.
		src, counts, err := reports.Cache(pipeline.Source(ctx, ix, own))
		if err != nil {
			return err
		}
		l, err := reports.Speakers(src)
		if err != nil {
			return err
		}
		if len(l.Speakers) == 0 {
			return notFound{"no segment of speaker " + strconv.Quote(key) + " in the index; the speakers page lists them"}
		}
		opt := reports.Options{Positions: h.opt.Positions, IncludeChair: true, IncludeNonState: true, IncludeAllKinds: true, Evidence: 3}
		// NOTE: Positions passes over speakers without tags itself.
		t, err := reports.Positions(src, opt)
		if err != nil {
			return err
		}
		view := speakerView{Stat: l.Speakers[0], Search: href("/search", url.Values{"speaker": {key}})}
		if len(t.Rows) > 0 {
			for i, c := range t.Rows[0].Cells {
				cv := cellView{Cell: c, Position: t.Positions[i]}
				if c != nil {
					cv.Symbol = reports.Symbol(c.Stance)
					cv.Href = href("/search", url.Values{"speaker": {key}, "position": {t.Positions[i]}})
				}
				view.Cells = append(view.Cells, cv)
			}
		}
		// Its first turns by date are in its earliest documents: only
		// those are searched (sorting all its turns cost the page of a
		// speaker with 50,000 of them half a second at 1 GB).
		slices.SortFunc(counts, func(a, b corpus.DocCounts) int {
			if (a.Meta.Date == "") != (b.Meta.Date == "") {
				return cmp.Compare(b.Meta.Date, a.Meta.Date) // undated last
			}
			return cmp.Or(cmp.Compare(a.Meta.Date, b.Meta.Date), cmp.Compare(a.Doc, b.Doc))
		})
		first := own
		for n := 0; n < maxSpeakerSegments && len(first.Docs) < len(counts); {
			dc := counts[len(first.Docs)]
			first.Docs = append(first.Docs, dc.Doc)
			for _, sc := range dc.Speakers {
				n += sc.Segments
			}
		}
		res, err := ix.Search(ctx, index.Query{Filter: first, Size: maxSpeakerSegments, Sort: []string{"date", "doc", "seq"}})
		if err != nil {
			return err
		}
		res.Total = uint64(l.Speakers[0].Segments)
		view.More = int(res.Total) - len(res.Hits)
		for _, hit := range res.Hits {
			s := hit.Segment
			view.Segments = append(view.Segments, segView{Seg: s, Pieces: []piece{{Text: truncate(s.Text, 400)}}, Href: docHref(s.Doc, s.Seq)})
		}
		h.render(w, http.StatusOK, "speaker", page{Title: view.Stat.Speaker.Name, Path: "/speakers", Data: view})
		return nil
	})
}
