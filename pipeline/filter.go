package pipeline

import (
	"github.com/oewg/oewg/internal/lazyre"

	"fmt"
	"slices"
	"strings"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
)

// FilterSpec is a filter as a person writes it: speakers by name or key,
// positions by id, and so on (the flags of oewg search, positions and
// compare).
type FilterSpec struct {
	Speakers  []string
	Positions []string
	Stance    string
	Kind      string
	Process   string
	Session   int
	From, To  string
	Roles     []string
	// Aggregate says the filter is for a report that aggregates stances
	// (positions, compare): --stance mixed is then allowed, and left to
	// the report (reports.Options.Stance), since no single tag is mixed.
	Aggregate bool
}

// FilterError is a filter value that is not valid: the field (the flag's
// name), the value and what to give instead.
type FilterError struct {
	Field, Value string
	msg          string
}

func (e *FilterError) Error() string { return e.msg }

func filterErr(field, value, format string, args ...any) *FilterError {
	return &FilterError{Field: field, Value: value, msg: fmt.Sprintf(format, args...)}
}

// ParseFilter checks spec and returns the index filter. positions are the
// position ids the rules know (PositionIDs). Every problem is a
// *FilterError.
func ParseFilter(spec FilterSpec, positions []string) (index.Filter, error) {
	f := index.Filter{Stance: spec.Stance, Kind: spec.Kind, Session: spec.Session, From: spec.From, To: spec.To}
	if spec.Process != "" {
		f.Process = corpus.NormalizeProcess(spec.Process) // "OEWG 2021-25" → "OEWG 2021-2025"
	}
	for _, s := range spec.Speakers {
		k, ok := ResolveSpeaker(s)
		if !ok {
			return f, filterErr("speaker", s, "--speaker %q: unknown speaker; use a key such as KEN or EU, or a name such as Kenya (oewg speakers lists them)", s)
		}
		f.Speakers = append(f.Speakers, k)
	}
	for _, p := range spec.Positions {
		if !slices.Contains(positions, p) {
			return f, filterErr("position", p, "--position %q: unknown position; known positions: %s", p, strings.Join(positions, ", "))
		}
	}
	f.Positions = spec.Positions
	switch {
	case spec.Stance == corpus.StanceMixed && spec.Aggregate:
		f.Stance = "" // the report keeps the mixed cells
	case spec.Stance == corpus.StanceMixed:
		return f, filterErr("stance", spec.Stance, "--stance mixed: a single tag is never mixed, only a speaker's stance in a table is; use it with oewg positions or compare, or give support, oppose or mention")
	case spec.Stance != "" && !slices.Contains([]string{corpus.StanceSupport, corpus.StanceOppose, corpus.StanceMention}, spec.Stance):
		msg := "support, oppose or mention"
		if spec.Aggregate {
			msg = "support, oppose, mixed or mention"
		}
		return f, filterErr("stance", spec.Stance, "--stance %q: use %s", spec.Stance, msg)
	}
	for _, r := range spec.Roles {
		if !slices.Contains(corpus.Roles, r) {
			return f, filterErr("role", r, "--role %q: use %s", r, strings.Join(corpus.Roles, ", "))
		}
	}
	f.Roles = spec.Roles
	if spec.Kind != "" && !slices.Contains(corpus.Kinds, spec.Kind) {
		return f, filterErr("kind", spec.Kind, "--kind %q: use %s", spec.Kind, strings.Join(corpus.Kinds, ", "))
	}
	if spec.Session < 0 {
		return f, filterErr("session", fmt.Sprint(spec.Session), "--session %d: want a session number, 1 or more", spec.Session)
	}
	for _, d := range []struct{ flag, v string }{{"from", spec.From}, {"to", spec.To}} {
		if d.v != "" {
			if _, err := index.ParseDate(d.v); err != nil {
				return f, filterErr(d.flag, d.v, "--%s: %v", d.flag, err)
			}
		}
	}
	if spec.From != "" && spec.To != "" && spec.From > spec.To {
		return f, filterErr("from", spec.From, "--from %s is after --to %s", spec.From, spec.To)
	}
	return f, nil
}

// ResolveSpeaker turns what a person typed for a speaker into its key: a
// key (KEN, EU), a name or any alias the gazetteer knows ("Iran", "UK",
// "Lao PDR"), or a key written in capitals that the gazetteer does not know
// (a stakeholder keyed from metadata, such as ACME_INSTITUTE). Anything else
// — "Narnia" — is not a speaker, so that a typo is an error rather than an
// empty result.
func ResolveSpeaker(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if sp, ok := corpus.Default().Lookup(s); ok {
		return sp.Key, true
	}
	if sp, ok := corpus.Default().Key(s); ok {
		return sp.Key, true
	}
	return s, keyLike.MatchString(s)
}

// keyLike is how speaker keys are written: capitals, digits, underscores.
var keyLike = lazyre.New(`^[A-Z][A-Z0-9_]+$`)

// specOrder is the column order of the four built-in positions; positions
// a user adds follow, by id.
var specOrder = []string{"poa", "demand_driven", "cbdr", "gender"}

// PositionIDs lists the position ids of a rule set in column order.
func PositionIDs(rs *classify.RuleSet) []string {
	var all []string
	for _, p := range rs.Positions() {
		all = append(all, p.ID)
	}
	return OrderPositionIDs(all)
}

// OrderPositionIDs puts position ids in column order: the four built-in
// positions first, then the others as given.
func OrderPositionIDs(all []string) []string {
	var ids []string
	for _, id := range specOrder {
		if slices.Contains(all, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range all {
		if !slices.Contains(specOrder, id) {
			ids = append(ids, id)
		}
	}
	return ids
}
