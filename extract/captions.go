package extract

import (
	"html"
	"strings"

	"github.com/oewg/oewg/internal/lazyre"
)

// Caption files (WebVTT .vtt, SubRip .srt) are read as the caption
// transcript they hold: the cues' text, a caption line a line, without
// the header, cue numbers, timings, notes and styling. A cue's voice
// (<v Kenya>, <v.loud Speaker 2>) becomes an inline label ("Kenya: …")
// where it changes; a name before a colon that opens a cue is dropped
// where it repeats the last cue's name (meeting platforms name the
// speaker in every cue); a line that repeats the line before it (roll-up
// captions repeat each line in the next cue) is dropped. The lines then
// go through what a caption transcript saved as .txt goes through, so
// that ">> KENYA: …" and "KENYA: …" cues are read as they are there.

// captionParaMinWords is the fewest words a paragraph of unpunctuated
// captions has.
const captionParaMinWords = 4

var (
	// cueTiming is a cue's timing line: "00:00:01.000 --> 00:00:04.000"
	// (WebVTT: hours optional, settings after) or "00:00:01,000 -->
	// 00:00:04,000" (SubRip).
	cueTiming = lazyre.New(`^(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}[ \t]+-->[ \t]+(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}`)
	// voiceSpan opens a WebVTT voice: <v Kenya>, <v.first.loud Esme>.
	voiceSpan = lazyre.New(`<v(?:\.[^\s>]+)*\s+([^>]+)>`)
	// cueTag is any other cue markup: <i>, </c>, <c.yellow>, <lang en>,
	// <00:00:01.500> (karaoke timestamps), SubRip's <font color=…>.
	cueTag = lazyre.New(`</?[^>\n]*>`)
	// cueLabel is what may be a speaker's name before a colon at the
	// start of a cue ("KENYA: …", "Speaker 2: …"); the transcript's label
	// grammars decide whether it is one.
	cueLabel = lazyre.New(`^[\p{L}\p{N}][\p{L}\p{N}'’ .,&()+\-]{0,60}:\s`)
)

func extractCaptions(name string, data []byte) (Result, error) {
	s, warnings, err := decodeTextFile(name, data)
	if err != nil {
		return Result{}, err
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	type capLine struct {
		text string
		cue  int
		turn bool // a new speaker starts here
	}
	var lines []capLine
	voice, last, named := "", "", ""
	inCue, first, cues := false, false, 0
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(strings.TrimPrefix(line, "\uFEFF"))
		switch {
		case t == "":
			inCue = false
			continue
		case cueTiming.MatchString(t):
			inCue, first = true, true
			cues++
			continue
		case !inCue:
			// NOTE: the WEBVTT header, a cue's id or number, NOTE, STYLE
			// and REGION blocks: none is said.
			continue
		}
		who := ""
		if m := voiceSpan.FindStringSubmatch(t); m != nil {
			who = strings.TrimSpace(html.UnescapeString(m[1]))
		}
		text := strings.Join(strings.Fields(html.UnescapeString(cueTag.ReplaceAllString(t, ""))), " ")
		if text == "" || text == last {
			continue
		}
		last = text
		turn := strings.HasPrefix(text, ">>")
		if turn {
			named = ""
		}
		if m := cueLabel.FindStringIndex(text); first && m != nil {
			// NOTE: a platform's transcript names the speaker in every
			// cue; the same name again continues the turn.
			name := strings.TrimSpace(text[:m[1]])
			if name == named {
				text = text[m[1]:]
			} else {
				named, turn = name, true
			}
		}
		if who != "" && who != voice {
			text, turn, named = who+": "+text, true, ""
		}
		if who != "" {
			voice = who
		}
		first = false
		lines = append(lines, capLine{text, cues, turn})
	}
	if cues == 0 {
		return Result{}, fail(name, ErrCorrupt, "no caption cues (timing lines such as 00:00:01.000 --> 00:00:04.000) found; check the file, or give its text as .txt")
	}
	marked, ends := false, 0
	for _, l := range lines {
		marked = marked || l.turn
		if endsSentence(l.text) {
			ends++
		}
	}
	var b strings.Builder
	if !marked && ends*4 < len(lines) {
		// NOTE: automatic captions without punctuation or speakers: no
		// line ends a sentence, so rejoining would make the meeting one
		// paragraph, one speaker. A cue is a paragraph instead: the
		// chair's hand-overs then start turns.
		// A cue of a few words ("china", "thank you chair", cut off by
		// the timing) would read as a label line: it joins the next.
		short := 0
		for i, l := range lines {
			if i > 0 {
				if l.cue != lines[i-1].cue && short >= captionParaMinWords {
					b.WriteString("\n\n")
					short = 0
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(l.text)
			short += len(strings.Fields(l.text))
		}
		return Result{Text: clean(b.String()), Extractor: "captions", Warnings: warnings}, nil
	}
	for i, l := range lines {
		// NOTE: a new speaker starts a paragraph, so that rejoining the
		// caption lines never runs a label into the turn before it.
		if i > 0 {
			if l.turn {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l.text)
	}
	return Result{Text: plainText(b.String()), Extractor: "captions", Warnings: warnings}, nil
}
