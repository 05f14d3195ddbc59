package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segjson "github.com/segmentio/encoding/json"

	"github.com/oewg/oewg/corpus"
)

// pageSize is how many hits Segments and internal scans fetch at a time.
const pageSize = 1000

// DateLayout is the layout of Filter.From and Filter.To.
const DateLayout = "2006-01-02"

// Filter narrows searches and reports. Zero fields do not filter; a list
// matches any of its values.
type Filter struct {
	// Speakers are speaker keys; a segment matches if its speaker, or the
	// group it speaks on behalf of, is one of them.
	Speakers []string
	// Speaker is one speaker key that must be the segment's own speaker
	// (not a group it spoke for): a table cell's row.
	Speaker string
	// Positions are position ids; a segment matches if it has a tag for one.
	Positions []string
	// Stance keeps segments with a tag of this stance — for one of
	// Positions, when given (the same tag must have both).
	Stance string
	// Kind and Process match the document's metadata exactly.
	Kind, Process string
	// Session matches the session number; 0 does not filter.
	Session int
	// From and To bound the date, inclusive, as YYYY-MM-DD; undated
	// segments never match a date bound.
	From, To string
	// Roles are speaker roles (delegation, chair, …).
	Roles []string
	// Tagged keeps segments with at least one tag: all that the position
	// table and comparisons read.
	Tagged bool
	// Docs are document ids; a segment matches if it is in one of them.
	Docs []string
}

// Query is a search.
type Query struct {
	// Text is in bleve query-string syntax; "" matches everything.
	Text string
	Filter
	// Size and From page through the hits; Size 0 means 10.
	Size, From int
	// Highlight asks for Hit.Fragments.
	Highlight bool
	// Facets asks for Results.SpeakerFacets and PositionFacets.
	Facets bool
	// Sort orders the hits of a query without text: bleve sort fields
	// ("date", "-date", "doc", "seq"); default the index's id order.
	Sort []string
}

// Hit is one matching segment.
type Hit struct {
	// Segment is the segment, rebuilt exactly as it was indexed.
	Segment corpus.Segment
	// Score is bleve's relevance score.
	Score float64
	// Fragments are excerpts of the text with matched terms marked
	// «like this» (MarkStart, MarkEnd).
	Fragments []string
	// Matches are the byte spans of the matched words in the segment's
	// text, in text order (with Highlight): what a concordance centres on.
	Matches []corpus.Span
}

// FacetCount is the number of matching segments with one value of a field.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Results are a page of hits.
type Results struct {
	// Total is the number of matching segments.
	Total uint64
	// Hits are the page asked for, best first.
	Hits []Hit
	// SpeakerFacets (speaker keys) and PositionFacets (position ids), most
	// frequent first, if asked for.
	SpeakerFacets, PositionFacets []FacetCount
}

// facetSize bounds the facet lists.
const facetSize = 50

func termQ(field, term string) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func anyOf(field string, terms []string) query.Query {
	if len(terms) == 1 {
		return termQ(field, terms[0])
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := termQ(field, t)
		tq.SetBoost(0)
		qs[i] = tq
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// unscored is a filter: its searcher reads no term frequencies, norms or
// positions and scores nothing, which also lets bleve merge a disjunction
// of terms (a date range, several speakers) as one bitmap. Under a scored
// query it weighs nothing either.
type unscored struct{ query.Query }

func (u unscored) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	scored := o.Score != "none"
	o.Score, o.IncludeTermVectors, o.Explain = "none", false, false
	s, err := u.Query.Searcher(ctx, i, m, o)
	if err != nil || !scored {
		return s, err
	}
	return weightless{s}, nil
}

// weightless is a filter's searcher under a scored query: it adds nothing
// to the query norm, so that the filter's terms do not scale the scores
// (a disjunction of two speakers would otherwise weigh 1 despite boost 0).
type weightless struct{ search.Searcher }

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}

