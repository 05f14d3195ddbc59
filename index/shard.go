package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

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
// A search runs on every shard at once, one goroutine each, and the
// results are merged as one index would have returned them.
//
// NOTE: bleve scores every match, about 0.2 µs each: a query matching
// 270,000 segments at 1 GB took 62 ms on one core. Two shards searched
// on the two cores halve that. Scores stay those of one index: the
// scored part of a query sees the document counts of the whole index
// (globalReader), not of its shard.

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
	no      int // its number
	columns facetColumns
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
func openShards(dir string, lay layout, cfg map[string]any, create bool) (*Index, error) {
	ix := &Index{dir: dir}
	for i := range lay.Shards {
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
				ix.closeShards()
				return nil, fmt.Errorf("index %s: cannot create: %w; %s", dir, err, createRemedy)
			}
		}
		if bi == nil {
			if derr := damaged(dir, i, false); derr != nil {
				ix.closeShards()
				return nil, derr
			}
			if bi, err = bleve.OpenUsing(path, cfg); err != nil {
				ix.closeShards()
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
		ix.shards = append(ix.shards, &shard{bi: bi, no: i})
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
	var errs []error
	for _, s := range ix.shards {
		errs = append(errs, s.bi.Close())
	}
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

// search runs req on every shard at once and merges the results as one
// index would return them: hits in req's order (ties: the lower shard
// first), totals and facets summed. fcs, if not nil, holds each shard's
// facet counter.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest, fcs []*facetCounter) (*bleve.SearchResult, error) {
	if len(ix.shards) == 1 {
		ctx = context.WithValue(ctx, shardKey{}, ix.shards[0])
		if fcs != nil {
			ctx = withFacetCounter(ctx, fcs[0])
		}
		return ix.shards[0].bi.SearchInContext(ctx, req)
	}
	q := req.Query
	// NOTE: only a ranked page needs the whole index's counts.
	if req.Score != "none" && req.Size+req.From > 0 {
		g, err := ix.openGlobal()
		if err != nil {
			return nil, err
		}
		defer g.close()
		q = scoredGlobally{Query: q, g: g}
	}
	results := make([]*bleve.SearchResult, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		child := *req
		child.Query = q
		child.From, child.Size = 0, req.From+req.Size
		child.Sort = req.Sort.Copy()
		if req.Facets != nil {
			// NOTE: every term of each shard, cut to size once summed: a
			// shard's top terms are not the index's.
			child.Facets = bleve.FacetsRequest{}
			for name, f := range req.Facets {
				c := *f
				c.Size = math.MaxInt32
				child.Facets[name] = &c
			}
		}
		sctx := context.WithValue(ctx, shardKey{}, s)
		if fcs != nil {
			sctx = withFacetCounter(sctx, fcs[i])
		}
		wg.Go(func() { results[i], errs[i] = s.bi.SearchInContext(sctx, &child) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // NOTE: the shards fail alike (a bad regexp): one is enough
		}
	}
	sr := results[0]
	for _, r := range results[1:] {
		sr.Merge(r)
	}
	scoring, desc := req.Sort.CacheIsScore(), req.Sort.CacheDescending()
	slices.SortStableFunc(sr.Hits, func(a, b *search.DocumentMatch) int {
		return req.Sort.Compare(scoring, desc, a, b)
	})
	sr.Hits = sr.Hits[min(req.From, len(sr.Hits)):]
	sr.Hits = sr.Hits[:min(req.Size, len(sr.Hits))]
	for name, f := range req.Facets {
		sr.Facets.Fixup(name, f.Size)
	}
	sr.Request = req
	return sr, nil
}

// global holds a reader of every shard for one search, what the whole
// index's document counts are read from, and the counts and term
// expansions the shards' searchers asked for (each shard asks for the
// same ones).
type global struct {
	readers []bleveindex.IndexReader
	docs    uint64

	mu         sync.Mutex
	freqs      map[string]uint64
	expansions map[string]*expansion
}

func (ix *Index) openGlobal() (*global, error) {
	g := &global{freqs: map[string]uint64{}, expansions: map[string]*expansion{}}
	for _, s := range ix.shards {
		r, err := s.reader()
		if err != nil {
			g.close()
			return nil, err
		}
		g.readers = append(g.readers, r)
		n, err := r.DocCount()
		if err != nil {
			g.close()
			return nil, err
		}
		g.docs += n
	}
	return g, nil
}

func (g *global) close() {
	for _, r := range g.readers {
		r.Close()
	}
}

// docFreq is how many records of the whole index have term in field.
func (g *global) docFreq(ctx context.Context, term []byte, field string) (uint64, error) {
	key := field + "\x00" + string(term)
	g.mu.Lock()
	n, ok := g.freqs[key]
	g.mu.Unlock()
	if ok {
		return n, nil
	}
	for _, r := range g.readers {
		tfr, err := r.TermFieldReader(ctx, term, field, false, false, false)
		if err != nil {
			return 0, err
		}
		n += tfr.Count()
		tfr.Close()
	}
	g.mu.Lock()
	g.freqs[key] = n
	g.mu.Unlock()
	return n, nil
}

// expansion is the terms of one term expansion in every shard's
// dictionary, merged and sorted, built once a search.
type expansion struct {
	once    sync.Once
	err     error
	entries []bleveindex.DictEntry
	bytes   uint64
	regexp  bleveindex.RegexAutomaton
	fuzzy   bleveindex.FuzzyAutomaton
}

// expand returns the expansion under key, built by calling each on every
// shard's reader the first time.
func (g *global) expand(key string, each func(e *expansion, r bleveindex.IndexReader) (bleveindex.FieldDict, error)) (*expansion, error) {
	g.mu.Lock()
	e := g.expansions[key]
	if e == nil {
		e = &expansion{}
		g.expansions[key] = e
	}
	g.mu.Unlock()
	e.once.Do(func() { e.err = e.build(g.readers, each) })
	return e, e.err
}

func (e *expansion) build(readers []bleveindex.IndexReader, each func(e *expansion, r bleveindex.IndexReader) (bleveindex.FieldDict, error)) error {
	at := map[string]int{}
	for _, r := range readers {
		fd, err := each(e, r)
		if err != nil {
			return err
		}
		for {
			d, err := fd.Next()
			if err != nil {
				fd.Close()
				return err
			}
			if d == nil {
				break
			}
			if i, ok := at[d.Term]; ok {
				e.entries[i].Count += d.Count
			} else {
				at[d.Term] = len(e.entries)
				e.entries = append(e.entries, *d)
			}
		}
		e.bytes += fd.BytesRead()
		fd.Close()
	}
	slices.SortFunc(e.entries, func(a, b bleveindex.DictEntry) int { return strings.Compare(a.Term, b.Term) })
	return nil
}

// dict iterates over the expansion's terms.
func (e *expansion) dict() bleveindex.FieldDict {
	return &unionDict{entries: e.entries, bytes: e.bytes}
}

// scoredGlobally runs a query on a shard with the document counts of the
// whole index: tf-idf's idf is 1 + ln(records / (1 + records with the
// term)), which differs from shard to shard.
type scoredGlobally struct {
	query.Query
	g *global
}

func (q scoredGlobally) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	return q.Query.Searcher(ctx, &globalReader{IndexReader: i, g: q.g}, m, o)
}

// globalReader is a shard's reader that counts documents in the whole
// index. Only scored term readers need that: filters (unscored) get the
// shard's reader back, with bleve's bitmap optimisations.
type globalReader struct {
	bleveindex.IndexReader
	g *global
}

func (r *globalReader) DocCount() (uint64, error) { return r.g.docs, nil }

func (r *globalReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (bleveindex.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil || !freq {
		return tfr, err
	}
	n, err := r.g.docFreq(ctx, term, field)
	if err != nil {
		tfr.Close()
		return nil, err
	}
	return &countedReader{TermFieldReader: tfr, count: n}, nil
}

// A term expansion (prefix*, /regexp/, fuzzy~, ranges) lists the terms
// of every shard: each shard's query then has the same clauses, hence the
// same query norm and coordination factor, as the whole index's.

func (r *globalReader) FieldDict(field string) (bleveindex.FieldDict, error) {
	return r.union("dict", field, func(_ *expansion, sr bleveindex.IndexReader) (bleveindex.FieldDict, error) {
		return sr.FieldDict(field)
	})
}

func (r *globalReader) FieldDictRange(field string, start, end []byte) (bleveindex.FieldDict, error) {
	return r.union("range", field+"\x00"+string(start)+"\x00"+string(end), func(_ *expansion, sr bleveindex.IndexReader) (bleveindex.FieldDict, error) {
		return sr.FieldDictRange(field, start, end)
	})
}

func (r *globalReader) FieldDictPrefix(field string, prefix []byte) (bleveindex.FieldDict, error) {
	return r.union("prefix", field+"\x00"+string(prefix), func(_ *expansion, sr bleveindex.IndexReader) (bleveindex.FieldDict, error) {
		return sr.FieldDictPrefix(field, prefix)
	})
}

func (r *globalReader) FieldDictRegexp(field, re string) (bleveindex.FieldDict, error) {
	fd, _, err := r.FieldDictRegexpAutomaton(field, re)
	return fd, err
}

func (r *globalReader) FieldDictRegexpAutomaton(field, re string) (bleveindex.FieldDict, bleveindex.RegexAutomaton, error) {
	e, err := r.g.expand("regexp\x00"+field+"\x00"+re, func(e *expansion, sr bleveindex.IndexReader) (bleveindex.FieldDict, error) {
		fd, a, err := sr.(bleveindex.IndexReaderRegexp).FieldDictRegexpAutomaton(field, re)
		if e.regexp == nil {
			e.regexp = a
		}
		return fd, err
	})
	if err != nil {
		return nil, nil, err
	}
	return e.dict(), e.regexp, nil
}

func (r *globalReader) FieldDictFuzzy(field, term string, fuzziness int, prefix string) (bleveindex.FieldDict, error) {
	fd, _, err := r.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	return fd, err
}

func (r *globalReader) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (bleveindex.FieldDict, bleveindex.FuzzyAutomaton, error) {
	key := fmt.Sprintf("fuzzy\x00%s\x00%s\x00%d\x00%s", field, term, fuzziness, prefix)
	e, err := r.g.expand(key, func(e *expansion, sr bleveindex.IndexReader) (bleveindex.FieldDict, error) {
		fd, a, err := sr.(bleveindex.IndexReaderFuzzy).FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
		if e.fuzzy == nil {
			e.fuzzy = a
		}
		return fd, err
	})
	if err != nil {
		return nil, nil, err
	}
	return e.dict(), e.fuzzy, nil
}

func (r *globalReader) FieldDictContains(field string) (bleveindex.FieldDictContains, error) {
	var u unionContains
	for _, sr := range r.g.readers {
		c, err := sr.(bleveindex.IndexReaderContains).FieldDictContains(field)
		if err != nil {
			return nil, err
		}
		u = append(u, c)
	}
	return u, nil
}

// union is the expansion of kind and key in every shard's dictionary.
func (r *globalReader) union(kind, key string, each func(e *expansion, r bleveindex.IndexReader) (bleveindex.FieldDict, error)) (bleveindex.FieldDict, error) {
	e, err := r.g.expand(kind+"\x00"+key, each)
	if err != nil {
		return nil, err
	}
	return e.dict(), nil
}

// unionDict is the terms of every shard's dictionary, in order.
type unionDict struct {
	entries []bleveindex.DictEntry
	next    int
	bytes   uint64
}

func (d *unionDict) Next() (*bleveindex.DictEntry, error) {
	if d.next >= len(d.entries) {
		return nil, nil
	}
	d.next++
	return &d.entries[d.next-1], nil
}

func (d *unionDict) Close() error      { return nil }
func (d *unionDict) Cardinality() int  { return len(d.entries) }
func (d *unionDict) BytesRead() uint64 { return d.bytes }

// unionContains holds a term if any shard does.
type unionContains []bleveindex.FieldDictContains

func (u unionContains) Contains(key []byte) (bool, error) {
	for _, c := range u {
		if ok, err := c.Contains(key); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

func (u unionContains) BytesRead() uint64 {
	var n uint64
	for _, c := range u {
		n += c.BytesRead()
	}
	return n
}

// shardReader is the shard's own reader under a globalReader.
func shardReader(i bleveindex.IndexReader) bleveindex.IndexReader {
	if g, ok := i.(*globalReader); ok {
		return g.IndexReader
	}
	return i
}

// countedReader is a term's postings in a shard, counted in the whole index.
type countedReader struct {
	bleveindex.TermFieldReader
	count uint64
}

func (r *countedReader) Count() uint64 { return r.count }
