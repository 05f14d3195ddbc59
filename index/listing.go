package index

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A filter-only search lists its segments in document order (by _id: the
// document id, then the zero-padded seq). Sorting by _id loads the id of
// every match, about a microsecond each: '' --position cbdr, 39,000
// matches at 1 GB, took 60–75 ms. A broad listing instead counts its
// matches (and facets) without sorting, then finds its page in the first
// documents of each shard's dictionary of the doc field, which is in id
// order, a few documents at a time.

// listDirect is the most matches a listing sorts by _id directly: few
// matches are cheap to sort and may be spread over many documents.
var listDirect uint64 = 10000

// listFirstDocs is how many documents a shard's walk looks at first; each
// step looks at four times as many.
var listFirstDocs = 64

// listing runs req, a filter-only search of all sorted by _id, with the
// facet counters fcs.
func (ix *Index) listing(ctx context.Context, all query.Query, req *bleve.SearchRequest, fcs []*facetCounter) (*bleve.SearchResult, error) {
	n := req.From + req.Size
	if n > pageSize {
		return ix.search(ctx, req, fcs)
	}
	count := *req
	count.Size, count.From, count.Fields, count.Sort = 0, 0, nil, nil
	res, err := ix.search(ctx, &count, fcs)
	if err != nil || res.Total == 0 {
		return res, err
	}
	page := *req
	page.Facets = nil
	if res.Total <= listDirect {
		pr, err := ix.search(ctx, &page, nil)
		if err != nil {
			return nil, err
		}
		res.Hits = pr.Hits
		return res, nil
	}
	hits := make([]search.DocumentMatchCollection, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		wg.Go(func() { hits[i], errs[i] = s.firstByID(ctx, all, &page, n) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	merged := slices.Concat(hits...)
	slices.SortFunc(merged, func(a, b *search.DocumentMatch) int { return cmp.Compare(a.ID, b.ID) })
	merged = merged[min(req.From, len(merged)):]
	res.Hits = merged[:min(req.Size, len(merged))]
	return res, nil
}

// firstByID returns the shard's first n matches of q by _id, asked as
// req asks (fields, sort), walking the shard's documents in id order.
func (s *shard) firstByID(ctx context.Context, q query.Query, req *bleve.SearchRequest, n int) (search.DocumentMatchCollection, error) {
	fd, err := s.bi.FieldDict("doc")
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	var out search.DocumentMatchCollection
	for batch := listFirstDocs; len(out) < n; batch *= 4 {
		var docs []string
		for len(docs) < batch {
			e, err := fd.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			docs = append(docs, e.Term)
		}
		if len(docs) == 0 {
			break
		}
		sub := *req
		sub.Query = bleve.NewConjunctionQuery(q, unscored{anyOf("doc", docs)})
		sub.From, sub.Size = 0, n-len(out)
		res, err := shardSearcher{bleveIndex: s.bi, s: s}.SearchInContext(ctx, &sub)
		if err != nil {
			return nil, err
		}
		out = append(out, res.Hits...)
	}
	return out, nil
}
