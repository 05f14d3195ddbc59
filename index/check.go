package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bleveutil "github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"

	"github.com/oewg/oewg/corpus"
)

// ErrDamaged is the error a *DamagedError matches with errors.Is.
var ErrDamaged = errors.New("index damaged")

// DamagedError is an index file that is missing or cannot be read.
type DamagedError struct {
	// Dir is the index directory.
	Dir string
	// Problem names the file and what is wrong with it.
	Problem Problem
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("index %s: %s; %s", e.Dir, e.Problem, damagedRemedy)
}

func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// damagedRemedy is what to do about a damaged file.
const damagedRemedy = "oewg check lists every problem, oewg ingest --rebuild re-creates the index from its source files"

// Problem is one thing wrong with an index.
type Problem struct {
	// File is the file or folder concerned, relative to the index
	// ("shard-0/store/000000000003.zap"); "" for a document.
	File string
	// Doc is the document concerned; "" for a file.
	Doc string
	// What says what is wrong ("is missing", "is damaged (…)").
	What string
	// Incomplete marks a document whose segments have no record: what an
	// interrupted ingest leaves, and what one that runs shows.
	Incomplete bool
}

func (p Problem) String() string {
	if p.File != "" {
		return p.File + " " + p.What
	}
	return "document " + p.Doc + ": " + p.What
}

// Report is what Check found.
type Report struct {
	// Shards, Documents and Segments count what the index holds.
	Shards, Documents, Segments int
	// Problems are what is wrong, files first.
	Problems []Problem
}

// CheckFiles reads every file of the index in dir that bleve needs to open
// it: the layout, each shard's index_meta.json and root.bolt, and every
// segment file the shard's last snapshot names, whose checksum it verifies.
// It returns the files that are missing or damaged, and an *InUseError if
// a writer holds a shard.
func CheckFiles(dir string) ([]Problem, error) {
	lay, err := readLayout(dir)
	var problems []Problem
	if errors.Is(err, ErrDamaged) {
		var de *DamagedError
		errors.As(err, &de)
		problems = append(problems, de.Problem)
		lay.Shards = countShardDirs(dir)
	} else if err != nil {
		return nil, err
	}
	for i := range lay.Shards {
		ps, err := checkShardFiles(dir, i, true)
		if err != nil {
			return nil, err
		}
		problems = append(problems, ps...)
	}
	return problems, nil
}

// CheckFiles is CheckFiles for the files ix reads: the index's own, or
// the snapshot of them that it reads while a writer writes.
func (ix *Index) CheckFiles() ([]Problem, error) {
	if ix.snapshot != "" {
		return CheckFiles(ix.snapshot)
	}
	return CheckFiles(ix.dir)
}

// countShardDirs is how many shards dir seems to have: one more than the
// highest shard-N folder in it.
func countShardDirs(dir string) int {
	n := 0
	matches, _ := filepath.Glob(filepath.Join(dir, "shard-*"))
	for _, m := range matches {
		var i int
		if _, err := fmt.Sscanf(filepath.Base(m), "shard-%d", &i); err == nil && i+1 > n {
			n = i + 1
		}
	}
	return n
}

// checkShardFiles checks the files of shard i of the index in dir; full
// verifies the segment files' checksums, else only their footers.
func checkShardFiles(dir string, i int, full bool) ([]Problem, error) {
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
	sd := shardDir(dir, i)
	if _, err := os.Stat(sd); err != nil {
		return []Problem{{File: rel(sd), What: fileFault(err)}}, nil
	}
	var problems []Problem
	meta := filepath.Join(sd, "index_meta.json")
	if b, err := os.ReadFile(meta); err != nil {
		problems = append(problems, Problem{File: rel(meta), What: fileFault(err)})
	} else if !json.Valid(b) {
		problems = append(problems, Problem{File: rel(meta), What: "is damaged (not complete JSON: truncated?)"})
	}
	root := filepath.Join(sd, "store", "root.bolt")
	if _, err := os.Stat(root); err != nil {
		return append(problems, Problem{File: rel(root), What: fileFault(err)}), nil
	}
	segs, err := snapshotSegments(root)
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		info, _ := readLock(filepath.Join(dir, lockName))
		return nil, &InUseError{Dir: dir, Holder: info}
	case err != nil:
		return append(problems, Problem{File: rel(root), What: fmt.Sprintf("is damaged (%v)", err)}), nil
	}
	for _, name := range segs {
		p := filepath.Join(sd, "store", name)
		if what := checkSegmentFile(p, full); what != "" {
			problems = append(problems, Problem{File: rel(p), What: what})
		}
	}
	return problems, nil
}