// ParseDate checks a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return t, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// queries returns the filter as a list of queries to conjoin; the first
// keeps segment records only.
func (f Filter) queries() ([]query.Query, error) {
	qs := []query.Query{termQ("type", typeSegment)}
	if len(f.Speakers) > 0 {
		qs = append(qs, anyOf("speakers", f.Speakers))
	}
	switch {
	case len(f.Positions) > 0 && f.Stance != "":
		ps := make([]string, len(f.Positions))
		for i, p := range f.Positions {
			ps[i] = p + ":" + f.Stance
		}
		qs = append(qs, anyOf("pos_stance", ps))
	case len(f.Positions) > 0:
		qs = append(qs, anyOf("positions", f.Positions))
	case f.Stance != "":
		qs = append(qs, termQ("stances", f.Stance))
	}
	if f.Kind != "" {
		qs = append(qs, termQ("kind", f.Kind))
	}
	if f.Process != "" {
		qs = append(qs, termQ("process", f.Process))
	}
	if f.Session != 0 {
		n := float64(f.Session)
		yes := true
		q := bleve.NewNumericRangeInclusiveQuery(&n, &n, &yes, &yes)
		q.SetField("session")
		qs = append(qs, q)
	}
	if f.From != "" || f.To != "" {
		var from, to time.Time
		var err error
		if f.From != "" {
			if from, err = ParseDate(f.From); err != nil {
				return nil, err
			}
		}
		if f.To != "" {
			if to, err = ParseDate(f.To); err != nil {
				return nil, err
			}
		}
		yes := true
		q := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
		q.SetField("date")
		qs = append(qs, q)
	}
	if len(f.Roles) > 0 {
		qs = append(qs, anyOf("role", f.Roles))
	}
	if f.Speaker != "" {
		qs = append(qs, termQ("speaker", f.Speaker))
	}
	if len(f.Docs) > 0 {
		qs = append(qs, anyOf("doc", f.Docs))
	}
	// NOTE: filters must not change relevance (a rare speaker key would
	// otherwise lift its segments); with boost 0 they only select, and
	// unscored they read no frequencies or norms.
	for i, q := range qs {
		if b, ok := q.(query.BoostableQuery); ok {
			b.SetBoost(0)
		}
		qs[i] = unscored{q}
	}
	return qs, nil
}

// filterQueries is f.queries with Tagged: a segment has a tag if its
// positions field holds any of the index's position ids.
func (ix *Index) filterQueries(f Filter) ([]query.Query, error) {
	qs, err := f.queries()
	if err != nil || !f.Tagged {
		return qs, err
	}
	ids, err := ix.fieldTerms("positions")
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return append(qs, bleve.NewMatchNoneQuery()), nil
	}
	// NOTE: a filter, as f.queries makes them: it weighs nothing, and
	// reads no frequencies or norms (nor, walked, any posting of its own).
	q := anyOf("positions", ids)
	q.(query.BoostableQuery).SetBoost(0)
	return append(qs, unscored{q}), nil
}

// fieldTerms lists a field's terms in every shard, sorted.
func (ix *Index) fieldTerms(field string) ([]string, error) {
	var all []string
	for _, s := range ix.shards {
		fd, err := s.bi.FieldDict(field)
		if err != nil {
			return nil, err
		}
		terms, err := dictTerms(fd)
		if err != nil {
			return nil, err
		}
		all = append(all, terms...)
	}
	slices.Sort(all)
	return slices.Compact(all), nil
}

// dictTerms lists a field's terms and closes the dictionary.
func dictTerms(fd bleveindex.FieldDict) ([]string, error) {
	defer fd.Close()
	var terms []string
	for {
		e, err := fd.Next()
		if err != nil || e == nil {
			return terms, err
		}
		terms = append(terms, e.Term)
	}
}

