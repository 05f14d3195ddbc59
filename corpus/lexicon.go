package corpus

import (
	"embed"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/oewg/oewg/internal/fileerr"
	"go.yaml.in/yaml/v3"
)

// NOTE: what the segmenter knows about the world — label forms, chair
// titles, hand-over phrases, groups and offices — is data in data/*.yaml,
// loaded and validated like the rule files, so that a user can extend it
// with --labels without Go code.
//
//go:embed data/transcripts.yaml data/bodies.yaml
var dataFS embed.FS

// Label forms.
const (
	// FormLine is a label on a line of its own.
	FormLine = "line"
	// FormInline is a label followed by the speech on the same line.
	FormInline = "inline"
)

// LabelGrammar is one form a speaker label takes.
type LabelGrammar struct {
	// Name names the grammar in evidence and errors ("pipe", "caption").
	Name string
	// Form is FormLine or FormInline.
	Form string
	// Pattern matches the label, with named parts speaker, person,
	// function, group and lang.
	Pattern *regexp.Regexp
	// Examples are lines the pattern must match.
	Examples []string
	// lits are what every match contains (":" for most inline labels).
	lits [][]string
}

// Lexicon is what the segmenter knows: the gazetteer of speakers, the label
// grammars and the chair's phrases. Built-in data and a user's --labels
// files go through the same loader.
type Lexicon struct {
	g        *Gazetteer
	labels   []LabelGrammar
	anon     []*regexp.Regexp
	personRe *regexp.Regexp // a title and a capitalised name
	titles   []string
	// chairTitles are folded chair titles ("co chair").
	chairTitles map[string]bool
	chairPeople map[string]bool
	// hand-over phrases.
	hoBefore, hoWeak, hoAfter, hoNot, hoLater, hoAbsent []*regexp.Regexp
	hoPrompt                                            *regexp.Regexp
	hoPromptM                                           *matcher // hoPrompt with its literal filter
	intro                                               map[string]bool
	orgNot                                              map[string]bool // handover.org_not, folded
	chairActs, chairThanks, addrChair, chrome, notes    []*regexp.Regexp
	// stmtIntro and stmtMission are statement_header's intro and mission
	// patterns: where a statement's header names its speaker.
	stmtIntro, stmtMission []*regexp.Regexp
	// reported reads meeting coverage (reported.go).
	reported reportedGrammar
	// beforeAny and weakAny are hoBefore and hoWeak, each as one
	// alternation.
	beforeAny, weakAny *matcher
	// NOTE: each list is also compiled into one alternation, so that a
	// paragraph is scanned once per list, not once per pattern.
	actsRe, thanksRe, addrRe, notRe, afterRe, absentRe, laterRe, chromeRe, anonRe *matcher
	notesRe                                                                       *matcher
}

// lexiconFile is the YAML shape of data/*.yaml and of a --labels file.
var lexiconKeys = map[string]bool{
	"labels": true, "anonymous": true, "person_titles": true, "handover": true,
	"chair_acts": true, "chair_thanks": true, "addresses_chair": true, "chrome": true,
	"record_notes": true, "bodies": true, "chair_titles": true, "chair_people": true,
	"statement_header": true, "reported": true,
}

var defaultLexicon = sync.OnceValues(func() (*Lexicon, error) { return LoadLexicon() })

// DefaultLexicon is the built-in lexicon.
func DefaultLexicon() *Lexicon {
	lx, err := defaultLexicon()
	if err != nil {
		// The built-in files are tested; a failure here is a build error.
		panic("corpus: built-in lexicon: " + err.Error())
	}
	return lx
}

// Gazetteer returns the lexicon's speaker gazetteer.
func (lx *Lexicon) Gazetteer() *Gazetteer { return lx.g }

// Labels returns the label grammars in the order they are tried.
func (lx *Lexicon) Labels() []LabelGrammar { return lx.labels }

