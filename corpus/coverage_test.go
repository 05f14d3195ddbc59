package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"go.yaml.in/yaml/v3"
)

// coverageTurn is one turn of a coverage key: where it starts (its first
// words as written), whose it is, for whom, and the speaker's own stances
// in it by position.
type coverageTurn struct {
	Starts     string            `yaml:"starts"`
	Speaker    string            `yaml:"speaker"`
	OnBehalfOf string            `yaml:"on_behalf_of"`
	Stances    map[string]string `yaml:"stances"`
}

// namesPoA is how a text names the Programme of Action itself.
var namesPoA = regexp.MustCompile(`(?i)\bprogram(?:me)?s? of action\b|\bPoA\b|77/37|78/16|France and Egypt|French-Egyptian`)

// paraNumber is what may stand before a turn's first words: a summary
// record's paragraph number, markup.
var paraNumber = regexp.MustCompile(`^[\s*_#>•\-–“"]*(?:\(?\d{1,3}[.)]\s+|\[?\d{1,2}[:.]\d{2}(?::\d{2})?\]?\s*(?:[—–\-:|]\s*)?)?$`)

// sameSpeaker reports whether the key's speaker is the one found: the same
// key, or a name the gazetteer knows under that key
// (GLOBAL_FORUM_ON_CYBER_EXPERTISE is GFCE).
func sameSpeaker(got, want string) bool {
	if got == want {
		return true
	}
	s, ok := corpus.Default().Lookup(strings.ReplaceAll(want, "_", " "))
	return ok && s.Key == got
}

// coverageSegment finds the segment a key turn starts: the one whose text
// opens with the turn's first words, else the one that holds them;
// started says which.
func coverageSegment(segs []corpus.Segment, starts string) (seg *corpus.Segment, started bool) {
	for i := range segs {
		if j := strings.Index(segs[i].Text, starts); j >= 0 && paraNumber.MatchString(segs[i].Text[:j]) {
			return &segs[i], true
		}
	}
	for i := range segs {
		if strings.Contains(segs[i].Text, starts) {
			return &segs[i], false
		}
	}
	// A turn read as labelled ("Malaysia: argued that …"): the label is
	// the segment's evidence, not its text.
	if label, rest, ok := strings.Cut(starts, ":"); ok {
		rest = strings.TrimSpace(rest)
		for i := range segs {
			if strings.HasPrefix(segs[i].Text, rest) && strings.Contains(segs[i].AttributionEvidence, label) {
				return &segs[i], true
			}
		}
	}
	return nil, false
}

// coverageScore is what scoreCoverage counts.
type coverageScore struct {
	turns, right, named, namedRight, unknownWrong int
	// stance pairs (turn, position) of the key's turns read right, and
	// tags of positions a turn does not take
	stances, stancesRight, extra int
	// poaUnnamed are the key's poa stances in turns that never name the
	// Programme of Action: not scored.
	poaUnnamed int
	// textBytes and textRight: the bytes of the speakers' turns (from a
	// turn's first words to the next turn's) and those in segments of
	// the key's speaker: whether whole turns, not only their starts,
	// are attributed right.
	textBytes, textRight int
	byFile               []string
	misses               []string
}

