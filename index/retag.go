package index

import (
	"context"
	"fmt"

	"github.com/oewg/oewg/corpus"
)

// rulesKey is the internal key under which shard 0 keeps the fingerprint
// of the rules that tagged the index.
var rulesKey = []byte("oewg:rules")

// Rules returns the fingerprint of the rules that tagged the index
// (classify.RuleSet.Fingerprint), or "" when none was recorded (an empty
// index, or one written before fingerprints were kept).
func (ix *Index) Rules() (string, error) {
	b, err := ix.shards[0].bi.GetInternal(rulesKey)
	if err != nil {
		return "", fmt.Errorf("index %s: %w", ix.dir, err)
	}
	return string(b), nil
}

// SetRules records fp as the fingerprint of the rules that tagged the
// index.
func (ix *Index) SetRules(fp string) error {
	if err := ix.shards[0].bi.SetInternal(rulesKey, []byte(fp)); err != nil {
		return fmt.Errorf("index %s: %w", ix.dir, err)
	}
	return nil
}

// Retag calls tag on every stored segment, read back from the index (the
// files are not read again), writes the segments back with their new tags
// and returns how many there were. Each document's record is written again
// with its new counts (corpus.CountDocument); its description is kept.
func (ix *Index) Retag(ctx context.Context, tag func(*corpus.Segment)) (int, error) {
	docs, err := ix.Documents(ctx)
	if err != nil {
		return 0, err
	}
	infos := make(map[string]DocInfo, len(docs))
	for _, d := range docs {
		infos[d.ID] = d
	}
	w := ix.NewWriter()
	n := 0
	// cur gathers the re-tagged segments (without text) of the document
	// being read: segments come in id order, a document's together.
	var cur *corpus.Document
	record := func() error {
		if cur == nil {
			return nil
		}
		rec, err := newRecord(infos[cur.ID], cur)
		if err != nil {
			return err
		}
		if err := w.batches[ix.shardOf(cur.ID).no].Index(recordID(cur.ID), rec); err != nil {
			return fmt.Errorf("%s: %w", cur.File, err)
		}
		cur = nil
		return w.maybeFlush()
	}
	err = ix.Segments(ctx, Filter{}, func(s corpus.Segment) error {
		info, ok := infos[s.Doc]
		if !ok {
			return nil // an incomplete document: the next ingest redoes it
		}
		if cur == nil || cur.ID != s.Doc {
			if err := record(); err != nil {
				return err
			}
			cur = &corpus.Document{ID: info.ID, File: info.File, Meta: info.Meta}
		}
		tag(&s)
		rec, err := newSegmentRecord(cur, &s)
		if err != nil {
			return err
		}
		w.bytes += len(s.Text)
		if err := w.batches[ix.shardOf(cur.ID).no].Index(SegmentID(cur.ID, s.Seq), rec); err != nil {
			return fmt.Errorf("%s: segment %d: %w", cur.File, s.Seq, err)
		}
		s.Text = ""
		cur.Segments = append(cur.Segments, s)
		n++
		return w.maybeFlush()
	})
	if err == nil {
		err = record()
	}
	if err != nil {
		return n, err
	}
	return n, w.Flush()
}