// LoadLexicon loads the built-in data and then each of the user's files
// (the --labels option), reporting every problem as file:line:col.
func LoadLexicon(files ...string) (*Lexicon, error) {
	var errs fileerr.List
	var docs []namedNode
	for _, name := range []string{"data/bodies.yaml", "data/transcripts.yaml"} {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if n := parseYAML("corpus/"+name, b, &errs); n != nil {
			docs = append(docs, namedNode{"corpus/" + name, n})
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			errs.Add(f, 0, 0, "cannot read labels file: %v", err)
			continue
		}
		if n := parseYAML(f, b, &errs); n != nil {
			docs = append(docs, namedNode{f, n})
		}
	}
	lx := &Lexicon{chairTitles: map[string]bool{}, chairPeople: map[string]bool{}, intro: map[string]bool{}, orgNot: map[string]bool{}}
	var bodies []entry
	for _, d := range docs {
		bodies = append(bodies, lx.add(d.file, d.node, &errs)...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	lx.g = newGazetteer(bodies)
	lx.finishReported(&errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	lx.beforeAny, lx.weakAny = alternation(lx.hoBefore, `\s+`), alternation(lx.hoWeak, `\s+`)
	lx.hoPromptM = alternation(nil, "")
	if lx.hoPrompt != nil {
		lx.hoPromptM = alternation([]*regexp.Regexp{lx.hoPrompt}, "")
	}
	lx.actsRe, lx.thanksRe, lx.addrRe = alternation(lx.chairActs, ""), alternation(lx.chairThanks, ""), alternation(lx.addrChair, "")
	lx.notRe, lx.afterRe, lx.absentRe = alternation(lx.hoNot, ""), alternation(lx.hoAfter, ""), alternation(lx.hoAbsent, "")
	lx.laterRe, lx.chromeRe, lx.anonRe = alternation(lx.hoLater, ""), alternation(lx.chrome, ""), alternation(lx.anon, "")
	lx.notesRe = alternation(lx.notes, "")
	titles := make([]string, len(lx.titles))
	for i, t := range lx.titles {
		titles[i] = regexp.QuoteMeta(strings.TrimSuffix(t, "."))
	}
	sort.Slice(titles, func(i, j int) bool { return len(titles[i]) > len(titles[j]) })
	lx.personRe = regexp.MustCompile(`^(?:(?:H\.?\s?E\.?|His\s+Excellency|Her\s+Excellency)\s+)?(?:` + strings.Join(titles, "|") + `)\.?\s+\p{Lu}[\p{L}'’\-. ]{1,60}$`)
	return lx, nil
}

// alternation is a matcher over the patterns, each followed by suffix.
func alternation(res []*regexp.Regexp, suffix string) *matcher {
	return newMatcher(res, suffix)
}

type namedNode struct {
	file string
	node *yaml.Node
}

func parseYAML(file string, b []byte, errs *fileerr.List) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		line, msg := fileerr.YAMLSyntax(err)
		errs.Add(file, line, 1, "%s", msg)
		return nil
	}
	if len(n.Content) == 0 {
		return nil
	}
	root := n.Content[0]
	if root.Kind != yaml.MappingNode {
		errs.Add(file, root.Line, root.Column, "want a mapping of %s", knownKeys(lexiconKeys))
		return nil
	}
	return root
}

func knownKeys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// add reads one file's mapping into the lexicon and returns its bodies.
func (lx *Lexicon) add(file string, root *yaml.Node, errs *fileerr.List) []entry {
	var bodies []entry
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "labels":
			lx.addLabels(file, v, errs)
		case "anonymous":
			lx.anon = append(lx.anon, patterns(file, v, errs)...)
		case "person_titles":
			lx.titles = append(lx.titles, strs(file, v, errs)...)
		case "chair_titles":
			for _, t := range strs(file, v, errs) {
				lx.chairTitles[fold(t)] = true
			}
		case "chair_people":
			for _, t := range strs(file, v, errs) {
				lx.chairPeople[fold(t)] = true
			}
		case "chair_acts":
			lx.chairActs = append(lx.chairActs, patterns(file, v, errs)...)
		case "chair_thanks":
			lx.chairThanks = append(lx.chairThanks, patterns(file, v, errs)...)
		case "addresses_chair":
			lx.addrChair = append(lx.addrChair, patterns(file, v, errs)...)
		case "chrome":
			lx.chrome = append(lx.chrome, patterns(file, v, errs)...)
		case "record_notes":
			lx.notes = append(lx.notes, patterns(file, v, errs)...)
		case "handover":
			lx.addHandover(file, v, errs)
		case "statement_header":
			lx.addStatementHeader(file, v, errs)
		case "reported":
			lx.addReported(file, v, errs)
		case "bodies":
			bodies = append(bodies, readBodies(file, v, errs)...)
		default:
			errs.Add(file, k.Line, k.Column, "unknown key %q (known: %s)", k.Value, knownKeys(lexiconKeys))
		}
	}
	return bodies
}

