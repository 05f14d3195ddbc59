package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/extract"
)

// pipeline runs extract → corpus → classify on files. It is safe for
// concurrent use once built.
type pipeline struct {
	rules *classify.RuleSet
	// flags is the metadata given with --meta, which beats every other source.
	flags corpus.Meta

	mu        sync.Mutex
	manifests map[string]corpus.Manifest // by folder
}

func newPipeline(g *globals, metaFlags []string) (*pipeline, error) {
	flags, err := corpus.ParseMetaFlags(metaFlags)
	if err != nil {
		return nil, usageError{err}
	}
	rules, err := loadRules(g)
	if err != nil {
		return nil, err
	}
	return &pipeline{rules: rules, flags: flags, manifests: map[string]corpus.Manifest{}}, nil
}

// loadRules loads the built-in rules and, with --rules, the user's.
func loadRules(g *globals) (*classify.RuleSet, error) {
	if g.RulesDir == "" {
		return classify.Builtin()
	}
	return classify.Load(g.RulesDir)
}

// input is a file to process, its bytes read once for hash and extraction.
type input struct {
	path string
	data []byte
	hash string
}

// read reads a file for processing, refusing one too large to be a document.
func read(path string) (*input, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPathError(err))
	}
	if st.Size() > extract.MaxFileBytes {
		return nil, fmt.Errorf("%s: file is %d MB, over the %d MB limit for one document; split it into smaller files: %w",
			path, st.Size()>>20, extract.MaxFileBytes>>20, extract.ErrTooLarge)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPathError(err))
	}
	sum := sha256.Sum256(b)
	return &input{path: path, data: b, hash: hex.EncodeToString(sum[:])}, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if ok := asPathError(err, &pe); ok {
		return pe.Err
	}
	return err
}

func asPathError(err error, pe **fs.PathError) bool {
	p, ok := err.(*fs.PathError)
	if ok {
		*pe = p
	}
	return ok
}

// metaFor resolves the user's metadata for a file: --meta, then its sidecar,
// then its folder's manifest.csv.
func (p *pipeline) metaFor(path string) (corpus.Meta, error) {
	side, _, err := corpus.LoadSidecar(path)
	if err != nil {
		return corpus.Meta{}, err
	}
	man, err := p.manifest(filepath.Dir(path))
	if err != nil {
		return corpus.Meta{}, err
	}
	return p.flags.Merge(side, man[filepath.Base(path)]), nil
}

func (p *pipeline) manifest(dir string) (corpus.Manifest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m, ok := p.manifests[dir]; ok {
		return m, nil
	}
	m, err := corpus.LoadManifest(dir)
	if err != nil {
		// NOTE: a broken manifest fails every file of its folder, with the
		// manifest's own line:col, rather than silently dropping metadata.
		return nil, err
	}
	p.manifests[dir] = m
	return m, nil
}

// process extracts, attributes and classifies one file.
func (p *pipeline) process(in *input) (*corpus.Document, error) {
	meta, err := p.metaFor(in.path)
	if err != nil {
		return nil, err
	}
	res, err := extract.Bytes(in.path, in.data)
	if err != nil {
		return nil, err
	}
	doc, err := corpus.NewDocument(in.path, res.Text, meta)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	doc.Hash = in.hash
	doc.Extractor = res.Extractor
	for i := range doc.Segments {
		p.rules.Classify(&doc.Segments[i])
	}
	return doc, nil
}

// collect expands the command line into the files to process, walking
// folders recursively. Files named explicitly are taken whatever their
// extension (so that a wrong one gets an error); in folders, only supported
// documents are taken, and hidden folders and sidecars are skipped.
func collect(args []string) (files []string, errs []error) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v; check the path", arg, unwrapPathError(err)))
			continue
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", path, unwrapPathError(err)))
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if path != arg && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || corpus.IsSidecar(path) || !extract.Supported(path) {
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return files, errs
}
