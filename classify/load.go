package classify

import (
	"github.com/oewg/oewg/internal/lazyre"

	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"github.com/oewg/oewg/internal/fileerr"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed rules/*.yaml
var builtinFS embed.FS

// stanceFile is the name of the shared cue file. Files whose name starts
// with '_' are shared settings, not positions.
const stanceFile = "_stance.yaml"

// Builtin returns the rule set embedded in the binary (classify/rules/*.yaml),
// loaded through the same loader as a user's files.
func Builtin() (*RuleSet, error) {
	files, err := builtinFiles()
	if err != nil {
		return nil, err
	}
	rs, errs := compile(files)
	return rs, errs.Err()
}

// BuiltinIDs lists the built-in positions' ids (their files' names)
// without compiling the rules: what checking a --position needs.
func BuiltinIDs() []string {
	names, _ := fs.Glob(builtinFS, "rules/*.yaml")
	var ids []string
	for _, n := range names {
		if base := path.Base(n); !strings.HasPrefix(base, "_") {
			ids = append(ids, strings.TrimSuffix(base, ".yaml"))
		}
	}
	return ids
}

func builtinFiles() ([]srcFile, error) {
	names, err := fs.Glob(builtinFS, "rules/*.yaml")
	if err != nil {
		return nil, err
	}
	var files []srcFile
	for _, n := range names {
		b, err := builtinFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		files = append(files, srcFile{name: n, base: path.Base(n), data: b})
	}
	return files, nil
}

// Load returns the built-in rules combined with the *.yaml files in dir: a
// file whose name matches a built-in file ("poa.yaml", "_stance.yaml")
// replaces it, any other file adds a position. The error, if any, is an
// ErrorList with every problem of every file.
func Load(dir string) (*RuleSet, error) {
	files, errs := dirFiles(dir)
	if len(errs) > 0 {
		return nil, errs
	}
	rs, errs := compile(files)
	return rs, errs.Err()
}

// Check reports every problem of every rule file in dir (and of the
// built-in files it combines with), sorted; nil if the rules load.
func Check(dir string) ErrorList {
	files, errs := dirFiles(dir)
	if len(errs) > 0 {
		return errs
	}
	_, errs = compile(files)
	return errs
}

// dirFiles returns the built-in files overlaid with dir's *.yaml files.
func dirFiles(dir string) ([]srcFile, ErrorList) {
	var errs ErrorList
	builtin, err := builtinFiles()
	if err != nil {
		errs.Add("rules", 1, 1, "read built-in rules: %v", err)
		return nil, errs
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		errs.Add(dir, 1, 1, "cannot read rules directory: %v; give --rules a folder of *.yaml rule files", err)
		return nil, errs
	}
	user := map[string]srcFile{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			errs.Add(p, 1, 1, "cannot read rule file: %v", err)
			continue
		}
		user[e.Name()] = srcFile{name: p, base: e.Name(), data: b}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var files []srcFile
	for _, f := range builtin {
		if u, ok := user[f.base]; ok {
			f = u
			delete(user, f.base)
		}
		files = append(files, f)
	}
	for _, f := range user {
		files = append(files, f)
	}
	return files, nil
}

// LoadFS loads the named rule files from fsys, or all *.yaml files in its
// root when no names are given. Without a _stance.yaml among them, the
// built-in shared cues are used.
func LoadFS(fsys fs.FS, names ...string) (*RuleSet, error) {
	var errs ErrorList
	if len(names) == 0 {
		var err error
		names, err = fs.Glob(fsys, "*.yaml")
		if err != nil {
			errs.Add(".", 1, 1, "list rule files: %v", err)
			return nil, errs
		}
	}
	var files []srcFile
	haveStance := false
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			errs.Add(n, 1, 1, "cannot read rule file: %v", err)
			continue
		}
		base := path.Base(n)
		haveStance = haveStance || base == stanceFile
		files = append(files, srcFile{name: n, base: base, data: b})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if !haveStance {
		b, err := builtinFS.ReadFile("rules/" + stanceFile)
		if err != nil {
			return nil, err
		}
		files = append(files, srcFile{name: "rules/" + stanceFile, base: stanceFile, data: b})
	}
	rs, errs := compile(files)
	return rs, errs.Err()
}

// srcFile is one rule file's bytes.
type srcFile struct {
	name string // for messages
	base string // file name: the position id plus ".yaml"
	data []byte
}

// ruleSpec is one named rule: literal phrases and/or regular expressions
// (compiled once, when validated).
type ruleSpec struct {
	id       string
	phrases  []strNode
	patterns []*regexp.Regexp
}

type strNode struct {
	s         string
	line, col int
	// words are a phrase's canonical words (see normPhrase).
	words []string
}

// cueSpec holds cue phrases by kind.
type cueSpec map[kind][]strNode

type positionSpec struct {
	id, label, description       string
	terms, opposites, exceptions []ruleSpec
	cues                         cueSpec
}

type stanceSpec struct {
	cues            cueSpec
	suffixes        []string
	lookback, short int
	reported        reportedSpec
}

// cueKeys are the keys of the cue lists, in kind order from kSupport. The
// stance names are the stances a cue votes for.
var cueKeys = []string{"support", "oppose", "mention", "negators", "neutral", "first_person", "anaphora",
	"governing_support", "governing_oppose", "hedges", "uptake", "rhetorical_support", "rhetorical_oppose",
	"conditional", "contrast", "concession", "alternative", "transparent", "reporting", "here"}

// positionCueKeys are the cue lists a position file may extend: the cues
// that vote and the words that are never cues.
var positionCueKeys = []string{"support", "oppose", "mention", "negators", "neutral", "governing_support", "governing_oppose", "hedges"}

// stanceKeys are the keys of _stance.yaml: every cue list, the endings of
// prefixes and the numbers. window is accepted for old files and ignored:
// a negator's scope is its clause.
var stanceKeys = slices.Concat(cueKeys, []string{"suffixes", "window", "lookback", "short"}, reportedKeys)

var suffixRe = lazyre.New(`^[a-z]*$`)

var ruleIDRe = lazyre.New(`^[a-z0-9][a-z0-9_\-]*$`)

// parser collects every problem of one file.
type parser struct {
	file string
	errs *ErrorList
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil {
		line, col = n.Line, n.Column
	}
	p.errs.Add(p.file, line, col, format, args...)
}

// parseYAML returns the top-level mapping of data, or nil after reporting why
// there is none.
func (p *parser) parseYAML(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := fileerr.YAMLSyntax(err)
		p.errs.Add(p.file, line, 1, "yaml syntax: %s", msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		p.errorf(nil, `empty rule file; a position needs at least label and terms (see "Rule files" in the README)`)
		return nil
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "a rule file is a mapping of keys (label, terms, …), not a %s", kindName(root))
		return nil
	}
	return root
}

func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n == nil {
		return &yaml.Node{}
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	}
	return "empty value"
}

// Messages for an unknown key: the key, then the known ones.
const (
	unknownKey = "unknown key %q; known keys are %s"
	unknownCue = "unknown stance or cue list %q; use %s"
)

// fields walks a mapping, calling fn for each known key and reporting
// unknown (with message unknown) and duplicate keys. It returns the known
// keys present.
func (p *parser) fields(m *yaml.Node, what, unknown string, known []string, fn func(key string, k, v *yaml.Node)) (seen map[string]bool) {
	seen = map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := resolve(m.Content[i]), resolve(m.Content[i+1])
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be plain words", what)
			continue
		}
		if !slices.Contains(known, key) {
			p.errorf(k, "%s: "+unknown, what, key, strings.Join(known, ", "))
			continue
		}
		if seen[key] {
			p.errorf(k, "%s: key %q given twice", what, key)
			continue
		}
		seen[key] = true
		fn(key, k, v)
	}
	return seen
}

func (p *parser) str(v *yaml.Node, what string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.errorf(v, "%s: want a string, got a %s", what, kindName(v))
		return "", false
	}
	return v.Value, true
}

func (p *parser) strList(v *yaml.Node, what string) ([]strNode, bool) {
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "%s: want a list of strings, got a %s", what, kindName(v))
		return nil, false
	}
	if len(v.Content) == 0 {
		p.errorf(v, "%s: empty list; give at least one entry or remove the key", what)
		return nil, false
	}
	var out []strNode
	ok := true
	for _, e := range v.Content {
		e = resolve(e)
		s, good := p.str(e, what+" entry")
		if !good {
			ok = false
			continue
		}
		out = append(out, strNode{s: s, line: e.Line, col: e.Column})
	}
	return out, ok
}

// phrases validates a list of phrases: each must have at least one word,
// and no two may have the same canonical words ("one-size-fits-all" and
// "One size fits all"), which would match the same text.
func (p *parser) phrases(v *yaml.Node, what string) []strNode {
	list, _ := p.strList(v, what)
	var out []strNode
	first := map[string]strNode{}
	for _, s := range list {
		s.words = normPhrase(s.s)
		if len(s.words) == 0 {
			p.errs.Add(p.file, s.line, s.col, "%s: phrase %q has no words (letters or digits)", what, s.s)
			continue
		}
		key := phraseKey(s.words)
		if f, dup := first[key]; dup {
			p.errs.Add(p.file, s.line, s.col, "%s: phrase %q matches the same words as %q (line %d); remove one", what, s.s, f.s, f.line)
			continue
		}
		first[key] = s
		out = append(out, s)
	}
	return out
}

// patterns validates and compiles regular expressions: they must compile,
// must not match empty text, and must be lower case (they run on normalised
// text).
func (p *parser) patterns(v *yaml.Node, what string) []*regexp.Regexp {
	list, _ := p.strList(v, what)
	var out []*regexp.Regexp
	for _, s := range list {
		re, err := regexp.Compile(s.s)
		if err != nil {
			p.errs.Add(p.file, s.line, s.col, "%s: invalid regular expression %q: %v", what, s.s, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			continue
		}
		if re.MatchString("") {
			p.errs.Add(p.file, s.line, s.col, "%s: pattern %q matches empty text and would tag every sentence", what, s.s)
			continue
		}
		if hasUpperLiteral(s.s) {
			p.errs.Add(p.file, s.line, s.col, "%s: pattern %q has upper-case letters but runs on lower-case normalised text; write it in lower case", what, s.s)
			continue
		}
		out = append(out, re)
	}
	return out
}

func hasUpperLiteral(expr string) bool {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return false
	}
	var walk func(*syntax.Regexp) bool
	walk = func(r *syntax.Regexp) bool {
		if r.Op == syntax.OpLiteral && r.Flags&syntax.FoldCase == 0 {
			for _, c := range r.Rune {
				if c >= 'A' && c <= 'Z' {
					return true
				}
			}
		}
		for _, s := range r.Sub {
			if walk(s) {
				return true
			}
		}
		return false
	}
	return walk(re)
}

// rules parses a list of rules (terms, opposites, exceptions).
func (p *parser) rules(v *yaml.Node, what string, ids map[string]*yaml.Node) []ruleSpec {
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "%s: want a list of rules (each with id and phrases or patterns), got a %s", what, kindName(v))
		return nil
	}
	if len(v.Content) == 0 {
		p.errorf(v, "%s: empty list; give at least one rule or remove the key", what)
		return nil
	}
	var out []ruleSpec
	for i, r := range v.Content {
		r = resolve(r)
		where := fmt.Sprintf("%s[%d]", what, i)
		if r.Kind != yaml.MappingNode {
			p.errorf(r, "%s: want a rule (a mapping with id and phrases or patterns), got a %s", where, kindName(r))
			continue
		}
		var rs ruleSpec
		var idNode *yaml.Node
		seen := p.fields(r, where, unknownKey, []string{"id", "phrases", "patterns"}, func(key string, k, val *yaml.Node) {
			switch key {
			case "id":
				if s, ok := p.str(val, where+".id"); ok {
					if !ruleIDRe.MatchString(s) {
						p.errorf(val, "%s.id: %q is not a rule id; use lower-case letters, digits, '-' and '_'", where, s)
						return
					}
					rs.id, idNode = s, val
				}
			case "phrases":
				rs.phrases = p.phrases(val, where+".phrases")
			case "patterns":
				rs.patterns = p.patterns(val, where+".patterns")
			}
		})
		if idNode == nil {
			p.errorf(r, "%s: missing id; every rule needs an id so that tags can name it", where)
			continue
		}
		if first, dup := ids[rs.id]; dup {
			p.errorf(idNode, "%s: duplicate rule id %q (first used at line %d)", where, rs.id, first.Line)
			continue
		}
		ids[rs.id] = idNode
		if len(rs.phrases) == 0 && len(rs.patterns) == 0 {
			// NOTE: a phrases or patterns key that is present had its
			// problem reported already.
			if !seen["phrases"] && !seen["patterns"] {
				p.errorf(r, "%s: rule %q has neither phrases nor patterns", where, rs.id)
			}
			continue
		}
		out = append(out, rs)
	}
	return out
}

// cueList adds the phrases of cue list key to into.
func (p *parser) cueList(into cueSpec, key string, v *yaml.Node, what string) {
	kd := kSupport + kind(slices.Index(cueKeys, key))
	into[kd] = append(into[kd], p.phrases(v, what)...)
}

// cues parses a position's mapping of cue lists.
func (p *parser) cues(v *yaml.Node, what string, into cueSpec) {
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "%s: want a mapping of cue lists (%s), got a %s", what, strings.Join(positionCueKeys, ", "), kindName(v))
		return
	}
	p.fields(v, what, unknownCue, positionCueKeys, func(key string, _, val *yaml.Node) {
		p.cueList(into, key, val, what+"."+key)
	})
}

var positionKeys = []string{"label", "description", "terms", "opposites", "exceptions", "cues"}

func (p *parser) position(root *yaml.Node, id string) *positionSpec {
	ps := &positionSpec{id: id, cues: cueSpec{}}
	ids := map[string]*yaml.Node{}
	seen := p.fields(root, "position "+id, unknownKey, positionKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "label":
			ps.label, _ = p.str(v, "label")
		case "description":
			ps.description, _ = p.str(v, "description")
		case "terms":
			ps.terms = p.rules(v, "terms", ids)
		case "opposites":
			ps.opposites = p.rules(v, "opposites", ids)
		case "exceptions":
			ps.exceptions = p.rules(v, "exceptions", ids)
		case "cues":
			p.cues(v, "cues", ps.cues)
		}
	})
	if !seen["label"] {
		p.errorf(root, "missing label: give the position a human-readable name, e.g. label: Programme of Action")
	}
	if !seen["terms"] {
		p.errorf(root, "missing terms: list the phrases or patterns that name the position")
	}
	return ps
}

func (p *parser) stance(root *yaml.Node) *stanceSpec {
	st := &stanceSpec{cues: cueSpec{}, lookback: 2, short: 6}
	p.fields(root, stanceFile, unknownKey, stanceKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "suffixes":
			list, _ := p.strList(v, key)
			for _, s := range list {
				if !suffixRe.MatchString(s.s) {
					p.errs.Add(p.file, s.line, s.col, "suffixes: %q is not a word ending; use lower-case letters", s.s)
					continue
				}
				st.suffixes = append(st.suffixes, s.s)
			}
		case "reported_pronouns", "reported_subjects", "reported_possessives":
			list, _ := p.strList(v, key)
			for _, w := range list {
				ws := strings.Fields(canonPhrase(w.s))
				if len(ws) == 0 {
					p.errs.Add(p.file, w.line, w.col, "%s: %q has no word", key, w.s)
					continue
				}
				st.reported.add(key, ws)
			}
		case "window", "lookback", "short":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n < 0 || n > 20 {
				p.errorf(v, "%s: want a whole number from 0 to 20", key)
				return
			}
			switch key {
			case "lookback":
				st.lookback = n
			case "short":
				st.short = n
			}
		default:
			p.cueList(st.cues, key, v, key)
		}
	})
	return st
}

// compile parses, validates and compiles files; every problem of every file
// is reported, sorted. The list is nil when the rules compile.
func compile(files []srcFile) (*RuleSet, ErrorList) {
	var errs ErrorList
	sort.Slice(files, func(i, j int) bool { return files[i].base < files[j].base })
	var positions []*positionSpec
	var stance *stanceSpec
	seen := map[string]string{}
	for _, f := range files {
		p := &parser{file: f.name, errs: &errs}
		id := strings.TrimSuffix(f.base, ".yaml")
		if prev, dup := seen[id]; dup {
			p.errorf(nil, "position %q is also defined by %s; keep one file per position", id, prev)
			continue
		}
		seen[id] = f.name
		if f.base != stanceFile && !ruleIDRe.MatchString(id) {
			p.errorf(nil, "file name %q does not make a position id; rename it to lower-case letters, digits, '-' and '_' (e.g. ransomware.yaml)", f.base)
			continue
		}
		root := p.parseYAML(f.data)
		if root == nil {
			continue
		}
		if f.base == stanceFile {
			stance = p.stance(root)
			continue
		}
		if strings.HasPrefix(f.base, "_") {
			p.errorf(nil, "unknown shared file %q; the only shared file is %s", f.base, stanceFile)
			continue
		}
		positions = append(positions, p.position(root, id))
	}
	if stance == nil && len(errs) == 0 {
		errs.Add(stanceFile, 1, 1, "no %s: the shared stance cues are missing", stanceFile)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	rs := build(positions, stance)
	rs.fingerprint = fingerprint(files)
	return rs, nil
}

// fingerprint hashes the names and contents of files (sorted by name).
func fingerprint(files []srcFile) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.base, len(f.data))
		h.Write(f.data)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
