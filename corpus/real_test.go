package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/extract"
)

// realDir holds real UN meeting transcripts (../shared/real, read at run
// time, never copied into this repository: they are third-party data).
const realDir = "../../shared/real/un80-iahwg"

// refTurn is one turn of a real transcript by its published label.
type refTurn struct {
	label string
	// want is the speaker key by the label; class is chair, delegation
	// (a State or a group of States) or briefer (the Secretariat, an
	// expert: never a State).
	want, class string
	// group is the bracketed group, if any.
	group string
	// probe is a sentence from the middle of the turn: the labels' edges
	// are not reliable (see ../shared/real/README.md).
	probe string
}

var boldLabel = regexp.MustCompile(`^\*\*(.+)\*\*\s*$`)

// readReference splits a published transcript at its label lines.
func readReference(t testing.TB, text string) []refTurn {
	g := corpus.Default()
	var turns []refTurn
	var paras []string
	flush := func() {
		if len(turns) == 0 || len(paras) == 0 {
			paras = nil
			return
		}
		// The middle sentence, or the longest near it for short turns.
		turns[len(turns)-1].probe = paras[len(paras)/2]
		paras = nil
	}
	for _, p := range strings.Split(text, "\n\n") {
		p = strings.TrimSpace(p)
		if m := boldLabel.FindStringSubmatch(p); m != nil {
			flush()
			parts := strings.Split(m[1], "|")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			r := refTurn{label: m[1]}
			last := parts[len(parts)-1]
			if strings.HasPrefix(last, "(") {
				r.group = strings.Trim(last, "()")
			}
			s, ok := g.Lookup(parts[0])
			switch {
			case strings.Contains(m[1], "Co-Chair"):
				r.want, r.class = "CHAIR", "chair"
			case ok && (s.Role == corpus.RoleDelegation || s.Role == corpus.RoleGroup):
				r.want, r.class = s.Key, "delegation"
			default:
				r.class = "briefer"
			}
			turns = append(turns, r)
			continue
		}
		if len(strings.Fields(p)) >= 4 {
			paras = append(paras, p)
		}
	}
	flush()
	return turns
}

// renderings of a published transcript: as published, with plain labels,
// with no labels at all.
func renderings(text string) map[string]string {
	plain := boldLabel.ReplaceAllStringFunc(text, func(l string) string {
		parts := strings.Split(strings.Trim(strings.TrimSpace(l), "*"), "|")
		for _, p := range parts {
			if p := strings.TrimSpace(p); strings.Contains(p, "Chair") {
				return p
			}
		}
		return strings.TrimSpace(parts[0])
	})
	var kept []string
	for _, p := range strings.Split(text, "\n\n") {
		if !boldLabel.MatchString(strings.TrimSpace(p)) {
			kept = append(kept, p)
		}
	}
	return map[string]string{"published": text, "plain": plain, "none": strings.Join(kept, "\n\n")}
}

// realScore is how one rendering of the real transcripts came out.
type realScore struct {
	delegations, delegationsRight int
	chairs, chairsKept            int
	briefers, briefersAsState     int
	groups, groupsRight           int
	misses                        []string
}

func scoreReal(t testing.TB, rendering string) realScore {
	files, _ := filepath.Glob(filepath.Join(realDir, "*.md"))
	if len(files) == 0 {
		t.Skipf("no real transcripts in %s (../shared beside the repository)", realDir)
	}
	var sc realScore
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ref := readReference(t, string(b))
		text := renderings(string(b))[rendering]
		res, err := extract.Bytes(filepath.Base(f), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := corpus.NewDocument(f, res.Text, corpus.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Meta.Kind != corpus.KindTranscript {
			t.Errorf("%s (%s): kind %s, want transcript", filepath.Base(f), rendering, doc.Meta.Kind)
		}
		for _, r := range ref {
			if r.probe == "" {
				continue
			}
			probe := strings.ReplaceAll(r.probe, "**", "")
			var seg *corpus.Segment
			for i := range doc.Segments {
				if strings.Contains(doc.Segments[i].Text, probe) {
					seg = &doc.Segments[i]
					break
				}
			}
			got := "MISSING"
			if seg != nil {
				got = seg.Speaker.Key
			}
			switch r.class {
			case "delegation":
				sc.delegations++
				if got == r.want {
					sc.delegationsRight++
				} else {
					sc.misses = append(sc.misses, fmt.Sprintf("%s: %q → %s, want %s (%.70q)", filepath.Base(f)[:9], r.label, got, r.want, probe))
				}
				if r.group != "" && rendering == "published" {
					sc.groups++
					gk, _ := corpus.Default().Lookup(r.group)
					if seg != nil && (seg.OnBehalfOf != "" && seg.OnBehalfOf != seg.Speaker.Key || gk.Key == seg.Speaker.Key) {
						sc.groupsRight++
					} else {
						sc.misses = append(sc.misses, fmt.Sprintf("%s: %q on_behalf_of %q", filepath.Base(f)[:9], r.label, func() string {
							if seg == nil {
								return ""
							}
							return seg.OnBehalfOf
						}()))
					}
				}
			case "chair":
				sc.chairs++
				if got == "CHAIR" {
					sc.chairsKept++
				} else {
					sc.misses = append(sc.misses, fmt.Sprintf("%s: chair %q → %s (%.70q)", filepath.Base(f)[:9], r.label, got, probe))
				}
			case "briefer":
				sc.briefers++
				if seg != nil && seg.Speaker.Role == corpus.RoleDelegation {
					sc.briefersAsState++
					sc.misses = append(sc.misses, fmt.Sprintf("%s: briefer %q → State %s (%.70q)", filepath.Base(f)[:9], r.label, got, probe))
				}
			}
		}
	}
	return sc
}

func pct(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestRealTranscripts scores attribution on the real transcripts in three
// renderings against the targets of the README's table.
func TestRealTranscripts(t *testing.T) {
	targets := map[string]float64{"published": 0.98, "plain": 0.98, "none": 0.85}
	for _, r := range []string{"published", "plain", "none"} {
		t.Run(r, func(t *testing.T) {
			sc := scoreReal(t, r)
			t.Logf("%-9s delegations %d/%d (%.1f%%), chair kept %d/%d (%.1f%%), briefers as a State %d/%d, groups %d/%d",
				r, sc.delegationsRight, sc.delegations, 100*pct(sc.delegationsRight, sc.delegations),
				sc.chairsKept, sc.chairs, 100*pct(sc.chairsKept, sc.chairs), sc.briefersAsState, sc.briefers, sc.groupsRight, sc.groups)
			for _, m := range sc.misses {
				t.Log("  " + m)
			}
			if got := pct(sc.delegationsRight, sc.delegations); got < targets[r] {
				t.Errorf("delegation turns right %.3f, want ≥ %.2f", got, targets[r])
			}
			if got := pct(sc.chairsKept, sc.chairs); got < 0.95 {
				t.Errorf("chair turns kept %.3f, want ≥ 0.95", got)
			}
			if sc.briefersAsState > 0 {
				t.Errorf("%d briefings given to a State", sc.briefersAsState)
			}
			if got := pct(sc.groupsRight, sc.groups); got < 0.90 {
				t.Errorf("bracketed groups in on_behalf_of %.3f, want ≥ 0.90", got)
			}
		})
	}
}
