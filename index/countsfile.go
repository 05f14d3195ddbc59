package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/oewg/oewg/corpus"
)

// A reader saves every document's counts of a shard in one file beside it
// (like the column file), and the next one reads that file instead of one
// stored record per document: at 1 GB the 65,000 records cost 3 s to
// read through bleve, the file a few hundred milliseconds. The file names
// the shard's files it was built from; after any write it is ignored
// until a reader builds it again.

// countsFileName is the counts file in a shard's folder.
const countsFileName = "oewg-counts.txt"

// countsFileMagic opens a counts file; a new layout changes it.
const countsFileMagic = "oewg-counts 2"

// docCountsLine is a document's line in the counts file, before its
// speakers' lines (corpus.EncodeCounts): D id kind process session date.
func docCountsLine(d *DocInfo) string {
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	return fmt.Sprintf("D\t%s\t%s\t%s\t%d\t%s\n", clean.Replace(d.ID), clean.Replace(d.Meta.Kind), clean.Replace(d.Meta.Process), d.Meta.Session, clean.Replace(d.Meta.Date))
}

// shardCounts calls fn with the counts of every complete document of s:
// from its counts file when it is current, else from the records (and
// then it writes the file, if it can).
func shardCounts(ctx context.Context, s *shard, fn func(corpus.DocCounts) error) error {
	key, keyOK := shardFilesKey(s)
	if keyOK {
		path := filepath.Join(s.dir, countsFileName)
		if b, err := os.ReadFile(path); err == nil {
			if body, ok := bytes.CutPrefix(b, []byte(countsFileMagic+"\n"+key+"\n")); ok {
				if err := eachCountsChunk(path, body, fn); err != errCountsFile {
					return err
				}
			}
		}
	}
	var w *bufio.Writer
	var tmp *os.File
	if keyOK {
		if f, err := os.CreateTemp(s.dir, ".oewg-counts-*"); err == nil {
			tmp, w = f, bufio.NewWriter(f)
			defer os.Remove(f.Name()) // NOTE: a no-op once renamed
			defer f.Close()
			w.WriteString(countsFileMagic + "\n" + key + "\n")
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
		if w != nil {
			w.WriteString(docCountsLine(&d))
			w.Write(counts)
		}
		return fn(corpus.DocCounts{Doc: d.ID, Meta: d.Meta, Speakers: speakers})
	})
	if err != nil || w == nil {
		return err
	}
	if w.Flush() == nil && tmp.Close() == nil {
		// NOTE: rename is atomic: a reader sees the old file or the new one.
		_ = os.Rename(tmp.Name(), filepath.Join(s.dir, countsFileName))
	}
	return nil
}

// errCountsFile is a counts file whose first line does not parse: it is
// rebuilt.
var errCountsFile = fmt.Errorf("damaged counts file")

// eachCountsChunk calls fn with each document of a counts file's body, as
// it reads them. A first line that is not a document's is errCountsFile;
// damage further on is an error that names the file (written whole by a
// rename, it is only damaged by the disk).
func eachCountsChunk(path string, raw []byte, fn func(corpus.DocCounts) error) error {
	// NOTE: one string for the whole file: every name and key decoded is a
	// substring of it, not a copy.
	body := string(raw)
	if len(body) > 0 && !strings.HasPrefix(body, "D\t") {
		return errCountsFile
	}
	damaged := func(what string) error {
		return fmt.Errorf("%s: %s; delete it (the next report rebuilds it)", path, what)
	}
	for len(body) > 0 {
		line, rest, _ := strings.Cut(body, "\n")
		f := strings.Split(line, "\t")
		if len(f) != 6 || f[0] != "D" {
			return damaged("a document line is damaged")
		}
		session, err := strconv.Atoi(f[4])
		if err != nil {
			return damaged("a document line is damaged")
		}
		// The document's speaker lines run to the next document line.
		end := len(rest)
		if i := strings.Index(rest, "\nD\t"); i >= 0 {
			end = i + 1
		} else if strings.HasPrefix(rest, "D\t") {
			end = 0
		}
		speakers, err := corpus.DecodeCounts(rest[:end])
		if err != nil {
			return damaged(err.Error())
		}
		body = rest[end:]
		if err := fn(corpus.DocCounts{Doc: f[1], Meta: corpus.Meta{Kind: f[2], Process: f[3], Session: session, Date: f[5]}, Speakers: speakers}); err != nil {
			return err
		}
	}
	return nil
}