// SegmentFiles lists the segment files that the last snapshot of each
// shard of the index in dir names, relative to dir: the files a search
// reads (others may wait to be deleted).
func SegmentFiles(dir string) ([]string, error) {
	lay, err := readLayout(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for i := range lay.Shards {
		segs, err := snapshotSegments(filepath.Join(shardDir(dir, i), "store", "root.bolt"))
		if err != nil {
			return nil, err
		}
		for _, s := range segs {
			out = append(out, filepath.Join(filepath.Base(shardDir(dir, i)), "store", s))
		}
	}
	return out, nil
}

// snapshotSegments lists the segment files of the last snapshot that
// scorch recorded in root.bolt (none for an index never written).
func snapshotSegments(root string) ([]string, error) {
	db, err := bolt.Open(root, 0o600, &bolt.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var names []string
	err = db.View(func(tx *bolt.Tx) error {
		snaps := tx.Bucket(bleveutil.BoltSnapshotsBucket)
		if snaps == nil {
			return nil // a new index, never written
		}
		c := snaps.Cursor()
		for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			snap := snaps.Bucket(k)
			if snap == nil || string(k) == string(bleveutil.BoltTrainerKey) {
				continue
			}
			return snap.ForEachBucket(func(k []byte) error {
				if k[0] == bleveutil.BoltInternalKey[0] || k[0] == bleveutil.BoltMetaDataKey[0] {
					return nil
				}
				p := snap.Bucket(k).Get(bleveutil.BoltPathKey)
				if p == nil {
					return errors.New("a segment without a file name")
				}
				names = append(names, string(p))
				return nil
			})
		}
		return nil
	})
	return names, err
}

// checkSegmentFile verifies a zap segment file's checksum, which covers
// every byte before it, or with !full only that its footer names a zap
// version; it returns what is wrong, or "".
func checkSegmentFile(path string, full bool) string {
	const truncated = "is damaged (its checksum does not match: truncated or overwritten)"
	if !full {
		f, err := os.Open(path)
		if err != nil {
			return fileFault(err)
		}
		defer f.Close()
		var tail [8]byte
		fi, err := f.Stat()
		if err == nil {
			_, err = f.ReadAt(tail[:], fi.Size()-8)
		}
		if v := binary.BigEndian.Uint32(tail[:4]); err != nil || v < zapVersions[0] || v > zapVersions[1] {
			return truncated
		}
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fileFault(err)
	}
	if n := len(b); n < 4 || crc32.ChecksumIEEE(b[:n-4]) != binary.BigEndian.Uint32(b[n-4:]) {
		return truncated
	}
	return ""
}

// zapVersions are the first and last zap segment format versions that
// bleve reads (zapx v11 to v17): the 4 bytes before a segment's checksum.
var zapVersions = [2]uint32{11, 17}

// fileFault says what an error reading an index file means.
func fileFault(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "is missing"
	case errors.Is(err, fs.ErrPermission):
		return "cannot be read (permission denied)"
	}
	return fmt.Sprintf("cannot be read (%v)", err)
}

// damaged explains why bleve could not open shard i of the index in dir,
// or will not open its last snapshot: a *DamagedError naming the first
// missing or damaged file, or nil when its files look sound (or a writer
// holds it).
//
// NOTE: scorch falls back, silently but for a log line, to an older
// snapshot when a segment file of the last one is damaged: an index that
// opens can have lost its last batches. Hence this quick look (a bolt
// read and each segment's footer) before every open.
func damaged(dir string, i int, full bool) error {
	ps, err := checkShardFiles(dir, i, full)
	if err != nil || len(ps) == 0 {
		return nil
	}
	return &DamagedError{Dir: dir, Problem: ps[0]}
}

