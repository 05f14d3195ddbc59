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
// and returns how many there were. Documents keep their records: only the
// tags, and the fields made from them, change.
func (ix *Index) Retag(ctx context.Context, tag func(*corpus.Segment)) (int, error) {
	docs, err := ix.Documents(ctx)
	if err != nil {
		return 0, err
	}
	byID := make(map[string]*corpus.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = &corpus.Document{ID: d.ID, File: d.File, Meta: d.Meta}
	}
	w := ix.NewWriter()
	n := 0
	err = ix.Segments(ctx, Filter{}, func(s corpus.Segment) error {
		doc, ok := byID[s.Doc]
		if !ok {
			return nil // an incomplete document: the next ingest redoes it
		}
		tag(&s)
		rec, err := newSegmentRecord(doc, &s)
		if err != nil {
			return err
		}
		w.bytes += len(s.Text)
		if err := w.batches[ix.shardOf(doc.ID).no].Index(SegmentID(doc.ID, s.Seq), rec); err != nil {
			return fmt.Errorf("%s: segment %d: %w", doc.File, s.Seq, err)
		}
		n++
		return w.maybeFlush()
	})
	if err != nil {
		return n, err
	}
	return n, w.Flush()
}
