// Package pipeline is oewg's library seam: it runs extract → corpus →
// classify over files with a pool of workers and one index writer, and
// parses the filters of searches and reports, so that a Go program can
// ingest and query without the command line (cmd/oewg is one such program).
//
// NOTE: it is a package of its own, beside the five stages, because it is
// the one place that joins them all: every stage stays ignorant of the
// ones to its right, and this package alone imports them all.
package pipeline

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/extract"
	"github.com/oewg/oewg/index"
)

// Options configure a Pipeline.
type Options struct {
	// Rules tag the segments.
	Rules *classify.RuleSet
	// Lexicon reads speakers; nil is corpus.DefaultLexicon().
	Lexicon *corpus.Lexicon
	// Meta is metadata for every file (--meta), which beats every other
	// source.
	Meta corpus.Meta
	// Recorded is metadata by absolute path (what an index recorded of
	// each file, for ingest --rebuild), which beats all but Meta: the
	// file is indexed as it was, whatever its sidecar says now.
	Recorded map[string]corpus.Meta
}

// Pipeline runs extract → corpus → classify on files. It is safe for
// concurrent use.
type Pipeline struct {
	rules *classify.RuleSet
	lex   *corpus.Lexicon
	flags corpus.Meta
	// recorded is Options.Recorded.
	recorded map[string]corpus.Meta

	mu           sync.Mutex
	manifests    map[string]corpus.Manifest // by folder
	badManifests map[string]error           // by folder: manifests that failed to load
}

// New returns a Pipeline.
func New(o Options) *Pipeline {
	lex := o.Lexicon
	if lex == nil {
		lex = corpus.DefaultLexicon()
	}
	return &Pipeline{rules: o.Rules, lex: lex, flags: o.Meta, recorded: o.Recorded, manifests: map[string]corpus.Manifest{}, badManifests: map[string]error{}}
}

// Rules returns the pipeline's rules.
func (p *Pipeline) Rules() *classify.RuleSet { return p.rules }

// Analyze reads, extracts, attributes and classifies one file.
func (p *Pipeline) Analyze(path string) (*corpus.Document, error) {
	in, err := Read(path)
	if err != nil {
		return nil, err
	}
	return p.Process(in)
}

// Input is a file to process, its bytes read once for hash and extraction.
type Input struct {
	// Path is the file's path as given.
	Path string
	data []byte
	// Hash is the SHA-256 of its bytes, hex.
	Hash string
	// size and mtime are the file's, read before its bytes (a file changed
	// in between reads as changed on the next ingest).
	size  int64
	mtime time.Time
}

// Read reads a file for processing (extract.ReadFile refuses one too
// large to be a document before reading it) and hashes it.
func Read(path string) (*Input, error) {
	in := &Input{Path: path}
	if st, err := os.Stat(path); err == nil {
		in.size, in.mtime = st.Size(), st.ModTime()
	}
	b, err := extract.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	in.data, in.Hash = b, hex.EncodeToString(sum[:])
	return in, nil
}