// entries calls fn with each key and value of section's mapping v,
// reporting a value that is no mapping and every key not in keys.
func entries(file string, v *yaml.Node, errs *fileerr.List, section string, keys map[string]bool, fn func(k string, val *yaml.Node)) {
	if v.Kind != yaml.MappingNode {
		errs.Add(file, v.Line, v.Column, "%s: want a mapping of %s", section, knownKeys(keys))
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if !keys[k.Value] {
			errs.Add(file, k.Line, k.Column, "%s: unknown key %q (known: %s)", section, k.Value, knownKeys(keys))
			continue
		}
		fn(k.Value, val)
	}
}

var statementHeaderKeys = map[string]bool{"intro": true, "mission": true}

func (lx *Lexicon) addStatementHeader(file string, v *yaml.Node, errs *fileerr.List) {
	lists := map[string]*[]*regexp.Regexp{"intro": &lx.stmtIntro, "mission": &lx.stmtMission}
	entries(file, v, errs, "statement_header", statementHeaderKeys, func(k string, val *yaml.Node) {
		*lists[k] = append(*lists[k], patterns(file, val, errs)...)
	})
}

var handoverKeys = map[string]bool{"before": true, "before_weak": true, "after": true, "not": true, "later": true, "absent": true, "intro": true, "org_not": true, "prompt_before": true}

func (lx *Lexicon) addHandover(file string, v *yaml.Node, errs *fileerr.List) {
	lists := map[string]*[]*regexp.Regexp{"before": &lx.hoBefore, "before_weak": &lx.hoWeak, "after": &lx.hoAfter, "not": &lx.hoNot, "later": &lx.hoLater, "absent": &lx.hoAbsent}
	entries(file, v, errs, "handover", handoverKeys, func(k string, val *yaml.Node) {
		switch k {
		case "intro":
			for _, w := range strs(file, val, errs) {
				lx.intro[strings.ToLower(w)] = true
			}
		case "org_not":
			for _, w := range strs(file, val, errs) {
				lx.orgNot[strings.ToLower(w)] = true
			}
		case "prompt_before":
			if val.Kind != yaml.ScalarNode {
				errs.Add(file, val.Line, val.Column, "prompt_before: want a pattern")
			} else if re, err := compile(val.Value); err != nil {
				errs.Add(file, val.Line, val.Column, "bad pattern: %v", err)
			} else {
				lx.hoPrompt = re
			}
		default:
			*lists[k] = append(*lists[k], patterns(file, val, errs)...)
		}
	})
}

var labelKeys = map[string]bool{"name": true, "form": true, "pattern": true, "examples": true}

// labelParts are the named parts a label pattern may have.
var labelParts = map[string]bool{"speaker": true, "person": true, "function": true, "group": true, "lang": true}