// conjoin is the conjunction of qs, or qs[0] alone: bleve does not
// collapse a conjunction of one, whose searcher costs a step per match.
func conjoin(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// Search runs a query.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	// NOTE: building the columns costs a pass over some fields' posting
	// lists (300 ms at 1 GB), more than bleve's facets and filters cost
	// one search: the first search reads them from the column file a
	// reader left (a few ms), else does without; the second search of an
	// open index builds them, and saves them for the next process.
	var shardCols [][]*facetColumn
	listing := strings.TrimSpace(q.Text) == "" && len(q.Sort) == 0
	if ix.readOnly && (q.Facets || q.Filter.columnTests() != nil || listing) {
		var err error
		shardCols, err = ix.shardColumns(ctx, ix.columnSearches.Add(1) > 1)
		if err != nil && !errors.Is(err, errNoColumns) {
			return nil, err
		}
	}
	f := q.Filter
	var tests []columnTest
	if shardCols != nil {
		tests = f.columnTests()
		f.Roles, f.Kind = nil, ""
	}
	qs, err := ix.filterQueries(f)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(q.Text)
	var words []string  // of phrases the pairs field answers, to highlight
	var walk []walkTerm // the terms, if the query is one the walk ranks
	var filters [][]walkTerm
	if text != "" {
		tq, onlySegments, ws, err := textQuery(text, ix.mapping)
		if err != nil {
			return nil, &QueryError{Query: q.Text, Err: err}
		}
		// NOTE: the type filter is one more posting list as long as the
		// index, walked beside every match; a query that can only match
		// segments does without it.
		if onlySegments {
			qs = qs[1:]
		}
		if terms, ok := walkTerms(tq, ix.mapping); ok && len(q.Sort) == 0 && !ix.noWalk {
			if filters, ok = termFilters(qs, ix.mapping); ok {
				walk = terms
			}
		}
		qs, words = append(qs, tq), ws
	}
	size := q.Size
	if size <= 0 {
		size = 10
	}
	all := conjoin(qs)
	if tests != nil {
		all = columnFiltered{Query: all, tests: tests}
	}
	req := bleve.NewSearchRequestOptions(all, size, q.From, false)
	req.Fields = []string{"raw", "text"}
	var fcs []*facetCounter // by shard
	if q.Facets && shardCols != nil {
		for _, cols := range shardCols {
			fcs = append(fcs, newFacetCounter(cols[:len(facetFields)]))
		}
	}
	if q.Facets && fcs == nil {
		req.AddFacet("speaker", bleve.NewFacetRequest("speaker", facetSize))
		req.AddFacet("position", bleve.NewFacetRequest("positions", facetSize))
	}
	if text == "" {
		// NOTE: filters alone score nothing: list the segments in document
		// order, without scoring.
		req.Score = "none"
		if len(q.Sort) > 0 {
			req.SortBy(q.Sort)
		} else {
			req.SortBy([]string{"_id"})
			if shardCols != nil {
				ctx = context.WithValue(ctx, listingKey{}, true)
			}
		}
	}
	// NOTE: a text query sorts by score alone. A tie-break on _id would be
	// deterministic across indexes, but it loads the id of every match and
	// doubles the cost of broad queries (35 → 65 ms for "capacity" over
	// 59k segments); ties keep the index's own, stable order.
	var res *bleve.SearchResult
	if walk != nil && (fcs != nil || !q.Facets) {
		res, err = ix.walkSearch(ctx, walk, tests, filters, fcs, q.From, size)
	} else {
		res, err = ix.search(ctx, req, fcs)
	}
	if err != nil {
		return nil, searchError(q.Text, err)
	}
	for _, fc := range fcs {
		if fc.err != nil {
			return nil, fc.err
		}
	}
	var frags map[string][]string
	var matches map[string][]corpus.Span
	if q.Highlight && len(res.Hits) > 0 {
		if frags, matches, err = ix.fragments(ctx, all, words, res.Hits); err != nil {
			return nil, err
		}
	}
	out := &Results{Total: res.Total}
	for _, h := range res.Hits {
		seg, err := segmentOf(h)
		if err != nil {
			return nil, err
		}
		score := h.Score
		if math.IsNaN(score) || math.IsInf(score, 0) {
			score = 0 // NOTE: filters alone (boost 0) score 0/0
		}
		fs := frags[h.ID]
		for i, f := range fs {
			fs[i] = wholeWords(f, seg.Text)
		}
		out.Hits = append(out.Hits, Hit{Segment: seg, Score: score, Fragments: fs, Matches: matches[h.ID]})
	}
	switch {
	case fcs != nil:
		out.SpeakerFacets, out.PositionFacets = facetResult(fcs, 0), facetResult(fcs, 1)
	case q.Facets:
		out.SpeakerFacets = facetCounts(res.Facets["speaker"])
		out.PositionFacets = facetCounts(res.Facets["position"])
	}
	return out, nil
}

