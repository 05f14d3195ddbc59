package index

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/oewg/oewg/corpus"
)

// BatchSize is how many index operations a Writer gathers before it
// commits them as one bleve batch; BatchBytes how much segment text.
const (
	BatchSize  = 1000
	BatchBytes = 4 << 20
)

// DocInfo describes an indexed document (its record, without segments).
type DocInfo struct {
	// ID is the document id.
	ID string `json:"doc"`
	// File is the path it was read from, as given.
	File string `json:"file,omitempty"`
	// Path is File made absolute: the file's identity across ingests run
	// from different folders.
	Path string `json:"path,omitempty"`
	// Hash is the SHA-256 of the file's bytes, hex.
	Hash string `json:"hash,omitempty"`
	// Meta is the document's metadata.
	Meta corpus.Meta `json:"meta"`
	// Extractor names what produced the text.
	Extractor string `json:"extractor,omitempty"`
	// Segments is the number of segments indexed.
	Segments int `json:"segments"`
	// Speakers is the number of distinct speakers of its segments (none
	// in indexes written before it was recorded).
	Speakers int `json:"speakers,omitempty"`
	// Size and ModTime are the file's when it was read (none in indexes
	// written before they were recorded).
	Size    int64     `json:"size,omitempty"`
	ModTime time.Time `json:"mtime,omitzero"`
	// Ingested is when this version was indexed, UTC (none in indexes
	// written before it was recorded; a re-tag keeps it).
	Ingested time.Time `json:"ingested,omitzero"`
}

// SegmentID is the index id of a document's seq-th segment.
func SegmentID(docID string, seq int) string { return corpus.SegmentID(docID, seq) }

// recordID is the index id of a document's record.
func recordID(docID string) string { return docID + "#doc" }

// Put indexes doc, replacing any earlier version of it: old segments are
// deleted (whatever their seq), the new ones indexed in batches of
// BatchSize, and the document record last.
func (ix *Index) Put(doc *corpus.Document) error {
	w := ix.NewWriter()
	if err := w.Add(doc); err != nil {
		return err
	}
	return w.Flush()
}

// Delete removes a document and all its segments.
func (ix *Index) Delete(docID string) error {
	ids, err := ix.segmentIDs(docID)
	if err != nil {
		return err
	}
	bi := ix.shardOf(docID).bi
	b := bi.NewBatch()
	b.Delete(recordID(docID))
	for _, id := range ids {
		b.Delete(id)
	}
	if err := bi.Batch(b); err != nil {
		ix.writeFailed = true
		return &WriteError{Dir: ix.dir, Err: err}
	}
	return nil
}

// segmentIDs lists the ids of every committed segment of a document.
func (ix *Index) segmentIDs(docID string) ([]string, error) {
	var ids []string
	q := query.NewConjunctionQuery([]query.Query{termQ("type", typeSegment), docsQuery{docs: []string{docID}, shards: len(ix.shards)}})
	err := ix.eachHit(context.Background(), q, nil, func(h *search.DocumentMatch) error {
		ids = append(ids, h.ID)
		return nil
	})
	return ids, err
}

// docsWithSegments lists the documents that have committed segments: the
// only ones whose old segments a Writer must look up.
func (ix *Index) docsWithSegments() (map[string]bool, error) {
	req := bleve.NewSearchRequestOptions(termQ("type", typeSegment), 0, 0, false)
	req.AddFacet("doc", bleve.NewFacetRequest("doc", math.MaxInt32))
	res, err := ix.search(context.Background(), req, nil)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
	out := map[string]bool{}
	for _, t := range res.Facets["doc"].Terms.Terms() {
		out[t.Term] = true
	}
	return out, nil
}

// Writer indexes many documents in shared batches, for throughput. A
// document's record always goes in the same batch as its last segments or
// a later one, so a crash never leaves a record without its segments.
// A Writer is not safe for concurrent use.
type Writer struct {
	ix      *Index
	batches []*bleve.Batch      // by shard
	pending map[string][]string // doc id → segment ids in the uncommitted batch
	bytes   int                 // segment text in the uncommitted batch
	// indexed is every document with committed segments, read on the
	// first Add, so that a new document costs no search.
	indexed map[string]bool
	// records are the documents whose record is in the uncommitted batch,
	// by shard.
	records [][]string
	// Committed, if set, is called after every successful commit with the
	// documents whose record it committed: from then on they are in the
	// index, complete. A document added but not yet passed to Committed is
	// not saved.
	Committed func(docIDs []string)
}