// scoreCoverage attributes and classifies the documents of a coverage
// folder and scores them against its key.yaml. Stances count on the
// turns attributed right.
func scoreCoverage(t *testing.T, dir string) coverageScore {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "key.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var key map[string][]coverageTurn
	if err := yaml.Unmarshal(b, &key); err != nil {
		t.Fatalf("%s/key.yaml: %v", dir, err)
	}
	rs, err := classify.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var sc coverageScore
	files := slices.Sorted(func(yield func(string) bool) {
		for f := range key {
			if !yield(f) {
				return
			}
		}
	})
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.NewDocument(f, string(b), corpus.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Meta.Kind != corpus.KindTranscript {
			// Its turns count as missed below.
			sc.misses = append(sc.misses, fmt.Sprintf("%s: read as a %s, not a record of turns", f, d.Meta.Kind))
		}
		for i := range d.Segments {
			rs.Classify(&d.Segments[i])
		}
		sc.scoreText(string(b), d.Segments, key[f])
		fileRight := 0
		for _, turn := range key[f] {
			sc.turns++
			unknown := turn.Speaker == corpus.Unknown.Key
			if !unknown {
				sc.named++
			}
			seg, started := coverageSegment(d.Segments, turn.Starts)
			var miss string
			switch {
			case seg == nil:
				// No segment holds the turn's first words: a boundary
				// cut through them, or a label the segment left out.
				miss = "no segment holds its first words"
			case !sameSpeaker(seg.Speaker.Key, turn.Speaker) && turn.Speaker == corpus.Unknown.Key:
				miss = fmt.Sprintf("speaker %s, want %s", seg.Speaker.Key, turn.Speaker)
				sc.unknownWrong++
			case !sameSpeaker(seg.Speaker.Key, turn.Speaker):
				miss = fmt.Sprintf("speaker %s, want %s", seg.Speaker.Key, turn.Speaker)
			case !started && !unknown:
				miss = "no turn starts here"
			case turn.OnBehalfOf != "" && !sameSpeaker(seg.OnBehalfOf, turn.OnBehalfOf):
				miss = fmt.Sprintf("on behalf of %q, want %s", seg.OnBehalfOf, turn.OnBehalfOf)
			}
			if miss != "" {
				sc.misses = append(sc.misses, fmt.Sprintf("%s %q: %s", f, turn.Starts, miss))
				continue
			}
			sc.right++
			fileRight++
			if unknown {
				continue
			}
			sc.namedRight++
			for _, pos := range rs.Positions() {
				want, got := turn.Stances[pos.ID], classify.Aggregate(seg.Tags, pos.ID)
				if pos.ID == "poa" && want != "" && !namesPoA.MatchString(seg.Text) {
					// The key counts "a permanent mechanism" as the PoA;
					// poa.yaml does not (its description says why).
					sc.poaUnnamed++
					continue
				}
				if want == "" {
					if got != "" {
						sc.extra++
						sc.misses = append(sc.misses, fmt.Sprintf("%s %q: %s %s, not in the key", f, turn.Starts, pos.ID, got))
					}
					continue
				}
				sc.stances++
				if got == want {
					sc.stancesRight++
				} else {
					sc.misses = append(sc.misses, fmt.Sprintf("%s %q: %s %q, want %s", f, turn.Starts, pos.ID, got, want))
				}
			}
		}
		sc.byFile = append(sc.byFile, fmt.Sprintf("%-24s %d/%d turns", f, fileRight, len(key[f])))
	}
	return sc
}

// scoreText adds to textBytes and textRight the bytes of each speaker's
// turn in text, and those in segments of that speaker.
func (sc *coverageScore) scoreText(text string, segs []corpus.Segment, turns []coverageTurn) {
	type span struct{ start, end int }
	var segAt []span // each segment's place in text
	cursor := 0
	for _, s := range segs {
		i := strings.Index(text[cursor:], s.Text)
		if i < 0 {
			segAt = append(segAt, span{-1, -1})
			continue
		}
		segAt = append(segAt, span{cursor + i, cursor + i + len(s.Text)})
		cursor += i + len(s.Text)
	}
	starts := make([]int, len(turns))
	for i, t := range turns {
		starts[i] = strings.Index(text, t.Starts)
	}
	for i, t := range turns {
		if t.Speaker == corpus.Unknown.Key || starts[i] < 0 {
			continue
		}
		end := len(text)
		for _, s := range starts[i+1:] {
			if s > starts[i] {
				end = s
				break
			}
		}
		sc.textBytes += end - starts[i]
		for j, sp := range segAt {
			if lo, hi := max(sp.start, starts[i]), min(sp.end, end); sp.start >= 0 && lo < hi && sameSpeaker(segs[j].Speaker.Key, t.Speaker) {
				sc.textRight += hi - lo
			}
		}
	}
}

