package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/oewg/oewg/corpus"
)

// A reader saves every document's counts of a shard in one file beside it
// (like the column file), and the next one reads that file instead of one
// stored record per document: at 1 GB the 65,000 records cost 3 s to
// read through bleve, the file tens of milliseconds. The file names
// the shard's files it was built from; after any write it is ignored
// until a reader builds it again.

// countsFileName is the counts file in a shard's folder.
const countsFileName = "oewg-counts.bin"

// countsFileMagic opens a counts file; a new layout changes it.
const countsFileMagic = "oewg-counts 3"

// The counts file is binary: after the magic and key lines, each document
// as unsigned varints and strings, in the order corpus.DocCounts holds
// them:
//
//	doc      id kind process session date speakers speaker…
//	speaker  key name role iso3 on_behalf_of segments aligned group… positions position…
//	position id tags×3 segments×4 (n seq×n)×3
//
// A string is a varint r: 0 is followed by a new string (length, bytes),
// numbered in the order they come; r > 0 is the (r-1)th string again.
// Names, keys, positions and dates repeat thousands of times, so a reader
// decodes each once and then reads numbers only: at 1 GB, 600,000
// speaker entries in a few tens of milliseconds.

// shardCounts calls fn with the counts of every complete document of s:
// from its counts file when it is current, else from the records (and
// then it writes the file, if it can). The DocCounts' slices are reused:
// fn must not keep them (their strings it may).
func shardCounts(ctx context.Context, s *shard, fn func(corpus.DocCounts) error) error {
	key, keyOK := shardFilesKey(s)
	if keyOK {
		path := filepath.Join(s.dir, countsFileName)
		if b, err := os.ReadFile(path); err == nil {
			if body, ok := bytes.CutPrefix(b, []byte(countsFileMagic+"\n"+key+"\n")); ok {
				return readCounts(path, body, fn)
			}
		}
	}
	var w *countsWriter
	var tmp *os.File
	if keyOK {
		if f, err := os.CreateTemp(s.dir, ".oewg-counts-*"); err == nil {
			tmp, w = f, newCountsWriter(f)
			defer os.Remove(f.Name()) // NOTE: a no-op once renamed
			defer f.Close()
			w.w.WriteString(countsFileMagic + "\n" + key + "\n")
		}
	}
	err := eachRecord(ctx, s, typeDocument, func(id string, raw, counts []byte) error {
		var d DocInfo
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("document %s: corrupt stored record: %w", id, err)
		}
		speakers, err := corpus.DecodeCounts(string(counts))
		if err != nil {
			return fmt.Errorf("document %s: corrupt stored counts: %w", id, err)
		}
		dc := corpus.DocCounts{Doc: d.ID, Meta: corpus.Meta{Kind: d.Meta.Kind, Process: d.Meta.Process, Session: d.Meta.Session, Date: d.Meta.Date}, Speakers: speakers}
		if w != nil {
			w.doc(&dc)
		}
		return fn(dc)
	})
	if err != nil || w == nil {
		return err
	}
	if w.w.Flush() == nil && tmp.Close() == nil {
		// NOTE: rename is atomic: a reader sees the old file or the new one.
		_ = os.Rename(tmp.Name(), filepath.Join(s.dir, countsFileName))
		// The text file of the layout before.
		_ = os.Remove(filepath.Join(s.dir, "oewg-counts.txt"))
	}
	return nil
}

// countsWriter writes a counts file's documents.
type countsWriter struct {
	w       *bufio.Writer
	strings map[string]uint64
	buf     [binary.MaxVarintLen64]byte
}

func newCountsWriter(w io.Writer) *countsWriter {
	return &countsWriter{w: bufio.NewWriterSize(w, 1<<20), strings: map[string]uint64{}}
}

func (c *countsWriter) num(v int) {
	c.w.Write(binary.AppendUvarint(c.buf[:0], uint64(max(v, 0))))
}

func (c *countsWriter) str(s string) {
	if r, ok := c.strings[s]; ok {
		c.w.Write(binary.AppendUvarint(c.buf[:0], r))
		return
	}
	c.strings[s] = uint64(len(c.strings) + 1)
	c.num(0)
	c.num(len(s))
	c.w.WriteString(s)
}

