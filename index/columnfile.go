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
)

// A read-only process saves the columns it built (facets.go) in its
// shard's folder, and the next one reads them instead of building them
// again: 8 MB at 1 GB read in a few milliseconds, against 300 ms of
// posting lists. The file names the shard's files it was built from
// (names, sizes, times); after any write they differ, and the file is
// ignored until a reader builds it again.

// columnFileName is the column file in a shard's folder.
const columnFileName = "oewg-columns.bin"

// columnFileMagic opens a column file; a new layout changes it.
const columnFileMagic = "oewg-columns 1\n"

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

// loadColumns reads the shard's column file; nil if there is none, or
// it was built from other files, or it is damaged.
func loadColumns(s *shard) []*facetColumn {
	key, ok := shardFilesKey(s)
	if !ok {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(s.dir, columnFileName))
	if err != nil {
		return nil
	}
	rest, ok := bytes.CutPrefix(b, []byte(columnFileMagic))
	if !ok {
		return nil
	}
	line, rest, ok := bytes.Cut(rest, []byte("\n"))
	var h columnHeader
	if !ok || json.Unmarshal(line, &h) != nil || h.Key != key || len(h.Cols) != len(columnFields) {
		return nil
	}
	cols := make([]*facetColumn, len(h.Cols))
	for i, l := range h.Cols {
		if l.Field != columnFields[i] || l.Ords < 0 || l.Masks < 0 || len(rest) < 2*l.Ords+8*l.Masks {
			return nil
		}
		c := &facetColumn{terms: l.Terms}
		if l.Ords > 0 {
			c.ord = make([]uint16, l.Ords)
			for j := range c.ord {
				c.ord[j] = binary.LittleEndian.Uint16(rest[2*j:])
			}
			rest = rest[2*l.Ords:]
		}
		if l.Masks > 0 {
			c.mask = make([]uint64, l.Masks)
			for j := range c.mask {
				c.mask[j] = binary.LittleEndian.Uint64(rest[8*j:])
			}
			rest = rest[8*l.Masks:]
		}
		cols[i] = c
	}
	if len(rest) != 0 {
		return nil
	}
	return cols
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
		h.Cols = append(h.Cols, columnLengths{Field: columnFields[i], Terms: c.terms, Ords: len(c.ord), Masks: len(c.mask)})
	}
	line, err := json.Marshal(h)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(columnFileMagic)
	bw.Write(line)
	bw.WriteByte('\n')
	var buf [8]byte
	for _, c := range cols {
		for _, v := range c.ord {
			binary.LittleEndian.PutUint16(buf[:2], v)
			bw.Write(buf[:2])
		}
		for _, v := range c.mask {
			binary.LittleEndian.PutUint64(buf[:], v)
			bw.Write(buf[:])
		}
	}
	return bw.Flush()
}
