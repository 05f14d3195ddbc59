package index

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// A text query of terms alone (one word, a phrase the pairs field answers,
// or any of several) under filters the columns answer, or filters of
// terms (speakers, positions and stances, roles), is ranked by walking
// the terms' postings in each segment of the shard's scorch snapshot,
// through the segment API scorch itself reads them by
// (scorch_segment_api: Dictionary, PostingsList, PostingsIterator),
// scoring each match as bleve's term and disjunction scorers do (tf-idf,
// each shard its own counts), and keeping the best in a heap.
//
// NOTE: bleve's searchers make, score, pool and collect a DocumentMatch
// for every match, a searcher per clause and one for the disjunction:
// half of a broad query's time. At 1 GB, warm, three runs of 20 rounds
// (issue 17, point 4): "capacity" (245,531 matches) p50 27 → 19 ms;
// "capacity building" ICT --role delegation (184,250) 50 → 27 ms, walking
// bleve's TermFieldReader. Its Next makes an internal id of 8 bytes for
// each posting, which the walk decoded again, and its norm takes a square
// root per posting: reading the segments' postings, the norm from the
// field's length by a table, and each shard counting its facets a cache
// line away from the other's (facets.go) took these to 16 and 23 ms,
// p99 28–29 (search phase, three runs each, against three of the
// TermFieldReader walk). What is left is zap decoding the postings, about
// 50 ns each. The walk answers what bleve would: TestTermWalk compares
// totals, facets, hits, their order and scores on every page of every
// query shape it takes, on shards of several segments with replaced
// records; every other query (other wildcards, conjunctions, negations,
// ranges of dates or sessions, sorted listings, a writable index
// asked for facets) goes through bleve.

// walkTerm is one clause of a query the walk takes: a term, or with
// prefix the terms of the shard that begin with it.
type walkTerm struct {
	field, term string
	boost       float64
	prefix      bool
}