func (c *countsWriter) doc(dc *corpus.DocCounts) {
	c.str(dc.Doc)
	c.str(dc.Meta.Kind)
	c.str(dc.Meta.Process)
	c.num(dc.Meta.Session)
	c.str(dc.Meta.Date)
	c.num(len(dc.Speakers))
	for _, sc := range dc.Speakers {
		for _, v := range []string{sc.Speaker.Key, sc.Speaker.Name, sc.Speaker.Role, sc.Speaker.ISO3, sc.OnBehalfOf} {
			c.str(v)
		}
		c.num(sc.Segments)
		c.num(len(sc.AlignedWith))
		for _, g := range sc.AlignedWith {
			c.str(g)
		}
		c.num(len(sc.Positions))
		for _, p := range sc.Positions {
			c.str(p.Position)
			for _, v := range p.Tags {
				c.num(v)
			}
			for _, v := range p.Segments {
				c.num(v)
			}
			for _, first := range p.First {
				c.num(len(first))
				for _, v := range first {
					c.num(v)
				}
			}
		}
	}
}

// countsReader reads a counts file's body.
type countsReader struct {
	body    []byte
	text    string // body as a string
	off     int
	strings []string
	bad     bool
}

func (r *countsReader) num() int {
	// NOTE: small enough for the compiler to inline: most numbers are one
	// byte, and this is called millions of times.
	// At most four bytes: no count, seq, length or string number of a
	// file comes near 2^28, and a damaged file's huge number is no loop's
	// bound.
	v := 0
	for shift := 0; r.off < len(r.body) && shift < 28; shift += 7 {
		b := r.body[r.off]
		r.off++
		v |= int(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	r.bad, r.off = true, len(r.body)
	return 0
}

func (r *countsReader) str() string {
	// NOTE: most strings are ones seen before: their number.
	i := r.num()
	if i > 0 && i <= len(r.strings) {
		return r.strings[i-1]
	}
	return r.newStr(i)
}

// newStr reads a string that is not a known one's number i.
func (r *countsReader) newStr(i int) string {
	if i > 0 {
		r.bad, r.off = true, len(r.body)
		return ""
	}
	n := r.num()
	if r.bad || n > len(r.body)-r.off {
		r.bad, r.off = true, len(r.body)
		return ""
	}
	s := r.text[r.off : r.off+n]
	r.off += n
	r.strings = append(r.strings, s)
	return s
}

// readCounts calls fn with each document of a counts file's body, as it
// reads them. The file is written whole by a rename, so damage comes only
// from the disk: it is an error that names the file.
func readCounts(path string, body []byte, fn func(corpus.DocCounts) error) error {
	// NOTE: every string read is a piece of one string of the whole body
	// (the bytes are read for this alone and never changed): no copy and
	// no allocation a string.
	r := &countsReader{body: body}
	if len(body) > 0 {
		r.text = unsafe.String(&body[0], len(body))
	}
	var (
		speakers  []corpus.SpeakerCount
		positions []corpus.PositionCount
		aligned   []string
		seqs      []int
	)
	for r.off < len(body) {
		dc := corpus.DocCounts{Doc: r.str()}
		dc.Meta.Kind, dc.Meta.Process, dc.Meta.Session, dc.Meta.Date = r.str(), r.str(), r.num(), r.str()
		// NOTE: one slice of each kind is reused from document to
		// document, and a speaker's parts are windows on them: decoding
		// allocates nothing but new strings.
		speakers, positions, aligned, seqs = speakers[:0], positions[:0], aligned[:0], seqs[:0]
		for range r.num() {
			if r.bad {
				break
			}
			sc := corpus.SpeakerCount{Speaker: corpus.Speaker{Key: r.str(), Name: r.str(), Role: r.str(), ISO3: r.str()}, OnBehalfOf: r.str(), Segments: r.num()}
			a := len(aligned)
			for range r.num() {
				if r.bad {
					break
				}
				aligned = append(aligned, r.str())
			}
			if len(aligned) > a {
				sc.AlignedWith = aligned[a:len(aligned):len(aligned)]
			}
			p := len(positions)
			for range r.num() {
				if r.bad {
					break
				}
				pc := corpus.PositionCount{Position: r.str()}
				for i := range pc.Tags {
					pc.Tags[i] = r.num()
				}
				for i := range pc.Segments {
					pc.Segments[i] = r.num()
				}
				for c := range pc.First {
					n := r.num()
					if n > corpus.FirstSeqs {
						r.bad = true
						break
					}
					q := len(seqs)
					for range n {
						seqs = append(seqs, r.num())
					}
					if n > 0 {
						pc.First[c] = seqs[q:len(seqs):len(seqs)]
					}
				}
				positions = append(positions, pc)
			}
			if len(positions) > p {
				sc.Positions = positions[p:len(positions):len(positions)]
			}
			speakers = append(speakers, sc)
		}
		if r.bad {
			return fmt.Errorf("%s: damaged at byte %d; delete it (the next report rebuilds it)", path, r.off)
		}
		dc.Speakers = speakers
		if err := fn(dc); err != nil {
			return err
		}
	}
	return nil
}