// NewWriter returns a Writer; call Flush when done.
func (ix *Index) NewWriter() *Writer {
	w := &Writer{ix: ix, pending: map[string][]string{}, records: make([][]string, len(ix.shards))}
	for _, s := range ix.shards {
		w.batches = append(w.batches, s.bi.NewBatch())
	}
	return w
}

// Add queues doc for indexing, replacing any earlier version, and commits
// a batch whenever BatchSize operations are queued.
func (w *Writer) Add(doc *corpus.Document) error {
	if doc.ID == "" {
		return fmt.Errorf("%s: document has no id", doc.File)
	}
	if w.indexed == nil {
		var err error
		if w.indexed, err = w.ix.docsWithSegments(); err != nil {
			return err
		}
	}
	var old []string
	if w.indexed[doc.ID] {
		var err error
		if old, err = w.ix.segmentIDs(doc.ID); err != nil {
			return err
		}
	}
	old = append(old, w.pending[doc.ID]...)
	no := w.ix.shardOf(doc.ID).no
	// NOTE: a flush starts a new batch: read it again after one.
	batch := w.batches[no]
	// NOTE: the record is deleted first, in the first batch that touches
	// the document, so an interrupted replace reads as incomplete.
	batch.Delete(recordID(doc.ID))
	keep := make(map[string]bool, len(doc.Segments))
	for i := range doc.Segments {
		keep[SegmentID(doc.ID, doc.Segments[i].Seq)] = true
	}
	for _, id := range old {
		if !keep[id] {
			batch.Delete(id)
		}
	}
	delete(w.pending, doc.ID)
	for i := range doc.Segments {
		s := &doc.Segments[i]
		rec, err := newSegmentRecord(doc, s)
		if err != nil {
			return err
		}
		id := SegmentID(doc.ID, s.Seq)
		w.bytes += len(s.Text)
		if err := batch.Index(id, rec); err != nil {
			return fmt.Errorf("%s: segment %d: %w", doc.File, s.Seq, err)
		}
		w.pending[doc.ID] = append(w.pending[doc.ID], id)
		if err := w.maybeFlush(); err != nil {
			return err
		}
		batch = w.batches[no]
	}
	rec, err := newDocumentRecord(doc)
	if err != nil {
		return err
	}
	if err := batch.Index(recordID(doc.ID), rec); err != nil {
		return fmt.Errorf("%s: %w", doc.File, err)
	}
	w.records[no] = append(w.records[no], doc.ID)
	return w.maybeFlush()
}

func (w *Writer) maybeFlush() error {
	// NOTE: a batch is also committed once it holds BatchBytes of text, so
	// that a few huge documents do not make bleve analyse hundreds of
	// megabytes at once.
	if w.bytes >= BatchBytes {
		return w.Flush()
	}
	for _, b := range w.batches {
		if b.Size() >= BatchSize {
			return w.Flush()
		}
	}
	return nil
}

// Flush commits the queued operations, each shard's batch at the same time.
func (w *Writer) Flush() error {
	errs := make([]error, len(w.batches))
	var wg sync.WaitGroup
	for i, b := range w.batches {
		if b.Size() == 0 {
			continue
		}
		wg.Go(func() {
			errs[i] = w.ix.shards[i].bi.Batch(b)
			// NOTE: a new batch, not b.Reset(): scorch's goroutine that
			// queues a batch's documents may still be ending its walk of
			// b's map when Batch returns (the race detector sees it).
			w.batches[i] = w.ix.shards[i].bi.NewBatch()
		})
	}
	wg.Wait()
	// NOTE: a shard whose batch failed has not saved its records, the
	// others have; the first error stands for all (they share a disk).
	var failed error
	for i, err := range errs {
		if err != nil {
			failed = cmp.Or(failed, err)
		} else if w.Committed != nil && len(w.records[i]) > 0 {
			w.Committed(w.records[i])
		}
		w.records[i] = w.records[i][:0]
	}
	if failed != nil {
		w.ix.writeFailed = true
		return &WriteError{Dir: w.ix.dir, Err: failed}
	}
	w.bytes = 0
	for id := range w.pending {
		w.indexed[id] = true
	}
	clear(w.pending)
	return nil
}

