package corpus

import (
	"github.com/oewg/oewg/internal/lazyre"

	"encoding/csv"
	"errors"
	"fmt"
	"github.com/oewg/oewg/internal/fileerr"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MetaKeys are the metadata keys a user may give.
var MetaKeys = []string{"speaker", "date", "process", "session", "meeting", "kind", "title", "source", "role"}

// MetaRoles are the roles metadata may give a speaker the gazetteer does
// not know: States, the chair and unknown speakers come from the gazetteer.
var MetaRoles = []string{RoleStakeholder, RoleOrganisation, RoleGroup, RoleSecretariat}

// Kinds are the document kinds.
var Kinds = []string{KindTranscript, KindStatement, KindConceptNote, KindOther}

// MetaError is a problem in a metadata source, located when the source is a
// file.
type MetaError = fileerr.Error

// MetaErrors is every problem of one metadata source, sorted by position.
type MetaErrors = fileerr.List

var dateRE = lazyre.New(`^\d{4}-\d{2}-\d{2}$`)

// set assigns key=value to m, validating the value.
func (m *Meta) set(key, value string) error {
	value = strings.TrimSpace(value)
	switch key {
	case "speaker":
		m.Speaker = value
	case "date":
		if !dateRE.MatchString(value) {
			return fmt.Errorf("date %q is not YYYY-MM-DD", value)
		}
		m.Date = value
	case "process":
		m.Process = NormalizeProcess(value)
	case "session", "meeting":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return fmt.Errorf("%s %q is not a whole number", key, value)
		}
		if key == "session" {
			m.Session = n
		} else {
			m.Meeting = n
		}
	case "kind":
		if !contains(Kinds, value) {
			return fmt.Errorf("kind %q is not one of %s", value, strings.Join(Kinds, ", "))
		}
		m.Kind = value
	case "title":
		m.Title = value
	case "source":
		m.Source = value
	case "role":
		if !contains(MetaRoles, value) {
			return fmt.Errorf("role %q is not one of %s", value, strings.Join(MetaRoles, ", "))
		}
		m.Role = value
	default:
		return fmt.Errorf("unknown metadata key %q (known: %s)", key, strings.Join(MetaKeys, ", "))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParseMetaFlags reads --meta key=value pairs.
func ParseMetaFlags(pairs []string) (Meta, error) {
	var m Meta
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return m, fmt.Errorf("--meta %q: want key=value", p)
		}
		if err := m.set(strings.ToLower(strings.TrimSpace(k)), v); err != nil {
			return m, fmt.Errorf("--meta %s: %v", p, err)
		}
	}
	return m, nil
}

// SidecarNames are the sidecar files looked for next to FILE, in order:
// FILE.meta.yaml, FILE.meta.yml, FILE.meta.json, then the same with FILE's
// extension removed.
func SidecarNames(file string) []string {
	stem := strings.TrimSuffix(file, filepath.Ext(file))
	var out []string
	for _, base := range []string{file, stem} {
		for _, ext := range []string{".meta.yaml", ".meta.yml", ".meta.json"} {
			out = append(out, base+ext)
		}
	}
	return out
}

// IsSidecar reports whether path is a metadata sidecar or manifest rather
// than a document.
func IsSidecar(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	return base == "manifest.csv" || strings.HasSuffix(base, ".meta.yaml") ||
		strings.HasSuffix(base, ".meta.yml") || strings.HasSuffix(base, ".meta.json")
}

// LoadSidecar reads the first sidecar of file that exists. found is false
// when there is none.
func LoadSidecar(file string) (m Meta, found bool, err error) {
	for _, name := range SidecarNames(file) {
		b, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return m, true, err
		}
		m, err := ParseMetaFile(name, b)
		return m, true, err
	}
	return m, false, nil
}

// ParseMetaFile parses a YAML or JSON metadata file (JSON is read as YAML,
// which gives it line numbers), reporting every problem as file:line:col.
func ParseMetaFile(name string, b []byte) (Meta, error) {
	var m Meta
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		line, msg := fileerr.YAMLSyntax(err)
		return m, &MetaError{File: name, Line: line, Col: 1, Msg: "not valid YAML or JSON: " + msg + "; fix the file or remove it"}
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return m, &MetaError{File: name, Msg: "metadata file is empty; give key: value lines or remove it"}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return m, &MetaError{File: name, Line: doc.Line, Col: doc.Column, Msg: "want a mapping of key: value"}
	}
	var errs MetaErrors
	seen := map[string]bool{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		key := strings.ToLower(k.Value)
		if seen[key] {
			errs = append(errs, &MetaError{File: name, Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("%s given twice; keep one", k.Value)})
			continue
		}
		seen[key] = true
		if v.Kind != yaml.ScalarNode {
			errs = append(errs, &MetaError{File: name, Line: v.Line, Col: v.Column, Msg: fmt.Sprintf("%s: want a single value", k.Value)})
			continue
		}
		if err := m.set(strings.ToLower(k.Value), v.Value); err != nil {
			at := v
			if strings.HasPrefix(err.Error(), "unknown") {
				at = k
			}
			errs = append(errs, &MetaError{File: name, Line: at.Line, Col: at.Column, Msg: err.Error()})
		}
	}
	return m, errs.Err()
}