// UnwrapPathError drops the path from an *fs.PathError, for messages that
// name the file themselves.
func UnwrapPathError(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// metaFor resolves the user's metadata for a file: --meta, then its sidecar,
// then its folder's manifest.csv.
func (p *Pipeline) metaFor(path string) (corpus.Meta, error) {
	side, found, err := corpus.LoadSidecar(path)
	if err != nil {
		return corpus.Meta{}, err
	}
	if found {
		if err := p.lex.Gazetteer().CheckSpeaker(side); err != nil {
			return corpus.Meta{}, fmt.Errorf("%s: %v", sidecarOf(path), err)
		}
	}
	man, err := p.manifest(filepath.Dir(path))
	if err != nil {
		mpath := filepath.Join(filepath.Dir(path), "manifest.csv")
		skip := fmt.Errorf("%s: not read: %s has errors; fix them and run again", path, mpath)
		var first firstManifestError
		if errors.As(err, &first) {
			return corpus.Meta{}, fmt.Errorf("%w\n%w", first.err, skip)
		}
		return corpus.Meta{}, skip
	}
	row := man[filepath.Base(path)]
	if err := p.lex.Gazetteer().CheckSpeaker(row); err != nil {
		return corpus.Meta{}, fmt.Errorf("%s: row %s: %v", filepath.Join(filepath.Dir(path), "manifest.csv"), filepath.Base(path), err)
	}
	return p.flags.Merge(p.recorded[index.AbsPath(path)], side, row), nil
}

// sidecarOf is the sidecar file that LoadSidecar read for path.
func sidecarOf(path string) string {
	for _, n := range corpus.SidecarNames(path) {
		if _, err := os.Stat(n); err == nil {
			return n
		}
	}
	return path
}

func (p *Pipeline) manifest(dir string) (corpus.Manifest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m, ok := p.manifests[dir]; ok {
		return m, nil
	}
	if err, ok := p.badManifests[dir]; ok {
		return nil, err
	}
	m, err := corpus.LoadManifest(dir)
	if err != nil {
		// NOTE: a broken manifest fails every file of its folder rather
		// than silently dropping metadata. Its problems (file:line:col)
		// are reported once, with the first of those files.
		p.badManifests[dir] = err
		return nil, firstManifestError{err}
	}
	p.manifests[dir] = m
	return m, nil
}

// firstManifestError is a manifest's error the first time it is met.
type firstManifestError struct{ err error }

func (e firstManifestError) Error() string { return e.err.Error() }

// Process extracts, attributes and classifies one file read by Read.
func (p *Pipeline) Process(in *Input) (doc *corpus.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			// NOTE: one odd file must not stop a batch of thousands; the
			// panic becomes that file's error (extract recovers its
			// parsers' panics itself; this catches corpus and classify).
			doc = nil
			err = fmt.Errorf("%s: internal error (%v) while reading this file; please report it with the file, the rest of the batch goes on", in.Path, r)
		}
	}()
	meta, err := p.metaFor(in.Path)
	if err != nil {
		return nil, err
	}
	res, err := extract.Bytes(in.Path, in.data)
	if err != nil {
		return nil, err
	}
	if res.Format == "captions" && meta.Kind == "" {
		// NOTE: a caption file is a meeting's record, whatever its voices.
		meta.Kind = corpus.KindTranscript
	}
	doc, err = p.lex.NewDocument(in.Path, res.Text, meta)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	doc.Hash, doc.Size, doc.ModTime = in.Hash, in.size, in.mtime
	doc.Extractor = res.Extractor
	doc.Notes = res.Warnings
	for i := range doc.Segments {
		p.rules.Classify(&doc.Segments[i])
	}
	return doc, nil
}

// Collect expands paths into the files to process, walking folders
// recursively. Files named explicitly are taken whatever their
// extension (so that a wrong one gets an error); in folders, only supported
// documents are taken, and hidden folders and sidecars are skipped.
func Collect(args []string) (files []string, errs []error) {
	c := CollectFiles(args)
	return c.Files, c.Errs
}

// Collected is what CollectFiles found.
type Collected struct {
	// Files are the documents to read, in order, each once.
	Files []string
	// Skipped counts the files of a folder left out for their type, by
	// extension ("" for none); hidden files and sidecars are not counted.
	Skipped map[string]int
	// Errs are the paths that could not be read.
	Errs []error
}

// SkippedSummary says how many files were left out for their type:
// "3 skipped for their type (.jpg 2, .xlsx 1)", or "".
func (c Collected) SkippedSummary() string {
	n := 0
	var parts []string
	for _, ext := range slices.Sorted(maps.Keys(c.Skipped)) {
		n += c.Skipped[ext]
		parts = append(parts, fmt.Sprintf("%s %d", cmp.Or(ext, "no extension"), c.Skipped[ext]))
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d skipped for their type (%s)", n, strings.Join(parts, ", "))
}

// CollectFiles is Collect, counting also the files left out for their
// type.
func CollectFiles(args []string) (c Collected) {
	c.Skipped = map[string]int{}
	seen := map[string]bool{}
	add := func(p string) {
		// NOTE: "a/x.txt" and "./a/x.txt" are one file.
		if abs := index.AbsPath(p); !seen[abs] {
			seen[abs] = true
			c.Files = append(c.Files, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			c.Errs = append(c.Errs, fmt.Errorf("%s: %v; check the path", arg, UnwrapPathError(err)))
			continue
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				c.Errs = append(c.Errs, fmt.Errorf("%s: %v", path, UnwrapPathError(err)))
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if path != arg && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || corpus.IsSidecar(path) {
				return nil
			}
			if !extract.Supported(path) {
				c.Skipped[strings.ToLower(filepath.Ext(name))]++
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			c.Errs = append(c.Errs, err)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return c
}
