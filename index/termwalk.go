package index

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A text query of terms alone (one word, a phrase the pairs field answers,
// or any of several) under filters the columns answer is ranked by
// walking the terms' posting lists with bleve's TermFieldReader, scoring
// each match as bleve's term and disjunction scorers do (tf-idf, each
// shard its own counts), and keeping the best in a heap.
//
// NOTE: bleve's searchers make, score, pool and collect a DocumentMatch
// for every match, a searcher per clause and one for the disjunction:
// half of a broad query's time. At 1 GB, warm, three runs of 20 rounds
// (issue 17, point 4): "capacity" (245,531 matches) p50 27 → 19 ms;
// "capacity building" ICT --role delegation (184,250) 50 → 27 ms. What
// is left is zap decoding the postings (about 110 ns each), which a walk
// over bleve's public reader cannot skip. The walk answers what bleve
// would: TestTermWalk compares totals, facets, hits, their order and
// scores on every page of every query shape it takes; every other query
// (prefixes, conjunctions, negations, filters the columns cannot answer,
// sorted listings, a writable index asked for facets) goes through bleve.

// walkTerm is one clause of a query the walk takes.
type walkTerm struct {
	field, term string
	boost       float64
}

// walkTerms returns the clauses of q if the walk can rank it: a term query,
// or a disjunction (at least one of) of term queries, with boosts above
// zero (a query norm of zero weights has no scores to agree with).
func walkTerms(q query.Query, m mapping.IndexMapping) ([]walkTerm, bool) {
	one := func(q query.Query) (walkTerm, bool) {
		tq, ok := q.(*query.TermQuery)
		if !ok {
			return walkTerm{}, false
		}
		field := tq.FieldVal
		if field == "" {
			field = m.DefaultSearchField()
		}
		b := tq.BoostVal.Value()
		return walkTerm{field, tq.Term, b}, b > 0
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

// walkClause is one term's posting list on a shard, and its weight.
type walkClause struct {
	r      bleveindex.TermFieldReader
	idf    float64
	weight float64 // the query weight bleve's scorer multiplies by, 1 for none
	cur    *bleveindex.TermFieldDoc
	doc    bleveindex.TermFieldDoc
	n      uint32 // cur's record number
}

func (c *walkClause) next() error {
	// NOTE: no Reset: Next sets the ID, frequency and norm it was asked
	// for, and reuses the ID's bytes.
	d, err := c.r.Next(&c.doc)
	c.cur = d
	if err != nil || d == nil {
		return err
	}
	c.n, err = docNumber(d.ID)
	return err
}

// score is bleve's TermQueryScorer's score of the current posting (tf-idf).
func (c *walkClause) score() float64 {
	tf := math.Sqrt(float64(c.cur.Freq))
	s := tf * c.cur.Norm * c.idf
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
	cs := make([]*walkClause, len(terms))
	var sumSq float64
	for i, t := range terms {
		tr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, true, true, false)
		if err != nil {
			return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
		}
		defer tr.Close()
		// NOTE: bleve's idf, computeIDF in scorer_term.go (tf-idf).
		idf := 1.0 + math.Log(float64(docTotal)/float64(tr.Count()+1.0))
		cs[i] = &walkClause{r: tr, idf: idf, weight: 1.0}
		sumSq += (t.boost * idf) * (t.boost * idf)
	}
	if len(cs) > 1 {
		// NOTE: a disjunction normalises its clauses' weights; a lone
		// term searcher is never told a norm and weighs 1.
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
	h := make(walkHeap, 0, k+1)
	for steps := 0; ; steps++ {
		if steps&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, nil, err
			}
		}
		// the lowest record any clause is on, and the clauses on it
		n, found := uint32(0), false
		for _, c := range cs {
			if c.cur != nil && (!found || c.n < n) {
				n, found = c.n, true
			}
		}
		if !found {
			break
		}
		keep := ords == nil || passes(ords, ok, n)
		var sum float64
		matched := 0
		for _, c := range cs {
			if c.cur != nil && c.n == n {
				if keep {
					sum += c.score()
					matched++
				}
				if err := c.next(); err != nil {
					return 0, nil, fmt.Errorf("index %s: %w", s.dir, err)
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
		if len(cs) > 1 {
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
