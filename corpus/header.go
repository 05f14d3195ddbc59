package corpus

import (
	"github.com/oewg/oewg/internal/lazyre"

	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// monthName matches a month's name or its abbreviation ("Oct", "Sept.").
const monthName = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

var (
	dateDMY = lazyre.New(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthName + `,?\s+((?:19|20)\d\d)\b`)
	dateMDY = lazyre.New(`(?i)\b` + monthName + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	dateISO = lazyre.New(`\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b`)
	// dateNum is "19/07/2024" or "19.07.2024": day first in most of the
	// world, month first in the United States, so read only when one of
	// the two cannot be a month.
	dateNum = lazyre.New(`\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b`)
)

// findDate returns the first date in s as YYYY-MM-DD.
func findDate(s string) string {
	best, at := "", len(s)+1
	if m := dateDMY.FindStringSubmatchIndex(s); m != nil && m[0] < at {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		best, at = fmt.Sprintf("%s-%02d-%02d", s[m[6]:m[7]], months[strings.ToLower(s[m[4]:m[5]])], d), m[0]
	}
	if m := dateMDY.FindStringSubmatchIndex(s); m != nil && m[0] < at {
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		best, at = fmt.Sprintf("%s-%02d-%02d", s[m[6]:m[7]], months[strings.ToLower(s[m[2]:m[3]])], d), m[0]
	}
	if m := dateISO.FindStringSubmatchIndex(s); m != nil && m[0] < at {
		best, at = s[m[0]:m[1]], m[0]
	}
	if m := dateNum.FindStringSubmatchIndex(s); m != nil && m[0] < at {
		a, _ := strconv.Atoi(s[m[2]:m[3]])
		b, _ := strconv.Atoi(s[m[4]:m[5]])
		switch {
		case a > 12 && b <= 12:
			best = fmt.Sprintf("%s-%02d-%02d", s[m[6]:m[7]], b, a)
		case b > 12 && a <= 12:
			best = fmt.Sprintf("%s-%02d-%02d", s[m[6]:m[7]], a, b)
		}
		// Both 12 or less: which is the month is not said; no guess.
	}
	if best != "" && !validDate(best) {
		return ""
	}
	return best
}

func validDate(d string) bool {
	mo, _ := strconv.Atoi(d[5:7])
	day, _ := strconv.Atoi(d[8:10])
	return mo >= 1 && mo <= 12 && day >= 1 && day <= 31
}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}

var (
	sessionNum = lazyre.New(`(?i)\b(\d{1,2})\s*(?:<sup>)?(?:st|nd|rd|th)(?:</sup>)?\s+(?:formal\s+|informal\s+)?(?:substantive\s+|organizational\s+)?session\b`)
	// NOTE: an ordinal after a hyphen is the end of a compound: the
	// General Assembly's "Seventy-eighth session" is no eighth session.
	sessionWord  = lazyre.New(`(?i)(?:^|[^\w-])(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+(?:substantive\s+)?session\b`)
	meetingWord  = lazyre.New(`(?i)(?:^|[^\w-])(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+meeting\s+of\s+the\b`)
	sessionTitle = lazyre.New(`(?i)\bsession\s+(\d{1,2})\s*[-–.]\s*(\d{1,2})\b`)
	sessionLabel = lazyre.New(`(?i)\bsession[\s_-]*(\d{1,2})\b`)
	meetingLabel = lazyre.New(`(?i)\bmeeting[\s_-]*(\d{1,2})\b`)
)

// findSession returns the session (and meeting, where said) named in s.
func findSession(s string) (session, meeting int) {
	if m := sessionTitle.FindStringSubmatch(s); m != nil {
		session, _ = strconv.Atoi(m[1])
		meeting, _ = strconv.Atoi(m[2])
		return session, meeting
	}
	if m := sessionNum.FindStringSubmatch(s); m != nil {
		session, _ = strconv.Atoi(m[1])
	} else if m := sessionWord.FindStringSubmatch(s); m != nil {
		session = ordinals[strings.ToLower(m[1])]
	}
	if m := meetingWord.FindStringSubmatch(s); m != nil {
		meeting = ordinals[strings.ToLower(m[1])]
	}
	return session, meeting
}

// The first OEWG's full name, which carries no years.
var oewg1Name = lazyre.New(`(?i)open[- ]ended working group on developments in the field of\s+information`)

// findProcess returns the canonical process named in s.
func findProcess(s string) string {
	if m := processRE.FindString(s); m != "" {
		return NormalizeProcess(m)
	}
	if oewg1Name.MatchString(s) {
		return ProcessOEWG1
	}
	return ""
}

// salutation starts the body of a statement: the first words addressed to
// the chair.
var salutation = lazyre.New(`(?im)^[\s*_#>"“]*(?:(?:thank you(?: very much)?|many thanks),?\s+(?:mr\.?|madam|madame)?\s*(?:chair|chairman|chairperson|president|co-chairs?)|(?:mr\.?|madam|madame|distinguished)\s+(?:chair|chairman|chairperson|president|co-chairs?)|(?:chair|excellencies|excellency|dear colleagues)\s*,)`)

// header is what the first lines of a document say about it.
type header struct {
	meta Meta
	// speaker is the speaker the header names, if any.
	speaker *Speaker
	// speakerEvidence is the header line that names it.
	speakerEvidence string
	// onBehalfOf is the group the header says the speaker speaks for.
	onBehalfOf string
	// body is the byte offset where the speech starts.
	body int
}

// transcriptWord is "transcript" in a title, not "transcripts" in a menu.
var transcriptWord = lazyre.New(`\btranscript\b`)

// firstLines returns the first n non-blank lines of s.
func firstLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, l)
		if len(out) == n {
			break
		}
	}
	return strings.Join(out, "\n")
}