// fragments highlights the hits of q, by id, marking also words in the
// text field.
// NOTE: highlighting needs the term vectors (positions) of every match, and
// bleve decodes them for all matches of a highlighted search, not only the
// page shown: a third of the cost of a broad query. The page is found
// without them, then q runs again restricted to the page's ids. A phrase
// the pairs field answered has no positions there: its words are marked
// wherever they occur (running the phrase search again would cost what
// the pairs field saved: bleve starts it at the first match of the index).
func (ix *Index) fragments(ctx context.Context, q query.Query, words []string, hits search.DocumentMatchCollection) (map[string][]string, map[string][]corpus.Span, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q = bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), q)
	if len(words) > 0 {
		var should []query.Query
		for _, w := range words {
			should = append(should, termQ("text", w))
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddShould(should...)
		b.SetMinShould(0)
		q = b
	}
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Score = "none" // NOTE: the page is ranked already
	req.Highlight = bleve.NewHighlightWithStyle(highlighterName)
	req.Highlight.AddField("text")
	req.IncludeLocations = true
	res, err := ix.search(ctx, req, nil)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[string][]string, len(res.Hits))
	spans := make(map[string][]corpus.Span, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Fragments["text"]
		spans[h.ID] = matchSpans(h.Locations["text"], words)
	}
	return out, spans, nil
}

// matchSpans lists the byte spans of a hit's term locations in one field,
// in text order, each once. pairs are the words of the phrases the pairs
// field answered, two by two: one of those words counts only next to its
// partner (one or two positions on), where the phrase is.
func matchSpans(tlm search.TermLocationMap, pairs []string) []corpus.Span {
	var out []corpus.Span
	add := func(l *search.Location) { out = append(out, corpus.Span{Start: int(l.Start), End: int(l.End)}) }
	inPair := map[string]bool{}
	for _, w := range pairs {
		inPair[w] = true
	}
	for term, locs := range tlm {
		if inPair[term] {
			continue
		}
		for _, l := range locs {
			add(l)
		}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		second := map[uint64]*search.Location{}
		for _, l := range tlm[pairs[i+1]] {
			second[l.Pos] = l
		}
		for _, l := range tlm[pairs[i]] {
			for d := uint64(1); d <= 2; d++ {
				if m, ok := second[l.Pos+d]; ok {
					add(l)
					add(m)
					break
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b corpus.Span) int { return cmp.Or(a.Start-b.Start, a.End-b.End) })
	return slices.Compact(out)
}

// unmark removes the «» marks from a fragment.
var unmark = strings.NewReplacer(MarkStart, "", MarkEnd, "")

// wholeWords trims a fragment cut out of text mid-word ("… pacity
// building …") back to whole words, keeping the ellipses that say it was
// cut.
func wholeWords(frag, text string) string {
	const ell = " … "
	body := strings.TrimSuffix(strings.TrimPrefix(frag, ell), ell)
	plain := unmark.Replace(body)
	at := strings.Index(text, plain)
	if at < 0 || plain == "" {
		return frag
	}
	isLetter := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if r, _ := utf8.DecodeLastRuneInString(text[:at]); at > 0 && isLetter(r) {
		if i := strings.IndexByte(body, ' '); i >= 0 && !strings.Contains(body[:i], MarkStart) {
			body = body[i+1:]
		}
	}
	end := at + len(plain)
	if r, _ := utf8.DecodeRuneInString(text[end:]); end < len(text) && isLetter(r) {
		if i := strings.LastIndexByte(body, ' '); i >= 0 && !strings.Contains(body[i:], MarkEnd) {
			body = body[:i]
		}
	}
	out := body
	if strings.HasPrefix(frag, ell) {
		out = ell + out
	}
	if strings.HasSuffix(frag, ell) {
		out += ell
	}
	return out
}

// QueryError is a query the query-string parser rejects: the user's to fix.
type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("query %q: %v; see bleve query-string syntax (\"phrase\", prefix*, +must -not, field:value)", e.Query, e.Err)
}

func (e *QueryError) Unwrap() error { return e.Err }

// searchError makes a QueryError of what bleve rejects only when it builds
// the searchers of a parsed query (the parser's own errors are caught
// before): a bad /regexp/, a fuzziness above 2.
func searchError(text string, err error) error {
	if msg := err.Error(); strings.Contains(msg, "error parsing regexp") || strings.Contains(msg, "fuzziness exceeds") {
		return &QueryError{Query: text, Err: err}
	}
	return err
}

func facetCounts(fr *search.FacetResult) []FacetCount {
	if fr == nil || fr.Terms == nil {
		return nil
	}
	var out []FacetCount
	for _, t := range fr.Terms.Terms() {
		out = append(out, FacetCount{Term: t.Term, Count: t.Count})
	}
	return out
}

// segmentOf rebuilds a segment from a hit's stored fields.
func segmentOf(h *search.DocumentMatch) (corpus.Segment, error) {
	raw, _ := h.Fields["raw"].(string)
	text, _ := h.Fields["text"].(string)
	return decodeSegment(h.ID, []byte(raw), text)
}

// storedFields returns the values of a stored record's fields a and b.
func storedFields(d bleveindex.Document, a, b string) (va, vb []byte) {
	d.VisitFields(func(f bleveindex.Field) {
		switch f.Name() {
		case a:
			va = f.Value()
		case b:
			vb = f.Value()
		}
	})
	return va, vb
}

// decodeSegment rebuilds a segment from its stored raw JSON and text.
//
// NOTE: with segmentio/encoding's decoder, a drop-in for encoding/json's:
// it decodes these records in half the time (1,130 segments of the 1 GB
// index read by id: 93–98 → 52–55 ms), most of what fetching them costs.
func decodeSegment(id string, raw []byte, text string) (corpus.Segment, error) {
	var s corpus.Segment
	if err := segjson.Unmarshal(raw, &s); err != nil {
		return s, fmt.Errorf("index: segment %s: corrupt stored record: %w", id, err)
	}
	s.Text = text
	return s, nil
}

// Segments calls fn with every segment that matches f, ordered by document
// id then seq, fetching pageSize at a time (memory does not grow with the
// corpus). An error from fn stops the walk and is returned.
func (ix *Index) Segments(ctx context.Context, f Filter, fn func(corpus.Segment) error) error {
	qs, err := ix.filterQueries(f)
	if err != nil {
		return err
	}
	// NOTE: a search sorted by _id loads the id of every match, so paging
	// through the whole index that way costs matches × pages: quadratic.
	// Instead, list the documents with matching segments (a facet on the
	// doc field's doc values, one pass) and fetch a few documents' segments
	// at a time, about pageSize per search.
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(qs...), 0, 0, false)
	req.AddFacet("doc", bleve.NewFacetRequest("doc", math.MaxInt32))
	res, err := ix.search(ctx, req, nil)
	if err != nil {
		return err
	}
	docs := res.Facets["doc"].Terms.Terms()
	sort.Slice(docs, func(i, j int) bool { return docs[i].Term < docs[j].Term })
	for i := 0; i < len(docs); {
		var group []string
		n := 0
		for i < len(docs) && (len(group) == 0 || n+docs[i].Count <= pageSize) {
			group = append(group, docs[i].Term)
			n += docs[i].Count
			i++
		}
		// NOTE: each shard looks up only its own documents' terms.
		docs := unscored{docsQuery{docs: group, shards: len(ix.shards)}}
		if err := ix.segmentPages(ctx, append(slices.Clone(qs), docs), fn); err != nil {
			return err
		}
	}
	return nil
}