// Check verifies that the index's records agree: every document record
// lies in its shard, names as many segments as the index holds for it,
// and every segment has a record and the id of its document and number.
// Problems go in the report; the error is the index's.
func (ix *Index) Check(ctx context.Context) (Report, error) {
	rep := Report{Shards: len(ix.shards)}
	for _, s := range ix.shards {
		records := map[string]DocInfo{}
		counts := map[string]string{}
		err := eachRecord(ctx, s, typeDocument, func(id string, raw, cs []byte) error {
			var d DocInfo
			if err := json.Unmarshal(raw, &d); err != nil || recordID(d.ID) != id {
				rep.Problems = append(rep.Problems, Problem{Doc: strings.TrimSuffix(id, "#doc"), What: "its record is damaged; run oewg ingest --rebuild"})
				return nil
			}
			records[d.ID] = d
			counts[d.ID] = string(cs)
			return nil
		})
		if err != nil {
			return rep, fmt.Errorf("index %s: %w", ix.dir, err)
		}
		segs := map[string][]corpus.Segment{}
		err = eachRecord(ctx, s, typeSegment, func(id string, raw, _ []byte) error {
			var seg corpus.Segment
			if err := json.Unmarshal(raw, &seg); err != nil || SegmentID(seg.Doc, seg.Seq) != id {
				rep.Problems = append(rep.Problems, Problem{Doc: strings.SplitN(id, "#", 2)[0], What: fmt.Sprintf("segment %s is damaged; run oewg ingest --rebuild", id)})
				return nil
			}
			segs[seg.Doc] = append(segs[seg.Doc], seg)
			return nil
		})
		if err != nil {
			return rep, fmt.Errorf("index %s: %w", ix.dir, err)
		}
		rep.Documents += len(records)
		for _, id := range slices.Sorted(mapsKeys(records, segs)) {
			d, ok := records[id]
			n := len(segs[id])
			rep.Segments += n
			switch {
			case !ok:
				again := "run oewg ingest again on its folder"
				if f := segs[id][0].File; f != "" {
					again = "run oewg ingest " + f + " again"
				}
				rep.Problems = append(rep.Problems, Problem{Doc: id, What: fmt.Sprintf("%d segments without a record (an ingest was interrupted); %s", n, again), Incomplete: true})
				continue
			case shardNo(id, len(ix.shards)) != s.no:
				rep.Problems = append(rep.Problems, Problem{Doc: id, What: fmt.Sprintf("is in shard-%d, not in its shard-%d; run oewg ingest --rebuild", s.no, shardNo(id, len(ix.shards)))})
			case d.Segments != n:
				rep.Problems = append(rep.Problems, Problem{Doc: id, What: fmt.Sprintf("its record says %d segments, the index holds %d; run oewg ingest --force %s", d.Segments, n, d.File)})
			}
			for _, what := range checkDocument(d, counts[id], segs[id]) {
				rep.Problems = append(rep.Problems, Problem{Doc: id, What: what})
			}
		}
	}
	return rep, nil
}

// checkDocument checks what a document's record says of its segments
// beyond their number — its speakers, and the counts the reports add up
// (recounted from the segments' tags) — and returns what disagrees.
func checkDocument(d DocInfo, counts string, segs []corpus.Segment) []string {
	speakers := map[string]bool{}
	for i := range segs {
		speakers[segs[i].Speaker.Key] = true
	}
	var out []string
	if d.Speakers != 0 && d.Speakers != len(speakers) {
		out = append(out, fmt.Sprintf("its record says %d speakers, its segments have %d; run oewg ingest --force %s", d.Speakers, len(speakers), d.File))
	}
	// NOTE: a record that counts other segments is reported as such; its
	// counts differ too, which would say the same again.
	if want := corpus.EncodeCounts(corpus.CountDocument(&corpus.Document{ID: d.ID, Segments: segs}).Speakers); counts != want && d.Segments == len(segs) {
		out = append(out, fmt.Sprintf("its record's counts of speakers and tags differ from its segments' (the tables would be wrong); run oewg ingest --force %s", d.File))
	}
	return out
}

// mapsKeys is the union of the keys of a and b.
func mapsKeys[A, B any](a map[string]A, b map[string]B) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range a {
			if !yield(k) {
				return
			}
		}
		for k := range b {
			if _, ok := a[k]; !ok && !yield(k) {
				return
			}
		}
	}
}