// headerZoneMax bounds how far into a statement the header may reach.
const headerZoneMax = 1500

// readHeader reads a statement's or note's header: the text before the first
// salutation ("Mr. Chair,"), or its first lines when there is none.
func (lx *Lexicon) readHeader(text string) header {
	var h header
	zone := text
	if loc := salutation.FindStringIndex(text); loc != nil && loc[0] <= headerZoneMax {
		zone = text[:loc[0]]
		h.body = loc[0]
	} else {
		if len(zone) > headerZoneMax {
			zone = zone[:lastSpace(zone, headerZoneMax)]
		}
		h.body = 0
	}
	h.meta.Date = findDate(zone)
	h.meta.Session, h.meta.Meeting = findSession(zone)
	h.meta.Process = findProcess(zone)
	// NOTE: the kind is read from the first lines, the title: a web page's
	// menu ("Home · Transcripts · About") is no title.
	lower := strings.ToLower(firstLines(zone, 3))
	switch {
	case strings.Contains(lower, "concept note"):
		h.meta.Kind = KindConceptNote
	case transcriptWord.MatchString(lower):
		h.meta.Kind = KindTranscript
	}
	if t := firstLine(zone); t != "" && len(t) <= 120 && findDate(t) == "" {
		h.meta.Title = t
	}
	if h.meta.Kind == KindConceptNote {
		return h
	}
	h.speaker, h.onBehalfOf, h.speakerEvidence = lx.headerSpeaker(zone)
	return h
}

func lastSpace(s string, n int) int {
	if i := strings.LastIndexAny(s[:n], " \n"); i > 0 {
		return i
	}
	return n
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.Trim(l, " \t*#_“”\"")
		if l != "" {
			return l
		}
	}
	return ""
}

var onBehalfRE = lazyre.New(`(?i)\bon\s+behalf\s+of\s+`)