// walkTerms returns the clauses of q if the walk can rank it: a term query,
// a disjunction (at least one of) of term queries, or a wildcard query
// that is a prefix ("mechan*", which bleve ranks as the disjunction of
// the terms it expands to), with boosts above zero (a query norm of zero
// weights has no scores to agree with).
func walkTerms(q query.Query, m mapping.IndexMapping) ([]walkTerm, bool) {
	field := func(f string) string {
		if f == "" {
			return m.DefaultSearchField()
		}
		return f
	}
	if wq, ok := q.(*query.WildcardQuery); ok {
		prefix, found := strings.CutSuffix(wq.Wildcard, "*")
		b := wq.BoostVal.Value()
		// NOTE: bleve turns the wildcard into a regexp, escaping what
		// it knows; a prefix of letters and digits means the same as
		// either.
		clean := found && prefix != "" && !strings.ContainsFunc(prefix, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		return []walkTerm{{field(wq.FieldVal), prefix, b, true}}, clean && b > 0
	}
	one := func(q query.Query) (walkTerm, bool) {
		tq, ok := q.(*query.TermQuery)
		if !ok {
			return walkTerm{}, false
		}
		b := tq.BoostVal.Value()
		return walkTerm{field(tq.FieldVal), tq.Term, b, false}, b > 0
	}
	if t, ok := one(q); ok {
		return []walkTerm{t}, true
	}
	dq, ok := q.(*query.DisjunctionQuery)
	if !ok || dq.Min > 1 || dq.BoostVal != nil || len(dq.Disjuncts) == 0 {
		return nil, false
	}
	var out []walkTerm
	for _, d := range dq.Disjuncts {
		t, ok := one(d)
		if !ok {
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// expand returns the terms of the shard's field that begin with a prefix
// clause's prefix, in the dictionary's order, as bleve's wildcard searcher
// finds them.
func expand(r bleveindex.IndexReader, t walkTerm) ([]walkTerm, error) {
	d, err := r.FieldDictPrefix(t.field, []byte(t.term))
	if err != nil {
		return nil, err
	}
	terms, err := dictTerms(d)
	out := make([]walkTerm, 0, len(terms))
	for _, term := range slices.Compact(terms) {
		out = append(out, walkTerm{t.field, term, t.boost, false})
	}
	return out, err
}

// walkHit is a match on one shard.
type walkHit struct {
	score float64
	n     uint32 // bleve's number of the record in its shard
	shard int
}

// worse orders hits worst first: lower score, then later record (bleve
// keeps the earlier of two equal scores).
func worse(a, b walkHit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.n > b.n
}

// walkHeap holds a shard's best hits, the worst on top.
type walkHeap []walkHit

func (h walkHeap) Len() int           { return len(h) }
func (h walkHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h walkHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *walkHeap) Push(x any)        { *h = append(*h, x.(walkHit)) }
func (h *walkHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// walkSearch ranks the matches of terms that pass tests and have a term of
// each of filters on every shard, counting each in fcs (by shard, or nil),
// and returns the page [from, from+size) as bleve's alias would: hits
// with their ids and stored raw and text fields.
func (ix *Index) walkSearch(ctx context.Context, terms []walkTerm, tests []columnTest, filters [][]walkTerm, fcs []*facetCounter, from, size int) (*bleve.SearchResult, error) {
	ix.walks.Add(1)
	type shardResult struct {
		total uint64
		hits  []walkHit
		err   error
	}
	out := make([]shardResult, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		var fc *facetCounter
		if fcs != nil {
			fc = fcs[i]
		}
		wg.Go(func() {
			r := &out[i]
			r.total, r.hits, r.err = s.walk(ctx, terms, tests, filters, fc, from+size)
		})
	}
	wg.Wait()
	res := &bleve.SearchResult{}
	var hits []walkHit
	for _, r := range out {
		if r.err != nil {
			return nil, r.err
		}
		res.Total += r.total
		hits = append(hits, r.hits...)
	}
	// NOTE: equal scores on two shards keep shard order, as the alias
	// keeps the order it was given.
	slices.SortStableFunc(hits, func(a, b walkHit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.shard, b.shard), cmp.Compare(a.n, b.n))
	})
	if from >= len(hits) {
		return res, nil
	}
	hits = hits[from:min(len(hits), from+size)]
	res.Hits = make(search.DocumentMatchCollection, len(hits))
	errs := make([]error, len(ix.shards))
	for i, s := range ix.shards {
		wg.Go(func() { errs[i] = s.loadHits(ctx, hits, res.Hits) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return res, nil
}

// loadHits fills dst[i] for the hits[i] of this shard: the record's id,
// score and stored raw and text fields.
func (s *shard) loadHits(ctx context.Context, hits []walkHit, dst search.DocumentMatchCollection) error {
	var r bleveindex.IndexReader
	for i, h := range hits {
		if h.shard != s.no {
			continue
		}
		if r == nil {
			var err error
			if r, err = s.reader(); err != nil {
				return fmt.Errorf("index %s: %w", s.dir, err)
			}
			defer r.Close()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		id, err := r.ExternalID(bleveindex.NewIndexInternalID(nil, uint64(h.n)))
		if err != nil {
			return fmt.Errorf("index %s: %w", s.dir, err)
		}
		d, err := r.Document(id)
		if err != nil {
			return fmt.Errorf("index %s: %w", s.dir, err)
		}
		if d == nil {
			return fmt.Errorf("index %s: record %s vanished from its snapshot", s.dir, id)
		}
		raw, text := storedFields(d, "raw", "text")
		dst[i] = &search.DocumentMatch{ID: id, Score: h.score, Fields: map[string]any{"raw": string(raw), "text": string(text)}}
	}
	return nil
}

// walkClause is one term's postings on a shard: an iterator on each
// segment of the shard's snapshot (scorch numbers a segment's records from
// its offset), and the term's weights.
type walkClause struct {
	its    []segment.PostingsIterator
	offs   []uint64
	seg    int // the segment its[seg] walks
	cur    segment.Posting
	n      uint32 // cur's record number
	idf    float64
	weight float64 // the query weight bleve's scorer multiplies by, 1 for none
	// lengths, by segment, is 1 if its postings give their field's
	// length in tokens (zap's NormUint64), which norms turns into the
	// norm, -1 if the norm is their Norm, 0 before its first posting.
	lengths []int8
	// length is cur as a fieldLength if its segment's lengths give the
	// norm, else nil (asserted once a posting: zap reuses one); zp is
	// cur as zap's own posting if it is one, read without an interface
	// call (three a posting, about a twentieth of a broad query).
	length fieldLength
	zp     *zap.Posting
}

// fieldLength is a posting that gives the length of its field.
type fieldLength interface{ NormUint64() uint64 }

// norms[n] is the norm of a field n tokens long, as zap computes it
// (float32 of one over its square root): zap's Norm takes a square root
// per posting, a tenth of a broad query's time.
var norms = sync.OnceValue(func() []float64 {
	t := make([]float64, 1<<13)
	for n := range t {
		t[n] = float64(float32(1.0 / math.Sqrt(float64(n))))
	}
	return t
})

func (c *walkClause) next() error {
	for c.seg < len(c.its) {
		p, err := c.its[c.seg].Next()
		if err != nil {
			return err
		}
		if p == nil {
			c.seg++
			continue
		}
		if c.lengths[c.seg] == 0 {
			// NOTE: the first posting of a segment says whether its
			// lengths give the norm its Norm gives; another format's
			// (or another zap version's) are read by its Norm.
			c.lengths[c.seg] = -1
			if l, ok := p.(fieldLength); ok && l.NormUint64() < uint64(len(norms())) && norms()[l.NormUint64()] == p.Norm() {
				c.lengths[c.seg] = 1
			}
		}
		zp, isZap := p.(*zap.Posting)
		if !isZap || zp != c.zp {
			c.length, c.zp = nil, nil
			if c.lengths[c.seg] == 1 {
				c.length = p.(fieldLength)
				if isZap {
					c.zp = zp
				}
			}
		}
		var n uint64
		if c.zp != nil {
			n = c.zp.Number()
		} else {
			n = p.Number()
		}
		n += c.offs[c.seg]
		c.cur, c.n = p, uint32(n)
		return nil
	}
	c.cur = nil
	return nil
}

// score is bleve's TermQueryScorer's score of the current posting (tf-idf).
func (c *walkClause) score(norms []float64) float64 {
	var tf float64
	var f uint64
	if c.zp != nil {
		f = c.zp.Frequency()
	} else {
		f = c.cur.Frequency()
	}
	if f < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[f]
	} else {
		tf = math.Sqrt(float64(f))
	}
	norm := -1.0
	if c.zp != nil {
		if l := c.zp.NormUint64(); l < uint64(len(norms)) {
			norm = norms[l]
		}
	} else if c.length != nil {
		if l := c.length.NormUint64(); l < uint64(len(norms)) {
			norm = norms[l]
		}
	}
	if norm < 0 {
		norm = c.cur.Norm()
	}
	s := tf * norm * c.idf
	if c.weight != 1.0 {
		s *= c.weight
	}
	return s
}

// walk returns the shard's number of matches of terms passing tests and
// filters, each counted in fc, and its best k, scored as bleve's term
// searcher (one term) or disjunction searcher (several) would.
func (s *shard) walk(ctx context.Context, terms []walkTerm, tests []columnTest, filters [][]walkTerm, fc *facetCounter, k int) (total uint64, best []walkHit, err error) {
	var pass *passingSet // the records that pass tests, if any
	if len(tests) > 0 {
		cols, err := s.columns.get(ctx, s, false)
		if err != nil || cols == nil {
			return 0, nil, fmt.Errorf("index %s: a column filter without columns", s.dir)
		}
		pass = s.passing.get(cols, tests)
	}
	r, err := s.reader()
	if err != nil {
		return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
	}
	defer r.Close()
	docTotal, err := r.DocCount()
	if err != nil {
		return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
	}
	snap, isSnap := r.(*scorch.IndexSnapshot)
	if !isSnap {
		return 0, nil, fmt.Errorf("index %s: bleve's reader is not a scorch snapshot", s.dir)
	}
	// a disjunction normalises its clauses' weights and scales a
	// record's score by the share of them it matches
	disjunction := len(terms) > 1
	if len(terms) == 1 && terms[0].prefix {
		if terms, err = expand(r, terms[0]); err != nil {
			return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
		}
		disjunction = true
	}
	segs := snap.Segments()
	var records uint64
	for _, ss := range segs {
		records += ss.Segment().Count()
	}
	if records > math.MaxUint32 {
		return 0, nil, fmt.Errorf("index %s: %d records, beyond the walk's 32-bit numbers: split the index into more shards", s.dir, records)
	}
	// skip, by segment, is what zap leaves out of the postings it reads:
	// the deleted records, and those the filter fails if few pass it.
	skip := make([]*roaring.Bitmap, len(segs))
	for i, ss := range segs {
		skip[i] = ss.Deleted()
	}
	var kept []*roaring.Bitmap // by segment, the records the filters keep
	if len(filters) > 0 {
		if kept, err = filterRecords(segs, filters); err != nil {
			return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
		}
		if pass != nil {
			var off uint32
			for i, ss := range segs {
				kept[i] = keepPassing(kept[i], off, pass)
				off += uint32(ss.Segment().Count())
			}
		}
	} else if pass != nil && float64(pass.count) <= filterShare*float64(records) {
		kept = pass.bySegment(segs)
	}
	if kept != nil {
		pass = nil
		for i, ss := range segs {
			left := roaring.Flip(kept[i], 0, ss.Segment().Count())
			if skip[i] != nil {
				left.Or(skip[i])
			}
			skip[i] = left
		}
	}
	cs := make([]*walkClause, len(terms))
	var sumSq float64
	for i, t := range terms {
		c := &walkClause{weight: 1.0}
		var count, off uint64
		for j, ss := range segs {
			d, err := ss.Segment().Dictionary(t.field)
			if err != nil {
				return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
			}
			// NOTE: as scorch's TermFieldReader: the segment's deleted
			// records are left out, and counted out of the idf.
			pl, err := d.PostingsList([]byte(t.term), ss.Deleted(), nil)
			if err != nil {
				return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
			}
			count += pl.Count()
			if skip[j] != ss.Deleted() {
				if pl, err = d.PostingsList([]byte(t.term), skip[j], nil); err != nil {
					return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
				}
			}
			c.its = append(c.its, pl.Iterator(true, true, false, nil))
			c.offs = append(c.offs, off)
			off += ss.Segment().Count()
		}
		c.lengths = make([]int8, len(c.its))
		// NOTE: bleve's idf, computeIDF in scorer_term.go (tf-idf).
		c.idf = 1.0 + math.Log(float64(docTotal)/float64(count+1.0))
		cs[i] = c
		sumSq += (t.boost * c.idf) * (t.boost * c.idf)
	}
	if disjunction {
		// NOTE: a lone term searcher is never told a norm and weighs 1.
		norm := 1.0 / math.Sqrt(sumSq)
		for i, c := range cs {
			c.weight = terms[i].boost * c.idf * norm
		}
	}
	for _, c := range cs {
		if err := c.next(); err != nil {
			return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
		}
	}
	nt := norms()
	// coord[m] scales the score of a record m clauses match (bleve's
	// coord), without a division at every match
	coord := make([]float64, len(cs)+1)
	for m := range coord {
		coord[m] = float64(m) / float64(len(cs))
	}
	h := make(walkHeap, 0, k+1)
	w := newWalkWindow()
	for {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		// the window starts at the lowest record any clause is on
		base, found := uint32(0), false
		for _, c := range cs {
			if c.cur != nil && (!found || c.n < base) {
				base, found = c.n, true
			}
		}
		if !found {
			break
		}
		end := uint64(base) + uint64(windowSize)
		// NOTE: each clause in the query's order adds its scores to the
		// window's records: a record's scores are summed in that order
		// whatever the order its clauses' postings came in
		// (floating-point sums differ in the last digit with their
		// order), as bleve's disjunction sums them.
		for _, c := range cs {
			for c.cur != nil && uint64(c.n) < end {
				if n := c.n; pass == nil || pass.has(n) {
					j := n - base
					w.sum[j] += c.score(nt)
					w.matched[j]++
					w.seen[j>>6] |= 1 << (j & 63)
				}
				if err := c.next(); err != nil {
					return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
				}
			}
		}
		for i, word := range w.seen {
			for ; word != 0; word &= word - 1 {
				j := uint32(i<<6 + bits.TrailingZeros64(word))
				n, sum := base+j, w.sum[j]
				total++
				if fc != nil {
					fc.add(n)
				}
				if disjunction {
					sum *= coord[w.matched[j]]
				}
				w.sum[j], w.matched[j] = 0, 0
				hit := walkHit{score: sum, n: n, shard: s.no}
				if len(h) < k {
					heap.Push(&h, hit)
				} else if k > 0 && worse(h[0], hit) {
					h[0] = hit
					heap.Fix(&h, 0)
				}
			}
			w.seen[i] = 0
		}
	}
	return total, h, nil
}

// filterShare is the share of a shard's records a column filter may pass
// for the walk to hand zap the records it fails, to be left out of the
// postings (a variable: the tests hand it every filter).
var filterShare = 0.1

// bySegment returns the passing records of each of segs, numbered in it.
func (p *passingSet) bySegment(segs []*scorch.SegmentSnapshot) []*roaring.Bitmap {
	out := make([]*roaring.Bitmap, len(segs))
	var off uint64
	for i, ss := range segs {
		count := ss.Segment().Count()
		out[i] = roaring.New()
		for n := off; n < off+count && int(n>>6) < len(p.words); n++ {
			if p.words[n>>6] == 0 {
				n |= 63 // the word's last record
				continue
			}
			if p.has(uint32(n)) {
				out[i].Add(uint32(n - off))
			}
		}
		off += count
	}
	return out
}

// filterRecords returns, by segment, the records that have a term of each
// filter: a speaker, a position, a role, as bleve's conjunction of them
// would keep (deleted records are left out later).
//
// NOTE: the walk hands zap the records these leave out (and those a role
// or kind that few pass leaves out): zap steps over their postings
// without making a posting of each, and the walk never sees them. At 1
// GB, search phase, two runs each side by side, "gender" --position
// gender --stance support p50 11.8–12.3 → 6.6–7.1 ms, "cyber*" said by
// GBR or FRA 18.8–18.9 → 15.4–16.0.
func filterRecords(segs []*scorch.SegmentSnapshot, filters [][]walkTerm) ([]*roaring.Bitmap, error) {
	out := make([]*roaring.Bitmap, len(segs))
	for i, ss := range segs {
		for j, f := range filters {
			union := roaring.New()
			for _, t := range f {
				d, err := ss.Segment().Dictionary(t.field)
				if err != nil {
					return nil, err
				}
				pl, err := d.PostingsList([]byte(t.term), nil, nil)
				if err != nil {
					return nil, err
				}
				it := pl.Iterator(false, false, false, nil)
				// NOTE: zap's iterator shows its records as a bitmap:
				// Filter.Tagged unions every position's, 157,209 records of
				// "capacity" at 1 GB; p50 23–24 ms adding each record,
				// 16–17 ms by the bitmaps (61 ms through bleve).
				if zit, ok := it.(*zap.PostingsIterator); ok && zit.ActualBM != nil {
					union.Or(zit.ActualBM)
					continue
				}
				for {
					p, err := it.Next()
					if err != nil {
						return nil, err
					}
					if p == nil {
						break
					}
					union.Add(uint32(p.Number()))
				}
			}
			if j == 0 {
				out[i] = union
			} else {
				out[i].And(union)
			}
		}
	}
	return out, nil
}

// keepPassing returns the records of kept (numbered from off in the shard)
// that are in pass.
func keepPassing(kept *roaring.Bitmap, off uint32, pass *passingSet) *roaring.Bitmap {
	out := roaring.New()
	for it := kept.Iterator(); it.HasNext(); {
		if n := it.Next(); pass.has(n + off) {
			out.Add(n)
		}
	}
	return out
}

// windowSize is how many records a walk's window spans, a multiple of
// 64 (a variable: the tests make windows small, to cross many).
var windowSize = 4096

// walkWindow holds the scores of a span of records while the clauses'
// postings in it are read, one clause after the other: a record is
// found by its place, not by comparing every clause's record at every
// step (or keeping a heap of clauses, for a prefix's dozens). With zap's
// postings read without interface calls and the facets folded, in the
// search phase at 1 GB (oewg bench --phase search, three runs each side
// by side), "capacity building" ICT --role delegation p50 25.8–26.7 →
// 22.8–23.1 ms.
type walkWindow struct {
	sum     []float64
	matched []uint32 // the clauses that matched
	seen    []uint64 // a bit a record that matched
}

func newWalkWindow() *walkWindow {
	return &walkWindow{make([]float64, windowSize), make([]uint32, windowSize), make([]uint64, windowSize/64)}
}

// termFilters returns the filters of qs as the walk takes them, each any
// of its terms, if every one is a term or a disjunction of terms (a
// speaker, a position and stance, a role).
func termFilters(qs []query.Query, m mapping.IndexMapping) ([][]walkTerm, bool) {
	var out [][]walkTerm
	for _, q := range qs {
		u, ok := q.(unscored)
		if !ok {
			return nil, false
		}
		var f []walkTerm
		switch fq := u.Query.(type) {
		case *query.TermQuery:
			f = []walkTerm{{field: fq.FieldVal, term: fq.Term}}
		case *query.DisjunctionQuery:
			if fq.Min > 1 {
				return nil, false
			}
			for _, d := range fq.Disjuncts {
				tq, ok := d.(*query.TermQuery)
				if !ok {
					return nil, false
				}
				f = append(f, walkTerm{field: tq.FieldVal, term: tq.Term})
			}
		default:
			return nil, false
		}
		for _, t := range f {
			if t.field == "" || t.field == m.DefaultSearchField() {
				return nil, false
			}
		}
		out = append(out, f)
	}
	return out, true
}
