package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolt "go.etcd.io/bbolt"
)

// An index is split by document into shards, each a bleve index: a
// document's record and segments all live in shard fnv32a(doc id) mod n.
// A search runs on every shard at once, through bleve's index alias.
//
// NOTE: bleve scores every match, about 0.2 µs each: a query matching
// 270,000 segments at 1 GB took 62 ms on one core. Two shards searched
// on the two cores halve that.

// DefaultShards is how many shards a new index has.
const DefaultShards = 2

// layoutName is the file, inside the index directory, that says how the
// index is laid out; it is written once every shard exists.
const layoutName = "oewg-index.json"

// layout is the content of layoutName.
type layout struct {
	Format int `json:"format"`
	Shards int `json:"shards"`
}

type shard struct {
	bi      bleve.Index
	no      int    // its number
	dir     string // its folder
	opened  time.Time
	columns facetColumns
	passing passingCache
}

// reader opens a snapshot of the shard; close it when done.
func (s *shard) reader() (bleveindex.IndexReader, error) {
	adv, err := s.bi.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

func shardDir(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("shard-%d", i)) }

// readLayout reads dir's layout file; ErrNotFound if dir holds no index,
// a *FormatError if it holds one of another format.
func readLayout(dir string) (layout, error) {
	var lay layout
	// NOTE: a file given as --index would otherwise fail deep in bleve
	// with "not a directory", or worse be written beside.
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return lay, fmt.Errorf("index %s is a file, not an index folder; give --index a folder (a new one, or one oewg ingest made)", dir)
	} else if errors.Is(err, syscall.ENOTDIR) {
		return lay, fmt.Errorf("index %s: a folder on its path is a file; give --index a folder (a new one, or one oewg ingest made)", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, layoutName))
	if errors.Is(err, os.ErrNotExist) {
		if _, serr := os.Stat(filepath.Join(dir, "index_meta.json")); serr == nil {
			return lay, &FormatError{Dir: dir, Version: unshardedVersion(dir)}
		}
		return lay, &notFoundError{dir}
	}
	if err != nil {
		return lay, fmt.Errorf("index %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, &lay); err != nil || lay.Shards < 1 {
		return lay, &DamagedError{Dir: dir, Problem: Problem{File: layoutName, What: "is damaged (not a complete layout)"}}
	}
	if lay.Format != formatVersion {
		return lay, &FormatError{Dir: dir, Version: fmt.Sprint(lay.Format)}
	}
	return lay, nil
}

// unshardedVersion is the format of an index of one bleve index (1 or 2).
func unshardedVersion(dir string) string {
	bi, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": "1s"})
	if err != nil {
		return "2 or older"
	}
	defer bi.Close()
	if v, err := bi.GetInternal([]byte(formatKey)); err == nil && len(v) > 0 {
		return string(v)
	}
	return "1"
}

// openShards opens the shards of lay in dir with bleve's kv config cfg.
// With create, shards that do not exist are created and the layout file
// written last.
// openShard opens (or, with create, creates) shard i of the index in dir.
func openShard(dir string, i int, cfg map[string]any, create bool) (*shard, error) {
	path := shardDir(dir, i)
	var bi bleve.Index
	var err error
	if create {
		m, merr := newMapping()
		if merr != nil {
			return nil, merr
		}
		bi, err = bleve.NewUsing(path, m, scorch.Name, scorch.Name, cfg)
		if errors.Is(err, bleve.ErrorIndexPathExists) || errors.Is(err, bleve.ErrorIndexMetaMissing) {
			// NOTE: left by an interrupted creation, or being created by
			// another process: open it like any existing shard.
			bi, err = nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("index %s: cannot create: %w; %s", dir, err, createRemedy)
		}
	}
	opened := time.Now()
	if bi == nil {
		if derr := damaged(dir, i, false); derr != nil {
			return nil, derr
		}
		if bi, err = bleve.OpenUsing(path, cfg); err != nil {
			if !errors.Is(err, bolt.ErrTimeout) {
				// NOTE: bleve's own message names no file ("error
				// parsing mapping JSON" for a truncated segment).
				if derr := damaged(dir, i, true); derr != nil {
					return nil, derr
				}
			}
			return nil, openError(dir, err)
		}
	}
	return &shard{bi: bi, no: i, dir: path, opened: opened}, nil
}

