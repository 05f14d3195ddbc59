package index

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A text query of terms alone (one word, a phrase the pairs field answers,
// or any of several) under filters the columns answer is ranked by
// walking the terms' postings in each segment of the shard's scorch
// snapshot, through the segment API scorch itself reads them by
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
// filters the columns cannot answer, sorted listings, a writable index
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

// walkSearch ranks the matches of terms that pass tests on every shard,
// counting each in fcs (by shard, or nil), and returns the page [from,
// from+size) as bleve's alias would: hits with their ids and stored raw
// and text fields.
func (ix *Index) walkSearch(ctx context.Context, terms []walkTerm, tests []columnTest, fcs []*facetCounter, from, size int) (*bleve.SearchResult, error) {
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
			r.total, r.hits, r.err = s.walk(ctx, terms, tests, fc, from+size)
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
	i      int    // the clause's place in the query
	idf    float64
	weight float64 // the query weight bleve's scorer multiplies by, 1 for none
	// lengths, by segment, is 1 if its postings give their field's
	// length in tokens (zap's NormUint64), which norms turns into the
	// norm, -1 if the norm is their Norm, 0 before its first posting.
	lengths []int8
	// length is cur as a fieldLength if its segment's lengths give the
	// norm, else nil (asserted once a posting: zap reuses one).
	length fieldLength
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
		n := p.Number() + c.offs[c.seg]
		if n > math.MaxUint32 {
			return fmt.Errorf("record number %d beyond 32 bits", n)
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
		if p != c.cur {
			c.length = nil
			if c.lengths[c.seg] == 1 {
				c.length = p.(fieldLength)
			}
		}
		c.cur, c.n = p, uint32(n)
		return nil
	}
	c.cur = nil
	return nil
}

// score is bleve's TermQueryScorer's score of the current posting (tf-idf).
func (c *walkClause) score(norms []float64) float64 {
	var tf float64
	if f := c.cur.Frequency(); f < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[f]
	} else {
		tf = math.Sqrt(float64(f))
	}
	norm := -1.0
	if c.length != nil {
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

// walk returns the shard's number of matches of terms passing tests, each
// counted in fc, and its best k, scored as bleve's term searcher (one
// term) or disjunction searcher (several) would.
func (s *shard) walk(ctx context.Context, terms []walkTerm, tests []columnTest, fc *facetCounter, k int) (total uint64, best []walkHit, err error) {
	var ords [][]uint16
	var ok [][]bool
	if len(tests) > 0 {
		cols, err := s.columns.get(ctx, s, false)
		if err != nil || cols == nil {
			return 0, nil, fmt.Errorf("index %s: a column filter without columns", s.dir)
		}
		ords, ok = columnChecks(cols, tests)
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
	cs := make([]*walkClause, len(terms))
	var sumSq float64
	for i, t := range terms {
		c := &walkClause{i: i, weight: 1.0}
		var count, off uint64
		for _, ss := range snap.Segments() {
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
	h := make(walkHeap, 0, k+1)
	// NOTE: a prefix may stand for dozens of terms: their clauses are
	// kept in a heap by record. For a few, looking at each is faster
	// (by about a tenth, in the search phase at 1 GB).
	heaped := len(cs) > 4
	var live []*walkClause // the clauses with postings left, if heaped
	if heaped {
		for _, c := range cs {
			if c.cur != nil {
				live = append(live, c)
			}
		}
		for i := len(live)/2 - 1; i >= 0; i-- {
			siftDown(live, i)
		}
	}
	for steps := 0; ; steps++ {
		if steps&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, nil, err
			}
		}
		// the lowest record any clause is on
		n, found := uint32(0), false
		if heaped {
			if found = len(live) > 0; found {
				n = live[0].n
			}
		} else {
			for _, c := range cs {
				if c.cur != nil && (!found || c.n < n) {
					n, found = c.n, true
				}
			}
		}
		if !found {
			break
		}
		keep := ords == nil || passes(ords, ok, n)
		var sum float64
		matched := 0
		// take scores the clause on record n and moves it on.
		take := func(c *walkClause) error {
			if keep {
				sum += c.score(nt)
				matched++
			}
			return c.next()
		}
		if heaped {
			for len(live) > 0 && live[0].n == n {
				c := live[0]
				if err := take(c); err != nil {
					return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
				}
				if c.cur == nil {
					live[0] = live[len(live)-1]
					live = live[:len(live)-1]
				}
				siftDown(live, 0)
			}
		} else {
			for _, c := range cs {
				if c.cur != nil && c.n == n {
					if err := take(c); err != nil {
						return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
					}
				}
			}
		}
		if !keep {
			continue
		}
		total++
		if fc != nil {
			fc.add(n)
		}
		if disjunction {
			sum *= float64(matched) / float64(len(cs)) // bleve's coord
		}
		hit := walkHit{score: sum, n: n, shard: s.no}
		if len(h) < k {
			heap.Push(&h, hit)
		} else if k > 0 && worse(h[0], hit) {
			h[0] = hit
			heap.Fix(&h, 0)
		}
	}
	return total, h, nil
}

// siftDown moves h[i] down the heap h of clauses, lowest record on top,
// then the first clause: a record's scores are summed in the query's
// order, whatever the order its clauses' postings came in (floating-point
// sums differ in the last digit with their order).
func siftDown(h []*walkClause, i int) {
	before := func(a, b *walkClause) bool { return a.n < b.n || a.n == b.n && a.i < b.i }
	for {
		j := 2*i + 1
		if j >= len(h) {
			return
		}
		if r := j + 1; r < len(h) && before(h[r], h[j]) {
			j = r
		}
		if !before(h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}