// segmentPages calls fn with every segment that matches qs, by id.
func (ix *Index) segmentPages(ctx context.Context, qs []query.Query, fn func(corpus.Segment) error) error {
	return ix.eachHit(ctx, bleve.NewConjunctionQuery(qs...), []string{"raw", "text"}, func(h *search.DocumentMatch) error {
		s, err := segmentOf(h)
		if err != nil {
			return err
		}
		return fn(s)
	})
}

// eachHit calls fn with every hit of q, with the stored fields asked for,
// in id order, fetching pageSize at a time.
func (ix *Index) eachHit(ctx context.Context, q query.Query, fields []string, fn func(*search.DocumentMatch) error) error {
	req := bleve.NewSearchRequestOptions(q, pageSize, 0, false)
	req.Fields = fields
	req.Score = "none"
	req.SortBy([]string{"_id"})
	for {
		res, err := ix.search(ctx, req, nil)
		if err != nil {
			return fmt.Errorf("index %s: %w", ix.dir, err)
		}
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return err
			}
		}
		if len(res.Hits) < pageSize {
			return nil
		}
		req.SearchAfter = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// SegmentsByID returns the segments of these ids (SegmentID), in any
// order; ids the index does not hold are left out.
func (ix *Index) SegmentsByID(ctx context.Context, ids []string) ([]corpus.Segment, error) {
	// NOTE: each shard is asked for its own ids only (a document lives in
	// one shard), at once, and decodes its own hits: an id looked up in
	// every zap segment of a shard that cannot hold it, and the JSON of a
	// table's thousand quotes decoded on one core, cost a report half of
	// its quotes' time.
	mine := make([][]string, len(ix.shards))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		doc := id
		if i := strings.LastIndexByte(id, '#'); i >= 0 {
			doc = id[:i]
		}
		n := shardNo(doc, len(ix.shards))
		mine[n] = append(mine[n], id)
	}
	segs := make([][]corpus.Segment, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		if len(mine[i]) > 0 {
			wg.Go(func() { segs[i], errs[i] = s.segmentsByID(ctx, mine[i]) })
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(segs...), nil
}

// segmentsByID returns the segments of these ids that the shard holds.
//
// NOTE: each id is read from the shard's reader: a search by ids looks
// every id up twice (to match it, then to load it) behind a searcher and a
// collector, twice the time for a table's thousand quotes at 1 GB.
func (s *shard) segmentsByID(ctx context.Context, ids []string) ([]corpus.Segment, error) {
	r, err := s.reader()
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", s.dir, err)
	}
	defer r.Close()
	var out []corpus.Segment
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := r.Document(id)
		if err != nil {
			return nil, fmt.Errorf("index %s: %w", s.dir, err)
		}
		if d == nil {
			continue
		}
		raw, text := storedFields(d, "raw", "text")
		seg, err := decodeSegment(id, raw, string(text))
		if err != nil {
			return nil, err
		}
		out = append(out, seg)
	}
	return out, nil
}

