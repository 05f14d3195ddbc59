package index

import (
	"context"
	"fmt"
	"slices"

	"github.com/oewg/oewg/corpus"
)

// Counts calls fn with the speaker and tag counts of every complete
// document that passes f, read from the document records (one per
// document) instead of the segments: what the position tables and
// comparisons add up. The document conditions (Kind, Process, Session,
// From, To, Docs) select documents; Speakers (speaker or group spoken
// for), Speaker and Roles select a document's speakers; Positions and
// Stance select a speaker's positions, and a speaker left with none is
// dropped, as is one without tags when Tagged. Documents left with no
// speaker are skipped.
func (ix *Index) Counts(ctx context.Context, f Filter, fn func(corpus.DocCounts) error) error {
	for _, part := range ix.CountParts(ctx, f) {
		if err := part(fn); err != nil {
			return err
		}
	}
	return nil
}

// CountParts splits Counts in parts, one per shard, that may be read at
// once (each calls its fn from the goroutine that called it): Counts reads
// them one after the other.
func (ix *Index) CountParts(ctx context.Context, f Filter) []func(fn func(corpus.DocCounts) error) error {
	keep := f.countFilter()
	parts := make([]func(fn func(corpus.DocCounts) error) error, len(ix.shards))
	for i, s := range ix.shards {
		parts[i] = func(fn func(corpus.DocCounts) error) error {
			err := shardCounts(ctx, s, func(dc corpus.DocCounts) error {
				if !keep.doc(dc.Doc, dc.Meta) {
					return nil
				}
				// NOTE: kept in place, a speaker moved only when one before
				// it was dropped.
				n := 0
				for i := range dc.Speakers {
					if keep.speaker(&dc.Speakers[i]) {
						if n != i {
							dc.Speakers[n] = dc.Speakers[i]
						}
						n++
					}
				}
				if n == 0 {
					return nil
				}
				dc.Speakers = dc.Speakers[:n]
				return fn(dc)
			})
			if err != nil {
				return fmt.Errorf("index %s: %w", ix.dir, err)
			}
			return nil
		}
	}
	return parts
}

// countFilter is a Filter read for Counts.
type countFilter struct {
	f                         Filter
	docs, speakers, roles, ps map[string]bool
	byPosition                bool
}

func set(vs []string) map[string]bool {
	if len(vs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func (f Filter) countFilter() countFilter {
	return countFilter{f: f, docs: set(f.Docs), speakers: set(f.Speakers), roles: set(f.Roles), ps: set(f.Positions),
		byPosition: len(f.Positions) > 0 || f.Stance != "" || f.Tagged}
}

// doc reports whether a document's metadata passes the filter.
func (c countFilter) doc(id string, m corpus.Meta) bool {
	f := c.f
	switch {
	case c.docs != nil && !c.docs[id],
		f.Kind != "" && m.Kind != f.Kind,
		f.Process != "" && m.Process != f.Process,
		f.Session != 0 && m.Session != f.Session,
		(f.From != "" || f.To != "") && m.Date == "",
		f.From != "" && m.Date < f.From,
		f.To != "" && m.Date > f.To:
		return false
	}
	return true
}

// speaker reports whether a speaker passes the filter, and keeps only the
// positions that do.
func (c countFilter) speaker(sc *corpus.SpeakerCount) bool {
	f := c.f
	switch {
	case c.speakers != nil && !c.speakers[sc.Speaker.Key] && !c.speakers[sc.OnBehalfOf],
		f.Speaker != "" && sc.Speaker.Key != f.Speaker,
		c.roles != nil && !c.roles[sc.Speaker.Role]:
		return false
	}
	if !c.byPosition {
		return true
	}
	if c.ps == nil && f.Stance == "" {
		return len(sc.Positions) > 0 // Tagged alone
	}
	sc.Positions = slices.DeleteFunc(sc.Positions, func(p corpus.PositionCount) bool {
		return (c.ps != nil && !c.ps[p.Position]) || (f.Stance != "" && p.Tags[corpus.StanceClass(f.Stance)] == 0)
	})
	return len(sc.Positions) > 0
}