// Manifest is a folder's manifest.csv: metadata for its files, by base name.
type Manifest map[string]Meta

// LoadManifest reads dir/manifest.csv if it exists. Its first row names the
// columns: "file" and any metadata keys.
func LoadManifest(dir string) (Manifest, error) {
	name := filepath.Join(dir, "manifest.csv")
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseManifest(name, f)
}

// ParseManifest parses a manifest, reporting every problem with its line.
func ParseManifest(name string, r io.Reader) (Manifest, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &MetaError{File: name, Msg: "manifest is empty; give a header row with a file column"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	var errs MetaErrors
	fileCol := -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		header[i] = h
		if h == "file" {
			fileCol = i
		} else if !contains(MetaKeys, h) {
			errs = append(errs, &MetaError{File: name, Line: 1, Col: i + 1, Msg: fmt.Sprintf("unknown column %q (known: file, %s)", h, strings.Join(MetaKeys, ", "))})
		}
	}
	if fileCol < 0 {
		errs = append(errs, &MetaError{File: name, Line: 1, Col: 1, Msg: `missing column "file"; the first row must name a file column`})
		return nil, errs.Err()
	}
	out := Manifest{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			if _, ok := err.(*csv.ParseError); ok {
				continue
			}
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			errs = append(errs, &MetaError{File: name, Line: line, Col: 1, Msg: fmt.Sprintf("row has %d fields, header has %d; give every row one value per column (empty is fine)", len(rec), len(header))})
			continue
		}
		var m Meta
		for i, v := range rec {
			if i == fileCol || strings.TrimSpace(v) == "" || !contains(MetaKeys, header[i]) {
				continue
			}
			if err := m.set(header[i], v); err != nil {
				_, col := cr.FieldPos(i)
				errs = append(errs, &MetaError{File: name, Line: line, Col: col, Msg: err.Error()})
			}
		}
		out[filepath.Base(strings.TrimSpace(rec[fileCol]))] = m
	}
	return out, errs.Err()
}

// csvError locates an encoding/csv error.
func csvError(name string, err error) *MetaError {
	if pe, ok := err.(*csv.ParseError); ok {
		return &MetaError{File: name, Line: pe.Line, Col: max(pe.Column, 1), Msg: "not valid CSV: " + pe.Err.Error() + `; check the quoting: a value with a comma goes in "double quotes", a quote inside it is written ""`}
	}
	return &MetaError{File: name, Msg: "cannot read manifest: " + err.Error()}
}

// Merge fills m's unknown fields from the less specific layers, in order.
func (m Meta) Merge(layers ...Meta) Meta {
	for _, l := range layers {
		if m.Speaker == "" {
			// NOTE: a role goes with the speaker it was given with.
			m.Speaker, m.Role = l.Speaker, l.Role
		}
		if m.Date == "" {
			m.Date = l.Date
		}
		if m.Process == "" {
			m.Process = l.Process
		}
		if m.Session == 0 {
			m.Session = l.Session
		}
		if m.Meeting == 0 {
			m.Meeting = l.Meeting
		}
		if m.Kind == "" {
			m.Kind = l.Kind
		}
		if m.Title == "" {
			m.Title = l.Title
		}
		if m.Source == "" {
			m.Source = l.Source
		}
	}
	return m
}

// Processes are the canonical process names.
const (
	ProcessOEWG1 = "OEWG 2019-2021"
	ProcessOEWG2 = "OEWG 2021-2025"
)

var processRE = lazyre.New(`(?i)(OEWG|open[- ]ended working group)\D{0,80}?((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)?\d\d)\b`)

// NormalizeProcess turns "OEWG 2021-25", "oewg 2021–2025" into the
// canonical "OEWG 2021-2025"; other names are kept as given.
func NormalizeProcess(s string) string {
	m := processRE.FindStringSubmatch(s)
	if m == nil {
		return strings.TrimSpace(s)
	}
	end := m[3]
	if len(end) == 2 {
		end = m[2][:2] + end
	}
	return "OEWG " + m[2] + "-" + end
}

// ProcessForDate infers the OEWG from a YYYY-MM-DD date: the first OEWG met
// from September 2019 to March 2021, the second from June 2021 to July 2025.
func ProcessForDate(date string) string {
	switch {
	case date == "":
		return ""
	case date >= "2019-06-01" && date <= "2021-03-31":
		return ProcessOEWG1
	case date >= "2021-06-01" && date <= "2025-07-31":
		return ProcessOEWG2
	}
	return ""
}
