package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// An ingest leaves each shard as scorch's background merger left it: 16
// and 17 segment files at 1 GB. A search pays for every file (a
// dictionary lookup and a posting iterator per term and file), a one-shot
// command maps them all. Compact merges them with scorch's own tiered
// planner, allowed two files per size tier instead of ten: after a first
// large ingest it merges nearly everything (1 GB: 16 and 17 files → 6 and
// 1 in about a minute; scored warm searches 8–44 % and one-shot searches
// about a fifth faster); after a small one only the small files it wrote
// (41 MB added to 100 MB: 20 → 6 files in 1 s); after one that wrote
// nothing, nothing.

// compactPlan is the merge plan Compact follows.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentsPerTier = 2
	return o
}()

// scorchMergeDone is the context key under which scorch's merger reports
// the outcome of a requested merge on a channel (its own name for it:
// unexported, an untyped string). Without it a merge that fails (a full
// disk) is retried without end and ForceMerge never returns.
const scorchMergeDone = "mergeDone"

// CompactError says why the index was not compacted. The index is whole
// and searchable; only slower.
type CompactError struct {
	Dir    string
	Why    string // "interrupted"
	Remedy string // "run ingest again"
}

func (e *CompactError) Error() string {
	return fmt.Sprintf("index %s is complete but not compacted: %s; searches are slower until an ingest compacts it: %s", e.Dir, e.Why, e.Remedy)
}

// Compact merges the segments of every shard, the shards at once, until
// the plan merges no more, and says how many segment files there were
// before and after.
//
// NOTE: the planner sizes its tiers from the smallest segment, which a
// merge removes: its next plan may merge again (100 MB: 23 files → 5 →
// 2). Compacting until it stops makes a second ingest that writes
// nothing merge nothing.
func (ix *Index) Compact(ctx context.Context) (before, after int, err error) {
	if ix.readOnly {
		return 0, 0, errors.New("index: Compact on an index opened read-only")
	}
	scs := make([]*scorch.Scorch, len(ix.shards))
	for i, s := range ix.shards {
		adv, err := s.bi.Advanced()
		if err != nil {
			return 0, 0, err
		}
		var ok bool
		if scs[i], ok = adv.(*scorch.Scorch); !ok {
			return 0, 0, fmt.Errorf("index %s: shard %d is not a scorch index", ix.dir, i)
		}
	}
	for round := 0; ; round++ {
		plans := make([]mergeWork, len(scs))
		var need int64
		busy := false
		for i, sc := range scs {
			if plans[i], err = planMerge(sc); err != nil {
				return before, after, err
			}
			need += plans[i].bytes
			busy = busy || plans[i].tasks > 0
		}
		after = 0
		for _, p := range plans {
			after += p.segments
		}
		if round == 0 {
			before = after
		}
		if !busy || round == maxCompactRounds {
			return before, after, nil
		}
		// NOTE: a merge writes its segment before it drops those it
		// merged: it needs as much room again as they take.
		if free, err := freeBytes(ix.dir); err == nil && free < need {
			return before, after, &CompactError{Dir: ix.dir, Why: fmt.Sprintf("merging needs %s free and there are %s", sizeString(need), sizeString(free)), Remedy: "free space and run ingest again"}
		}
		errs := make([]error, len(scs))
		var wg sync.WaitGroup
		for i, sc := range scs {
			if plans[i].tasks > 0 {
				wg.Go(func() { errs[i] = forceMerge(ctx, sc) })
			}
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			f := WriteFault(err)
			i := strings.LastIndex(f, "; ")
			why, remedy := f[:i], f[i+2:]
			if ctx.Err() != nil {
				why, remedy = "interrupted", "run ingest again"
			}
			return before, after, &CompactError{Dir: ix.dir, Why: why, Remedy: remedy}
		}
	}
}

// maxCompactRounds bounds Compact's merges; each merges at least two
// segments into one, and the plan settles in two or three.
const maxCompactRounds = 8

// mergeWork is what compactPlan would merge in a shard now.
type mergeWork struct {
	segments int   // the segments of the shard's snapshot
	tasks    int   // merges planned
	bytes    int64 // size of the files they merge
}

// planMerge plans a merge of sc's persisted segments by compactPlan, as
// scorch's merger does when asked.
func planMerge(sc *scorch.Scorch) (mergeWork, error) {
	r, err := sc.Reader()
	if err != nil {
		return mergeWork{}, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return mergeWork{}, errors.New("scorch reader is not a snapshot")
	}
	var persisted []mergeplan.Segment
	for _, ss := range snap.Segments() {
		if _, ok := ss.Segment().(segment.PersistedSegment); ok {
			persisted = append(persisted, ss)
		}
	}
	w := mergeWork{segments: len(snap.Segments())}
	plan := compactPlan
	mp, err := mergeplan.Plan(persisted, &plan)
	if err != nil || mp == nil {
		return w, err
	}
	w.tasks = len(mp.Tasks)
	for _, t := range mp.Tasks {
		for _, sg := range t.Segments {
			w.bytes += sg.FileSize()
		}
	}
	return w, nil
}

// freeBytes is the room left for this user on dir's file system; a
// variable, for a test to fill the disk.
var freeBytes = func(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(st.Bavail) * st.Bsize, nil
}

// forceMerge has scorch merge the index's segments by compactPlan once.
func forceMerge(ctx context.Context, sc *scorch.Scorch) error {
	done := make(chan error, 1)
	returned := make(chan error, 1)
	plan := compactPlan
	go func() { returned <- sc.ForceMerge(context.WithValue(ctx, scorchMergeDone, done), &plan) }()
	select {
	case err := <-done:
		if err == nil {
			// NOTE: it counts itself finished after this report; another
			// merge asked before then is refused.
			return <-returned
		}
		// NOTE: after a failed merge ForceMerge waits for the index to
		// close; its goroutine ends then.
		return err
	case err := <-returned:
		// NOTE: it returns before the merger reported only when it did
		// not run (a close, another force merge).
		select {
		case derr := <-done:
			return derr
		default:
			return err
		}
	}
}

// sizeString is n bytes in MB or GB.
func sizeString(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}