func (lx *Lexicon) addLabels(file string, v *yaml.Node, errs *fileerr.List) {
	if v.Kind != yaml.SequenceNode {
		errs.Add(file, v.Line, v.Column, "labels: want a list of label grammars")
		return
	}
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			errs.Add(file, item.Line, item.Column, "label grammar: want a mapping of %s", knownKeys(labelKeys))
			continue
		}
		var lg LabelGrammar
		var patNode *yaml.Node
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "name":
				lg.Name = val.Value
			case "form":
				lg.Form = val.Value
				if val.Value != FormLine && val.Value != FormInline {
					errs.Add(file, val.Line, val.Column, "form %q: want line or inline", val.Value)
				}
			case "pattern":
				patNode = val
			case "examples":
				lg.Examples = strs(file, val, errs)
			default:
				errs.Add(file, k.Line, k.Column, "label grammar: unknown key %q (known: %s)", k.Value, knownKeys(labelKeys))
			}
		}
		if lg.Name == "" {
			errs.Add(file, item.Line, item.Column, "label grammar: name is missing")
		}
		if lg.Form == "" {
			errs.Add(file, item.Line, item.Column, "label grammar %q: form is missing (line or inline)", lg.Name)
		}
		if patNode == nil {
			errs.Add(file, item.Line, item.Column, "label grammar %q: pattern is missing", lg.Name)
			continue
		}
		re, err := compile(patNode.Value)
		if err != nil {
			errs.Add(file, patNode.Line, patNode.Column, "label grammar %q: bad pattern: %v", lg.Name, err)
			continue
		}
		for _, n := range re.SubexpNames() {
			if n != "" && !labelParts[n] {
				errs.Add(file, patNode.Line, patNode.Column, "label grammar %q: unknown part (?P<%s>); parts are %s", lg.Name, n, knownKeys(labelParts))
			}
		}
		lg.Pattern = re
		lg.lits = literalsOf(re, 1)
		for _, ex := range lg.Examples {
			if !re.MatchString(ex) {
				errs.Add(file, patNode.Line, patNode.Column, "label grammar %q: pattern does not match its example %q", lg.Name, ex)
			}
		}
		lx.labels = append(lx.labels, lg)
	}
}

// compile compiles a data pattern, case-insensitive unless it starts with (?-i).
func compile(p string) (*regexp.Regexp, error) {
	if strings.HasPrefix(p, "(?-i)") {
		return regexp.Compile(p)
	}
	return regexp.Compile("(?i)" + p)
}

func strs(file string, v *yaml.Node, errs *fileerr.List) []string {
	if v.Kind != yaml.SequenceNode {
		errs.Add(file, v.Line, v.Column, "want a list")
		return nil
	}
	var out []string
	for _, s := range v.Content {
		if s.Kind != yaml.ScalarNode || strings.TrimSpace(s.Value) == "" {
			errs.Add(file, s.Line, s.Column, "want a non-empty string")
			continue
		}
		out = append(out, s.Value)
	}
	return out
}

func patterns(file string, v *yaml.Node, errs *fileerr.List) []*regexp.Regexp {
	var out []*regexp.Regexp
	if v.Kind != yaml.SequenceNode {
		errs.Add(file, v.Line, v.Column, "want a list of patterns")
		return nil
	}
	for _, s := range v.Content {
		re, err := compile(s.Value)
		if err != nil {
			errs.Add(file, s.Line, s.Column, "bad pattern: %v", err)
			continue
		}
		out = append(out, re)
	}
	return out
}

var bodyKeys = map[string]bool{"key": true, "name": true, "role": true, "aliases": true}

func readBodies(file string, v *yaml.Node, errs *fileerr.List) []entry {
	if v.Kind != yaml.SequenceNode {
		errs.Add(file, v.Line, v.Column, "bodies: want a list")
		return nil
	}
	var out []entry
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			errs.Add(file, item.Line, item.Column, "body: want a mapping of %s", knownKeys(bodyKeys))
			continue
		}
		var e entry
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "key":
				e.key = strings.ToUpper(strings.TrimSpace(val.Value))
			case "name":
				e.name = val.Value
			case "role":
				e.role = val.Value
				switch val.Value {
				case RoleGroup, RoleOrganisation, RoleSecretariat, RoleStakeholder, RoleChair:
				default:
					errs.Add(file, val.Line, val.Column, "role %q: want group, organisation, secretariat, stakeholder or chair", val.Value)
				}
			case "aliases":
				e.aliases = strs(file, val, errs)
			default:
				errs.Add(file, k.Line, k.Column, "body: unknown key %q (known: %s)", k.Value, knownKeys(bodyKeys))
			}
		}
		if e.key == "" || e.name == "" || e.role == "" {
			errs.Add(file, item.Line, item.Column, "body: key, name and role are required")
			continue
		}
		out = append(out, e)
	}
	return out
}

// String describes the lexicon for errors and tests.
func (lx *Lexicon) String() string {
	return fmt.Sprintf("lexicon: %d label grammars, %d speakers", len(lx.labels), len(lx.g.byKey))
}