func newSegmentRecord(doc *corpus.Document, s *corpus.Segment) (*segmentRecord, error) {
	c := *s
	c.Text = ""
	if c.Doc == "" {
		c.Doc = doc.ID
	}
	if c.Source == "" {
		c.Source = doc.Meta.Source // NOTE: a segment read back names its document's URL
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	r := &segmentRecord{
		Type: typeSegment, Doc: c.Doc, File: s.File, Kind: s.Kind, Process: s.Process,
		Session: s.Session, Meeting: s.Meeting, Date: s.Date, Seq: s.Seq,
		Title: s.Title, Source: c.Source,
		Speaker: s.Speaker.Key, SpeakerName: s.Speaker.Name, Role: s.Speaker.Role,
		Speakers: []string{s.Speaker.Key}, OnBehalfOf: s.OnBehalfOf, AlignedWith: s.AlignedWith,
		Text: s.Text, Raw: string(raw),
	}
	if s.OnBehalfOf != "" && s.OnBehalfOf != s.Speaker.Key {
		r.Speakers = append(r.Speakers, s.OnBehalfOf)
	}
	seen := map[string]bool{}
	for _, t := range s.Tags {
		if !seen[t.Position] {
			seen[t.Position] = true
			r.Positions = append(r.Positions, t.Position)
		}
		if !seen[":"+t.Stance] {
			seen[":"+t.Stance] = true
			r.Stances = append(r.Stances, t.Stance)
		}
		if ps := t.Position + ":" + t.Stance; !seen[ps] {
			seen[ps] = true
			r.PosStances = append(r.PosStances, ps)
		}
	}
	return r, nil
}

func newDocumentRecord(doc *corpus.Document) (*documentRecord, error) {
	speakers := map[string]bool{}
	for i := range doc.Segments {
		speakers[doc.Segments[i].Speaker.Key] = true
	}
	info := DocInfo{ID: doc.ID, Speakers: len(speakers), File: doc.File, Path: AbsPath(doc.File), Hash: doc.Hash, Meta: doc.Meta, Extractor: doc.Extractor, Segments: len(doc.Segments),
		Size: doc.Size, ModTime: doc.ModTime, Ingested: time.Now().UTC().Truncate(time.Second)}
	return newRecord(info, doc)
}

// newRecord makes the record of a document described by info, counting
// doc's segments and tags for the reports.
func newRecord(info DocInfo, doc *corpus.Document) (*documentRecord, error) {
	raw, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	return &documentRecord{Type: typeDocument, Doc: doc.ID, Raw: string(raw), Counts: corpus.EncodeCounts(corpus.CountDocument(doc).Speakers)}, nil
}

// AbsPath is path made absolute and clean, or path itself if that fails.
func AbsPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// Known is what an incremental ingest needs to know of an indexed document.
type Known struct {
	// Hash is the content hash of the indexed version.
	Hash string
	// Path is the absolute path it was read from ("" in indexes written
	// before paths were recorded).
	Path string
	// Size and ModTime are the file's when it was read.
	Size    int64
	ModTime time.Time
}

// Unchanged reports whether a file at path with this size and modification
// time is the indexed version, without reading it.
func (k Known) Unchanged(path string, size int64, mtime time.Time) bool {
	return k.Path != "" && k.Path == path && !k.ModTime.IsZero() && k.Size == size && k.ModTime.Equal(mtime)
}

// KnownDocuments returns every complete document's hash and path, by id:
// what an incremental ingest compares its files against, read in one pass
// (one look-up per file would cost more than reading the file).
func (ix *Index) KnownDocuments(ctx context.Context) (map[string]Known, error) {
	docs, err := ix.Documents(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Known, len(docs))
	for _, d := range docs {
		out[d.ID] = Known{Hash: d.Hash, Path: d.Path, Size: d.Size, ModTime: d.ModTime}
	}
	return out, nil
}