// summary is the figures of a score on one line.
func (sc coverageScore) summary() string {
	return fmt.Sprintf("turns right %d/%d (%.1f%%); speakers' turns %d/%d (%.1f%%), their text %.1f%% in segments of their speaker; no one's text given a speaker %d; stances right %d/%d (%.1f%%), %d tags the key does not have, %d poa stances on a mechanism never named the PoA not scored",
		sc.right, sc.turns, 100*pct(sc.right, sc.turns), sc.namedRight, sc.named, 100*pct(sc.namedRight, sc.named),
		100*pct(sc.textRight, sc.textBytes), sc.unknownWrong, sc.stancesRight, sc.stances, 100*pct(sc.stancesRight, sc.stances), sc.extra, sc.poaUnnamed)
}

// check fails t if the speakers' turns or the stances right fall below
// their floors.
func (sc coverageScore) check(t *testing.T, turns, stances float64) {
	t.Helper()
	if got := pct(sc.namedRight, sc.named); got < turns {
		t.Errorf("speakers' turns right %.3f, want ≥ %.2f", got, turns)
	}
	if got := pct(sc.stancesRight, sc.stances); got < stances {
		t.Errorf("stances right %.3f, want ≥ %.2f", got, stances)
	}
}

// logMisses logs a development set's figures by file and its misses.
func (sc coverageScore) logMisses(t *testing.T) {
	t.Helper()
	for _, l := range sc.byFile {
		t.Log(l)
	}
	for _, m := range sc.misses {
		t.Log("  " + m)
	}
}

// TestMeetingCoverage reads meeting coverage in eight house styles (UN
// press releases, a summary record, a negotiations bulletin, an online
// session report, a chair's summary, a rapporteur's report), written for
// this test by someone who had not seen the openers, and checks each turn
// of the key: that a segment starts there, with the key's speaker and
// group, and the speaker's stances. Text that is no one's (headlines,
// "Also speaking were …", "Several delegations …") must be UNKNOWN.
func TestMeetingCoverage(t *testing.T) {
	sc := scoreCoverage(t, filepath.Join("testdata", "coverage"))
	sc.logMisses(t)
	t.Log(sc.summary())
	if sc.turns < 100 {
		t.Errorf("only %d turns in the key", sc.turns)
	}
	sc.check(t, coverageFloors.turns, coverageFloors.stances)
}

// coverageFloors are the shares that must come out right: the figures
// when the grammar was written, less a margin.
var coverageFloors = struct{ turns, stances float64 }{0.95, 0.55}

// TestMeetingCoverageDev2 is a second development set: seven more house
// styles (a news-wire story, a delegation's cable in note form, a live
// blog, an NGO's analysis, a press release translated from French …),
// written by someone who had not seen the openers, misses printed.
func TestMeetingCoverageDev2(t *testing.T) {
	sc := scoreCoverage(t, filepath.Join("testdata", "coverage-dev2"))
	sc.logMisses(t)
	t.Log(sc.summary())
	sc.check(t, 0.90, 0.52)
}

// TestMeetingCoverageDev3 is a third development set, of attribution
// only (its key has no stances): a regional organisation's report, a
// consultation summary with affiliations in brackets, a mission's
// debrief email, an op-ed, a summary record naming offices only, a
// rapporteur's numbered minutes.
func TestMeetingCoverageDev3(t *testing.T) {
	sc := scoreCoverage(t, filepath.Join("testdata", "coverage-dev3"))
	sc.logMisses(t)
	t.Log(sc.summary())
	sc.check(t, 0.70, 0)
}

// TestMeetingCoverageHoldout scores six more documents in six more house
// styles (a delegation's reporting cable, a think-tank blog …), written
// by someone else after the openers were written and never read while
// working on them: its misses are not printed, only its figures.
func TestMeetingCoverageHoldout(t *testing.T) {
	sc := scoreCoverage(t, filepath.Join("testdata", "coverage-holdout"))
	t.Log(sc.summary())
	sc.check(t, coverageHoldoutFloors.turns, coverageHoldoutFloors.stances)
}

// coverageHoldoutFloors: the figures when the grammar was last changed
// (0.766, 0.547; 0.672, 0.585 at its first scoring), less a margin.
var coverageHoldoutFloors = struct{ turns, stances float64 }{0.72, 0.50}
