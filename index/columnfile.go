package index

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/blevesearch/mmap-go"
)

// A read-only process saves the columns it built (facets.go) in its
// shard's folder, and the next one maps them instead of building them
// again (300 ms of posting lists at 1 GB). The file names the shard's
// files it was built from (names, sizes, times); after any write they
// differ, and the file is ignored until a reader builds it again.
//
// The arrays are little-endian and 8-byte aligned in the file, so a
// little-endian machine uses the mapped bytes as they are: decoding the
// 15 MB of a 1 GB index into new arrays cost a one-shot search 20–28 ms;
// mapping costs well under one, and only the pages a search touches are
// read.

// columnFileName is the column file in a shard's folder.
const columnFileName = "oewg-columns.bin"

// columnFileMagic opens a column file; a new layout changes it.
const columnFileMagic = "oewg-columns 3\n"

// columnHeader is the JSON line after the magic: what the arrays that
// follow hold.
type columnHeader struct {
	// Key names the shard's files the columns were built from.
	Key  string          `json:"key"`
	Cols []columnLengths `json:"cols"` // in columnFields order
}

type columnLengths struct {
	Field string   `json:"field"`
	Terms []string `json:"terms"`
	Ords  int      `json:"ords"`  // uint16s, little endian
	Masks int      `json:"masks"` // uint64s, little endian
	Ranks int      `json:"ranks"` // uint32s, little endian
}

// shardFilesKey names the files of the shard's store as they are now; ok
// is false if one changed since the shard was opened (its snapshot may
// then be older than the files).
func shardFilesKey(s *shard) (key string, ok bool) {
	entries, err := os.ReadDir(filepath.Join(s.dir, "store"))
	if err != nil || len(entries) == 0 {
		return "", false
	}
	h := sha256.New()
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.ModTime().Before(s.opened) {
			return "", false
		}
		fmt.Fprintf(h, "%s %d %d\n", e.Name(), fi.Size(), fi.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// loadColumns maps the shard's column file; nil if there is none, or it
// was built from other files, or it is damaged. unmap releases the
// mapping (after the index's last search).
func loadColumns(s *shard) (cols []*facetColumn, unmap func() error) {
	key, ok := shardFilesKey(s)
	if !ok {
		return nil, nil
	}
	f, err := os.Open(filepath.Join(s.dir, columnFileName))
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || fi.Size() == 0 {
		return nil, nil
	}
	m, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		return nil, nil
	}
	if cols = parseColumns(m, key); cols == nil {
		m.Unmap()
		return nil, nil
	}
	return cols, m.Unmap
}

// littleEndian: the machine's integers are laid out as the file's.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// parseColumns reads a column file's bytes; the arrays are the bytes
// themselves where the machine allows, else copies.
func parseColumns(b []byte, key string) []*facetColumn {
	rest, ok := bytes.CutPrefix(b, []byte(columnFileMagic))
	if !ok {
		return nil
	}
	line, rest, ok := bytes.Cut(rest, []byte("\n"))
	var h columnHeader
	if !ok || json.Unmarshal(line, &h) != nil || h.Key != key || len(h.Cols) != len(columnFields) {
		return nil
	}
	off := len(b) - len(rest)
	cols := make([]*facetColumn, len(h.Cols))
	for i, l := range h.Cols {
		off = align8(off)
		if l.Field != columnFields[i] || l.Ords < 0 || l.Masks < 0 || l.Ranks < 0 || off+2*l.Ords > len(b) {
			return nil
		}
		c := &facetColumn{terms: l.Terms}
		c.ord = ints(b[off:off+2*l.Ords], l.Ords, binary.LittleEndian.Uint16)
		off = align8(off + 2*l.Ords)
		if off+8*l.Masks > len(b) {
			return nil
		}
		c.mask = ints(b[off:off+8*l.Masks], l.Masks, binary.LittleEndian.Uint64)
		off += 8 * l.Masks
		if off+4*l.Ranks > len(b) {
			return nil
		}
		c.rank = ints(b[off:off+4*l.Ranks], l.Ranks, binary.LittleEndian.Uint32)
		off = align8(off + 4*l.Ranks)
		cols[i] = c
	}
	if off != len(b) {
		return nil
	}
	return cols
}

func align8(n int) int { return (n + 7) &^ 7 }

// ints is b as n little-endian integers of T: b itself where the machine
// is little-endian and b aligned for T, else a copy read with get.
func ints[T uint16 | uint32 | uint64](b []byte, n int, get func([]byte) T) []T {
	if n == 0 {
		return nil
	}
	size := int(unsafe.Sizeof(T(0)))
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%uintptr(size) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]T, n)
	for i := range out {
		out[i] = get(b[size*i:])
	}
	return out
}

// canSaveColumns says whether this process may write the shard's column
// file.
func canSaveColumns(s *shard) bool {
	f, err := os.CreateTemp(s.dir, ".oewg-columns-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// saveColumns writes the shard's column file, if it can: a folder the
// reader may not write to only costs the next process the build.
func saveColumns(s *shard, cols []*facetColumn) {
	key, ok := shardFilesKey(s)
	if !ok {
		return
	}
	f, err := os.CreateTemp(s.dir, ".oewg-columns-*")
	if err != nil {
		return
	}
	defer os.Remove(f.Name()) // NOTE: a no-op once renamed
	if writeColumns(f, key, cols) != nil || f.Close() != nil {
		f.Close()
		return
	}
	// NOTE: rename is atomic: a reader sees the old file or the new one.
	_ = os.Rename(f.Name(), filepath.Join(s.dir, columnFileName))
}

func writeColumns(w io.Writer, key string, cols []*facetColumn) error {
	h := columnHeader{Key: key}
	for i, c := range cols {
		h.Cols = append(h.Cols, columnLengths{Field: columnFields[i], Terms: c.terms, Ords: len(c.ord), Masks: len(c.mask), Ranks: len(c.rank)})
	}
	line, err := json.Marshal(h)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(columnFileMagic)
	bw.Write(line)
	bw.WriteByte('\n')
	off := len(columnFileMagic) + len(line) + 1
	pad := func() {
		for ; off%8 != 0; off++ {
			bw.WriteByte(0)
		}
	}
	var buf [8]byte
	for _, c := range cols {
		pad()
		for _, v := range c.ord {
			binary.LittleEndian.PutUint16(buf[:2], v)
			bw.Write(buf[:2])
		}
		off += 2 * len(c.ord)
		pad()
		for _, v := range c.mask {
			binary.LittleEndian.PutUint64(buf[:], v)
			bw.Write(buf[:])
		}
		off += 8 * len(c.mask)
		for _, v := range c.rank {
			binary.LittleEndian.PutUint32(buf[:4], v)
			bw.Write(buf[:4])
		}
		off += 4 * len(c.rank)
		pad()
	}
	return bw.Flush()
}