// Documents lists the complete documents in the index, by id.
//
// NOTE: each shard's document records are read one by one from the
// postings of type:document. A search sorted by _id, paged with
// search-after, loads the id of every record for each page: 55 pages ×
// 54,000 records at 1 GB, half of what an unchanged re-ingest cost.
func (ix *Index) Documents(ctx context.Context) ([]DocInfo, error) {
	var out []DocInfo
	for _, s := range ix.shards {
		err := eachRecord(ctx, s, typeDocument, func(id string, raw, _ []byte) error {
			var d DocInfo
			if err := json.Unmarshal(raw, &d); err != nil {
				return fmt.Errorf("index: document %s: corrupt stored record: %w", id, err)
			}
			out = append(out, d)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("index %s: %w", ix.dir, err)
		}
	}
	slices.SortFunc(out, func(a, b DocInfo) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Document returns the record of one complete document; ok is false if
// the index has none. It reads one record, where Documents reads them all
// (2.7 s at 1 GB: what the web server's document page cost).
func (ix *Index) Document(ctx context.Context, id string) (d DocInfo, ok bool, err error) {
	doc, err := ix.shardOf(id).bi.Document(recordID(id))
	if err != nil || doc == nil {
		return d, false, err
	}
	var raw []byte
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() == "raw" {
			raw = f.Value()
		}
	})
	if err := json.Unmarshal(raw, &d); err != nil {
		return d, false, fmt.Errorf("index: document %s: corrupt stored record: %w", id, err)
	}
	return d, true, ctx.Err()
}

// eachRecord calls fn with the id and the stored raw and counts fields of
// every record of type typ in shard s, in index order.
func eachRecord(ctx context.Context, s *shard, typ string, fn func(id string, raw, counts []byte) error) error {
	r, err := s.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	tfr, err := r.TermFieldReader(ctx, []byte(typ), "type", false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, err := tfr.Next(nil)
		if err != nil || d == nil {
			return err
		}
		id, err := r.ExternalID(d.ID)
		if err != nil {
			return err
		}
		doc, err := r.Document(id)
		if err != nil || doc == nil {
			return err
		}
		raw, counts := storedFields(doc, "raw", "counts")
		if err := fn(id, raw, counts); err != nil {
			return err
		}
	}
}

// Count returns the number of segments and of complete documents.
func (ix *Index) Count() (segments, documents uint64, err error) {
	for _, c := range []struct {
		typ string
		n   *uint64
	}{{typeSegment, &segments}, {typeDocument, &documents}} {
		res, err := ix.search(context.Background(), bleve.NewSearchRequestOptions(termQ("type", c.typ), 0, 0, false), nil)
		if err != nil {
			return 0, 0, err
		}
		*c.n = res.Total
	}
	return segments, documents, nil
}
