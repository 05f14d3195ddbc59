package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/extract"
	"github.com/oewg/oewg/index"
)

// pipeline runs extract → corpus → classify on files. It is safe for
// concurrent use once built.
type pipeline struct {
	rules *classify.RuleSet
	// lex reads speakers: label grammars, hand-overs, the gazetteer.
	lex *corpus.Lexicon
	// flags is the metadata given with --meta, which beats every other source.
	flags corpus.Meta

	mu           sync.Mutex
	manifests    map[string]corpus.Manifest // by folder
	badManifests map[string]error           // by folder: manifests that failed to load
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
	lex, err := loadLexicon(g)
	if err != nil {
		return nil, err
	}
	return &pipeline{rules: rules, lex: lex, flags: flags, manifests: map[string]corpus.Manifest{}, badManifests: map[string]error{}}, nil
}

// loadLexicon loads the built-in label grammars, phrases and speakers and,
// with --labels, the user's; like broken rules, a broken labels file is a
// usage error listing every problem as file:line:col.
func loadLexicon(g *globals) (*corpus.Lexicon, error) {
	if g.lexicon == nil && g.lexiconErr == nil {
		if len(g.LabelFiles) == 0 {
			g.lexicon = corpus.DefaultLexicon()
		} else if lx, err := corpus.LoadLexicon(g.LabelFiles...); err != nil {
			g.lexiconErr = usagef("%w\n--labels: nothing was read; fix the file and run again", err)
		} else {
			g.lexicon = lx
		}
	}
	return g.lexicon, g.lexiconErr
}

// loadRules loads the built-in rules and, with --rules, the user's.
//
// NOTE: broken --rules files are a usage error (exit 2) that stops the
// command before it reads or indexes anything: every problem is listed,
// one file:line:col per line, then what to do. Tagging with half a rule
// set would index wrong tags that only a --force re-ingest could undo.
func loadRules(g *globals) (*classify.RuleSet, error) {
	if g.rules == nil && g.rulesErr == nil {
		g.rules, g.rulesErr = compileRules(g)
	}
	return g.rules, g.rulesErr
}

// compileRules loads and compiles the rule files once per command.
func compileRules(g *globals) (*classify.RuleSet, error) {
	if g.RulesDir == "" {
		return classify.Builtin()
	}
	rs, err := classify.Load(g.RulesDir)
	var list classify.ErrorList
	if errors.As(err, &list) {
		problems := "problems"
		if len(list) == 1 {
			problems = "problem"
		}
		return nil, usagef("%w\n--rules %s: %d %s in the rule files, nothing was read; fix them and run again (oewg rules check %s)",
			err, g.RulesDir, len(list), problems, g.RulesDir)
	}
	return rs, err
}

// printErr writes err to w, each of its lines (a metadata or rule file
// can have several problems) as one line prefixed "oewg: ".
func printErr(w io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(line) != "" {
			fmt.Fprintln(w, "oewg: "+line)
		}
	}
}

// input is a file to process, its bytes read once for hash and extraction.
type input struct {
	path string
	data []byte
	hash string
	// size and mtime are the file's, read before its bytes (a file changed
	// in between reads as changed on the next ingest).
	size  int64
	mtime time.Time
}

// read reads a file for processing (extract.ReadFile refuses one too
// large to be a document before reading it) and hashes it.
func read(path string) (*input, error) {
	in := &input{path: path}
	if st, err := os.Stat(path); err == nil {
		in.size, in.mtime = st.Size(), st.ModTime()
	}
	b, err := extract.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	in.data, in.hash = b, hex.EncodeToString(sum[:])
	return in, nil
}

// unwrapPathError drops the path from an *fs.PathError, for messages that
// name the file themselves.
func unwrapPathError(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
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
		mpath := filepath.Join(filepath.Dir(path), "manifest.csv")
		skip := fmt.Errorf("%s: not read: %s has errors; fix them and run again", path, mpath)
		var first firstManifestError
		if errors.As(err, &first) {
			return corpus.Meta{}, fmt.Errorf("%w\n%w", first.err, skip)
		}
		return corpus.Meta{}, skip
	}
	return p.flags.Merge(side, man[filepath.Base(path)]), nil
}

func (p *pipeline) manifest(dir string) (corpus.Manifest, error) {
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

// process extracts, attributes and classifies one file.
func (p *pipeline) process(in *input) (doc *corpus.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			// NOTE: one odd file must not stop a batch of thousands; the
			// panic becomes that file's error (extract recovers its
			// parsers' panics itself; this catches corpus and classify).
			doc = nil
			err = fmt.Errorf("%s: internal error (%v) while reading this file; please report it with the file, the rest of the batch goes on", in.path, r)
		}
	}()
	meta, err := p.metaFor(in.path)
	if err != nil {
		return nil, err
	}
	res, err := extract.Bytes(in.path, in.data)
	if err != nil {
		return nil, err
	}
	doc, err = p.lex.NewDocument(in.path, res.Text, meta)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	doc.Hash, doc.Size, doc.ModTime = in.hash, in.size, in.mtime
	doc.Extractor = res.Extractor
	doc.Notes = res.Warnings
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
		// NOTE: "a/x.txt" and "./a/x.txt" are one file.
		if abs := index.AbsPath(p); !seen[abs] {
			seen[abs] = true
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
