package corpus

import (
	"github.com/oewg/oewg/internal/lazyre"

	"fmt"
	"strings"
)

// selfVerb follows a speaker's name when the speaker speaks of itself:
// "Kenya places great importance", "The UK welcomes", "China would like".
var selfVerb = lazyre.New(`^\s+(?:\p{Ll}+ly\s+)?(?:would|will|is|has|remains|stands|shares|can|cannot|does|did|was|also|fully|firmly|strongly|therefore|thus|hereby|reiterates|\p{Ll}{2,}(?:es|s))\b`)

// sentenceLead is what may come before the name at the start of a sentence.
var sentenceLead = lazyre.New(`(?i)^\W*(?:(?:and|also|so|now|today|here|first|firstly|second|secondly|third|finally|lastly|furthermore|moreover|in\s+addition|however|therefore|indeed|mr\.?\s+chair|madam\s+chair|chair|co-?\s?chairs?|excellencies|colleagues)\W+)*(?:the\s+)?`)

// chairSelf is a chair speaking of its office: "in our role as Co-Chairs".
var chairSelf = lazyre.New(`(?i)(?:\b(?:in\s+(?:our|my)\s+(?:role|capacity)\s+as|as\s+(?:your|the))\s+|(?:^|[.!?]\s+)as\s+)(?:co-?\s?)?chairs?\b`)

// selfRefSentences is how many of a segment's first sentences are read
// for self-references: a speaker names itself as it starts.
const selfRefSentences = 8

// selfReferences counts the States a segment's sentences name as their
// subject, with the first such sentence of each.
func (lx *Lexicon) selfReferences(s *Segment) (map[string]int, map[string]string) {
	counts, first := map[string]int{}, map[string]string{}
	for i, sp := range s.Sentences {
		if i >= selfRefSentences {
			break
		}
		sent := s.Text[sp.Start:sp.End]
		if strings.Contains(sent, "floor") {
			continue // "Brazil has asked for the floor": the chair's words
		}
		// The subject stands first, after a connective or an address.
		lead := sentenceLead.FindStringIndex(sent)
		if lead == nil {
			continue
		}
		rest := sent[lead[1]:]
		if len(rest) > 80 {
			rest = rest[:strings.LastIndexByte(rest[:80], ' ')+1]
		}
		if !lx.g.mayStartName(rest) {
			continue
		}
		ws := words(rest)
		if len(ws) == 0 || ws[0].start != 0 {
			continue
		}
		n, sp, ok := lx.g.matchAt(rest, ws, 0)
		if !ok || sp.Role != RoleDelegation || !selfVerb.MatchString(rest[ws[n-1].end:]) {
			continue
		}
		counts[sp.Key]++
		if first[sp.Key] == "" {
			first[sp.Key] = strings.TrimSpace(sent)
		}
	}
	return counts, first
}

// checkConsistency flags a transcript segment whose own words contradict
// its speaker ("The UK welcomes …" under the chair, "Kenya believes …"
// under Ghana) and corrects it where the evidence is unambiguous: the text
// names one State as its subject, at least twice (once where nothing else
// gave a speaker), and the speaker did not come from a label that also
// performs the chair's acts.
func (lx *Lexicon) checkConsistency(segs []Segment) {
	for i := range segs {
		s := &segs[i]
		if s.Interjection {
			continue
		}
		if s.Speaker.Key == Unknown.Key {
			if m := chairSelf.FindString(s.Text); m != "" {
				s.Speaker, s.Attribution, s.AttributionEvidence = chairSpeaker, AttributionSelfReference, sentenceAround(s, m)
				continue
			}
		}
		counts, first := lx.selfReferences(s)
		if len(counts) == 0 || counts[s.Speaker.Key] > 0 {
			continue
		}
		if len(counts) > 1 {
			continue // several States named as subjects: a summary, not a self-reference
		}
		var key string
		for k := range counts {
			key = k
		}
		if key == s.OnBehalfOf {
			continue
		}
		named, _ := lx.g.Key(key)
		n := counts[key]
		switch {
		case s.Speaker.Key == Unknown.Key:
			s.Speaker, s.Attribution, s.AttributionEvidence = named, AttributionSelfReference, first[key]
		case s.Speaker.Role == RoleStakeholder && s.Attribution == AttributionHandover && lx.personRe.MatchString(s.Speaker.Name):
			// A person the chair named, whom nothing tied to a delegation
			// (an organisation the chair named speaks for itself).
			s.Notes = append(s.Notes, fmt.Sprintf("speaker corrected from %s: its own words name %s (%q)", s.Speaker.Key, key, first[key]))
			s.Speaker, s.Attribution, s.AttributionEvidence = named, AttributionSelfReference, first[key]
		case n >= 2 && s.Attribution != AttributionLabel:
			s.Notes = append(s.Notes, fmt.Sprintf("speaker corrected from %s: its own words name %s (%q)", s.Speaker.Key, key, first[key]))
			s.Speaker, s.Attribution, s.AttributionEvidence = named, AttributionSelfReference, first[key]
		case n >= 2 && s.Speaker.Role == RoleChair && !lx.actsAsChair(s.Text):
			s.Notes = append(s.Notes, fmt.Sprintf("speaker corrected from the chair's label %q: its own words name %s (%q)", s.AttributionEvidence, key, first[key]))
			s.Speaker, s.Attribution, s.AttributionEvidence = named, AttributionSelfReference, first[key]
		default:
			s.Notes = append(s.Notes, fmt.Sprintf("own words name %s, not %s (%q)", key, s.Speaker.Key, first[key]))
		}
	}
}

// actsAsChair reports whether a text hands the floor over or performs a
// chair act.
func (lx *Lexicon) actsAsChair(text string) bool {
	if lx.actsRe.MatchString(text) {
		return true
	}
	_, ok := lx.handOver(text)
	return ok
}

// sentenceAround returns the sentence of s that holds the match m.
func sentenceAround(s *Segment, m string) string {
	i := strings.Index(s.Text, m)
	for _, sp := range s.Sentences {
		if sp.Start <= i && i < sp.End {
			return strings.TrimSpace(s.Text[sp.Start:sp.End])
		}
	}
	return m
}