// headerSpeaker picks the speaker a header names: a line that is only a
// name, or the first State or group named after an intro of the
// lexicon's statement_header ("Statement by", "delivered by") that is not
// what the speaker speaks on behalf of; failing those, after a mission
// ("Permanent Mission of Switzerland").
func (lx *Lexicon) headerSpeaker(zone string) (*Speaker, string, string) {
	g := lx.g
	behalf := ""
	behalfAt := -1
	if loc := onBehalfRE.FindStringIndex(zone); loc != nil {
		if s, _, ok := g.MatchPrefix(zone[loc[1]:]); ok {
			behalf, behalfAt = s.Key, loc[1]
		}
	}
	for _, line := range strings.Split(zone, "\n") {
		l := strings.Trim(line, " \t*#_")
		if s, ok := g.Lookup(l); ok && s.Role != RoleChair {
			return &s, behalf, l
		}
	}
	for _, intros := range [][]*regexp.Regexp{lx.stmtIntro, lx.stmtMission} {
		// The intro that comes first in the header names the speaker.
		var starts []int
		for _, re := range intros {
			for _, loc := range re.FindAllStringIndex(zone, -1) {
				starts = append(starts, loc[1])
			}
		}
		slices.Sort(starts)
		for _, at := range starts {
			for _, m := range g.FindAll(zone[at:]) {
				if at+m.Start == behalfAt || m.Speaker.Role == RoleChair {
					continue
				}
				s := m.Speaker
				return &s, behalf, lineAt(zone, at+m.Start)
			}
		}
	}
	// NOTE: a State named anywhere else in the header is a topic, not the
	// speaker: never a guess.
	return nil, behalf, ""
}

// lineAt returns the trimmed line of s that holds byte i.
func lineAt(s string, i int) string {
	start := strings.LastIndexByte(s[:i], '\n') + 1
	end := strings.IndexByte(s[i:], '\n')
	if end < 0 {
		end = len(s)
	} else {
		end += i
	}
	l := strings.TrimSpace(s[start:end])
	if len(l) > 200 {
		l = l[:lastSpace(l, 200)]
	}
	return l
}

var fileDate = lazyre.New(`((?:19|20)\d\d)[-_.]?(\d\d)[-_.]?(\d\d)`)

// metaFromFileName reads what a file name says: a date, "session-2",
// "meeting-8", the kind, and a leading speaker ("iran-2020-11-19-….txt").
func metaFromFileName(path string, g *Gazetteer) Meta {
	var m Meta
	base := filepath.Base(path)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if d := fileDate.FindStringSubmatch(stem); d != nil {
		if iso := d[1] + "-" + d[2] + "-" + d[3]; validDate(iso) {
			m.Date = iso
		}
	}
	if m.Date == "" {
		// "session_2_Oct_13_2025_…": a date in words, between separators.
		m.Date = findDate(strings.NewReplacer("_", " ", "-", " ").Replace(stem))
	}
	if s := sessionLabel.FindStringSubmatch(stem); s != nil {
		m.Session, _ = strconv.Atoi(s[1])
	}
	if s := meetingLabel.FindStringSubmatch(stem); s != nil {
		m.Meeting, _ = strconv.Atoi(s[1])
	}
	m.Process = findProcess(stem) // "oewg-2021-2025-…"
	lower := strings.ToLower(stem)
	switch {
	case strings.Contains(lower, "transcript"):
		m.Kind = KindTranscript
	case strings.Contains(lower, "concept-note") || strings.Contains(lower, "concept_note") || strings.Contains(lower, "conceptnote"):
		m.Kind = KindConceptNote
	}
	// A leading name: the longest run of leading words that the gazetteer
	// knows ("iran", "republic-of-korea", "czech-republic").
	parts := strings.FieldsFunc(stem, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' })
	for n := len(parts); n >= 1; n-- {
		if n > 6 {
			continue
		}
		cand := strings.Join(parts[:n], " ")
		if s, ok := g.Lookup(cand); ok && s.Role != RoleChair && s.Role != RoleSecretariat {
			m.Speaker = s.Key
			break
		}
	}
	return m
}