func openShards(dir string, lay layout, cfg map[string]any, create bool) (*Index, error) {
	ix := &Index{dir: dir}
	// NOTE: the shards open at once: a one-shot command pays for one.
	shards := make([]*shard, lay.Shards)
	errs := make([]error, lay.Shards)
	var wg sync.WaitGroup
	for i := range lay.Shards {
		// NOTE: a config each: bleve writes to it.
		wg.Go(func() { shards[i], errs[i] = openShard(dir, i, maps.Clone(cfg), create) })
	}
	wg.Wait()
	for _, s := range shards {
		if s != nil {
			ix.shards = append(ix.shards, s)
		}
	}
	for _, err := range errs {
		if err != nil {
			ix.closeShards()
			return nil, err
		}
	}
	ix.mapping = ix.shards[0].bi.Mapping()
	if create {
		b, _ := json.Marshal(lay)
		tmp := filepath.Join(dir, layoutName+".tmp")
		err := os.WriteFile(tmp, append(b, '\n'), 0o644)
		if err == nil {
			err = os.Rename(tmp, filepath.Join(dir, layoutName))
		}
		if err != nil {
			ix.closeShards()
			return nil, fmt.Errorf("index %s: cannot create: %w; %s", dir, err, createRemedy)
		}
	}
	return ix, nil
}

func (ix *Index) closeShards() error {
	// NOTE: at once: unmapping what a search touched takes a shard up to
	// 13 ms at 1 GB.
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		wg.Go(func() { errs[i] = errors.Join(s.bi.Close(), s.columns.close()) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// shardOf is the shard that holds a document.
func (ix *Index) shardOf(docID string) *shard { return ix.shards[shardNo(docID, len(ix.shards))] }

// shardNo is the number of the shard of n that holds a document.
func shardNo(docID string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return int(h.Sum32() % uint32(n))
}

// docsQuery matches the records of the documents docs (field doc) that
// live in the shard it runs on: the others' terms are not looked up.
type docsQuery struct {
	docs   []string
	shards int
}

func (q docsQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	var mine []string
	s, _ := ctx.Value(shardKey{}).(*shard)
	for _, d := range q.docs {
		if s == nil || shardNo(d, q.shards) == s.no {
			mine = append(mine, d)
		}
	}
	if len(mine) == 0 {
		return query.NewMatchNoneQuery().Searcher(ctx, i, m, o)
	}
	return anyOf("doc", mine).Searcher(ctx, i, m, o)
}

// search runs req on every shard at once through bleve's index alias,
// which merges hits in req's order, sums totals and facets. fcs, if not
// nil, holds each shard's facet counter.
//
// NOTE: each shard scores with its own document counts (tf-idf's idf),
// not the whole index's: at 1 GB the scores of the two shards were within
// 0.3 % of one index's, the totals and facets identical, at equal speed
// to a search that read the whole index's counts (issue 17).
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest, fcs []*facetCounter) (*bleve.SearchResult, error) {
	children := make([]bleve.Index, len(ix.shards))
	for i, s := range ix.shards {
		children[i] = shardSearcher{bleveIndex: s.bi, s: s}
	}
	if fcs != nil {
		ctx = context.WithValue(ctx, facetCountersKey{}, fcs)
	}
	child := *req
	if req.Facets != nil {
		// NOTE: every term of each shard, cut to size once summed: a
		// shard's top terms are not the index's, and the alias cuts each
		// shard's list to the size asked for before summing.
		child.Facets = bleve.FacetsRequest{}
		for name, f := range req.Facets {
			c := *f
			c.Size = math.MaxInt32
			child.Facets[name] = &c
		}
	}
	sr, err := bleve.NewIndexAlias(children...).SearchInContext(ctx, &child)
	if err != nil {
		return nil, err
	}
	// NOTE: the alias reports a shard's failure (a bad regexp) in the
	// status, not as an error; the shards fail alike, one is enough.
	if sr.Status != nil {
		for _, err := range sr.Status.Errors {
			return nil, err
		}
	}
	for name, f := range req.Facets {
		sr.Facets.Fixup(name, f.Size)
	}
	sr.Request = req
	return sr, nil
}

// shardSearcher is a shard as the alias searches it: the search's context
// says which shard it runs on (docsQuery, columnFiltered) and counts its
// facets in that shard's counter.
type shardSearcher struct {
	bleveIndex
	s *shard
}

// bleveIndex is bleve.Index under a name that does not hide its Index
// method when embedded.
type bleveIndex = bleve.Index

// facetCountersKey holds, in a search's context, the facet counters of
// every shard, by shard number.
type facetCountersKey struct{}

func (s shardSearcher) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	ctx = context.WithValue(ctx, shardKey{}, s.s)
	if fcs, _ := ctx.Value(facetCountersKey{}).([]*facetCounter); fcs != nil {
		ctx = withFacetCounter(ctx, fcs[s.s.no])
	}
	if ctx.Value(listingKey{}) == nil {
		return s.bleveIndex.SearchInContext(ctx, req)
	}
	// A listing in id order: the shard ranks its matches by the _id
	// column, and gives each hit its id as sort value for the alias.
	cols, _ := s.s.columns.get(ctx, s.s, false)
	if cols == nil || cols[idColumn].rank == nil {
		return s.bleveIndex.SearchInContext(ctx, req)
	}
	byRank := *req
	byRank.Sort = search.SortOrder{&rankSort{rank: cols[idColumn].rank}}
	res, err := s.bleveIndex.SearchInContext(ctx, &byRank)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		h.Sort = []string{h.ID}
	}
	return res, nil
}
