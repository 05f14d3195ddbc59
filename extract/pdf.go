package extract

import (
	"github.com/oewg/oewg/internal/lazyre"

	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// pdfLine is one line of text on a page, with its baseline and font size.
type pdfLine struct {
	text string
	y    float64 // baseline, points from the bottom
	size float64 // font size
	x    float64 // left edge
	xMax float64 // right edge, if known (else 0)
	col  int     // column: colUnknown, colSpan, colLeft or colRight
	note bool    // a footnote: set apart at the end
	// block is true for the first line of a layout block (pdftotext's
	// blocks, a column's first line): a paragraph starts there.
	block bool
}

// extractPDF reads a PDF with ledongthuc/pdf, page by page, and rebuilds
// paragraphs from the text positions. It falls back to pdftotext (poppler)
// when that is on PATH and ledongthuc fails or its text looks glued.
func extractPDF(name string, data []byte) (Result, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], "\x00\t\r\n "), []byte("%PDF")) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return Result{}, fail(name, ErrBinary, "file is not a pdf (binary data without a %%PDF header); remove it or give the text as .txt")
		}
		return Result{}, fail(name, ErrCorrupt, "file is not a pdf (no %%PDF header); check what it is, or give the text as .txt")
	}
	res, pageTexts, perr := ledongthucText(name, data)
	if perr == nil && strings.TrimSpace(res.Text) != "" {
		// NOTE: text is judged for words run together (glued) and for
		// words broken apart (split, letter by letter), page by page; a
		// bad page sends the document to pdftotext, and if that is bad
		// too the note names the pages.
		glued, why := looksGlued(res.Text)
		badPages, splitWhy := pagesQuality(pageTexts)
		if !glued && len(badPages) == 0 {
			// A second opinion on the first pages: where poppler reads
			// other words (ligatures and glyphs mapped wrong, lines out of
			// order), poppler is right far more often.
			a, ok := secondOpinion(data, pageTexts)
			if !ok || a >= minAgreement {
				return res, nil
			}
			if r, ok := viaPdftotext(data, res.Warnings, fmt.Sprintf("ledongthuc/pdf and pdftotext agree on %.0f%% of the words of the first pages", 100*a)); ok {
				if g2, _ := looksGlued(r.Text); !g2 {
					if bad2, _ := pagesQuality(r.pageTexts); len(bad2) == 0 {
						return r.Result, nil
					}
				}
			}
			return res, nil
		}
		problem := "pdf text looked glued (" + why + ")"
		if !glued {
			problem = fmt.Sprintf("pdf text looked split on %s (%s)", pageList(badPages), splitWhy)
		}
		r, tried := viaPdftotext(data, res.Warnings, problem)
		if tried {
			g2, _ := looksGlued(r.Text)
			bad2, why2 := pagesQuality(r.pageTexts)
			if !g2 && len(bad2) == 0 {
				return r.Result, nil
			}
			if !g2 && len(bad2) < len(badPages) {
				r.Warnings = append(r.Warnings, fmt.Sprintf("pdf text is still split on %s (%s); check those pages", pageList(bad2), why2))
				return r.Result, nil
			}
		}
		// NOTE: "install pdftotext" only where it is not there: when it
		// read no better, the note says so.
		remedy := "install pdftotext (poppler-utils) for better text"
		if tried {
			remedy = "pdftotext reads it no better; check the file"
		}
		if glued {
			res.Warnings = append(res.Warnings, "pdf text looks glued ("+why+"); "+remedy)
		} else {
			if !tried {
				remedy = "install pdftotext (poppler-utils) or check those pages"
			}
			res.Warnings = append(res.Warnings, fmt.Sprintf("pdf text looks split on %s (%s); %s", pageList(badPages), splitWhy, remedy))
		}
		return res, nil
	}
	// ledongthuc/pdf failed or found no text.
	encrypted := hasEncryptDict(data)
	if perr == nil && !encrypted {
		if r, ok := viaPdftotext(data, res.Warnings, "ledongthuc/pdf found no text"); ok {
			return r.Result, nil
		}
		return Result{}, noTextLayer(name)
	}
	// poppler repairs broken xref tables and opens PDFs encrypted with an
	// empty user password; try it before giving up.
	why := "pdf is encrypted without a user password"
	if !encrypted {
		why = "pdf could not be read by ledongthuc/pdf (" + oneLine(perr) + ")"
	}
	if r, ok := viaPdftotext(data, nil, why); ok {
		return r.Result, nil
	}
	if encrypted {
		return Result{}, fail(name, ErrEncrypted, "pdf is encrypted; save an unencrypted copy (qpdf --decrypt) and ingest that")
	}
	return Result{}, fail(name, ErrCorrupt, "pdf is damaged (%s); download it again", oneLine(perr))
}

// pdfResult is a Result with each page's text, for judging its quality.
type pdfResult struct {
	Result
	pageTexts []string
}

// viaPdftotext extracts data with pdftotext, if it is on PATH and finds
// any text: a Result with warnings and then why it was used.
func viaPdftotext(data []byte, warnings []string, why string) (pdfResult, bool) {
	text, pageTexts, err := pdftotext(data)
	if err != nil || strings.TrimSpace(text) == "" {
		return pdfResult{}, false
	}
	return pdfResult{Result{Text: text, Extractor: "pdftotext", Pages: len(pageTexts), Warnings: append(slices.Clip(warnings), why+"; used pdftotext")}, pageTexts}, true
}

// minAgreement is the least share of words ledongthuc/pdf and pdftotext
// must agree on for ledongthuc's text to be kept.
const minAgreement = 0.97

// secondOpinionPages is how many first pages pdftotext reads for a second
// opinion.
const secondOpinionPages = 2

// secondOpinion compares the first pages' words as ledongthuc/pdf read
// them with pdftotext's, if pdftotext is on PATH.
func secondOpinion(data []byte, pageTexts []string) (float64, bool) {
	n := min(secondOpinionPages, len(pageTexts))
	_, theirs, err := pdftotextRange(data, 1, n)
	if err != nil || len(theirs) == 0 {
		return 0, false
	}
	return agreement(strings.Join(pageTexts[:n], "\n"), strings.Join(theirs, "\n")), true
}

// pageList says "page 3" or "pages 1, 2, 5".
func pageList(pages []int) string {
	if len(pages) == 1 {
		return fmt.Sprintf("page %d", pages[0])
	}
	s := make([]string, len(pages))
	for i, p := range pages {
		s[i] = fmt.Sprint(p)
	}
	if len(s) > 10 {
		s = append(s[:10], "…")
	}
	return "pages " + strings.Join(s, ", ")
}

var encryptKey = lazyre.New(`/Encrypt\s*(\d+\s+\d+\s+R|<<)`)

func hasEncryptDict(data []byte) bool {
	tail := data[max(0, len(data)-64<<10):]
	return encryptKey.Match(tail) || bytes.Contains(data, []byte("/Filter /Standard")) || bytes.Contains(data, []byte("/Filter/Standard"))
}

// ledongthucText extracts the text of every page. A page that panics is
// skipped with a warning; an error opening the file is returned.
func ledongthucText(name string, data []byte) (res Result, pageTexts []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Result{}, nil, err
	}
	n := r.NumPage()
	res.Pages = n
	res.Extractor = "ledongthuc/pdf"
	pages := make([][]pdfLine, 0, n)
	var failed []int
	total := 0
	for i := 1; i <= n; i++ {
		lines, perr := pageLines(r, i)
		if perr != nil {
			failed = append(failed, i)
		}
		for _, l := range lines {
			total += len(l.text)
		}
		if total > MaxTextBytes {
			return res, nil, fmt.Errorf("text over %d MB", MaxTextBytes>>20)
		}
		pages = append(pages, lines)
		pageTexts = append(pageTexts, pageText(lines))
	}
	if len(failed) > 0 {
		if len(failed) == n {
			return res, nil, fmt.Errorf("no page could be read")
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf("could not read pages %v; their text is missing", failed))
	}
	res.Text = pdfParagraphs(pages)
	return res, pageTexts, nil
}

// pageText is a page's lines as one text, for judging its quality.
func pageText(lines []pdfLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// pageLines returns the text lines of page i, top to bottom.
func pageLines(r *pdf.Reader, i int) (lines []pdfLine, err error) {
	defer func() {
		if rec := recover(); rec != nil {
			lines, err = nil, fmt.Errorf("page %d: %v", i, rec)
		}
	}()
	p := r.Page(i)
	if p.V.IsNull() {
		return nil, nil
	}
	return orderPage(buildLines(p.Content().Text)), nil
}

// sortLines orders lines top to bottom, left to right, keeping the order
// of lines on one baseline.
func sortLines(lines []pdfLine) []pdfLine {
	slices.SortStableFunc(lines, func(a, b pdfLine) int {
		switch {
		case a.y > b.y+0.5:
			return -1
		case a.y < b.y-0.5:
			return 1
		}
		return 0
	})
	return lines
}

// buildLines groups text runs by baseline and orders them left to right,
// inserting a space where the gap between runs is wider than a fifth of
// the font size.
func buildLines(runs []pdf.Text) []pdfLine {
	if len(runs) == 0 {
		return nil
	}
	type row struct {
		y, size float64
		runs    []pdf.Text
	}
	var rows []*row
	for _, t := range runs {
		if t.S == "" {
			continue
		}
		size := t.FontSize
		if size <= 0 {
			size = 10
		}
		var hit *row
		// Runs of one line mostly arrive together; search from the end.
		for j := len(rows) - 1; j >= 0 && j >= len(rows)-8; j-- {
			if math.Abs(rows[j].y-t.Y) <= 0.3*max(size, rows[j].size) {
				hit = rows[j]
				break
			}
		}
		if hit == nil {
			hit = &row{y: t.Y, size: size}
			rows = append(rows, hit)
		}
		hit.runs = append(hit.runs, t)
		hit.size = max(hit.size, size)
	}
	slices.SortStableFunc(rows, func(a, b *row) int {
		switch {
		case a.y > b.y:
			return -1
		case a.y < b.y:
			return 1
		}
		return 0
	})
	// A footnote mark raised far enough above its line is a row of its own
	// (ledongthuc groups runs by baseline): drop a row of marks alone, in
	// smaller type, just above the next line.
	kept := rows[:0:0]
	for i, rw := range rows {
		if i+1 < len(rows) && marksOnly(rw.runs) {
			below := rows[i+1]
			if rw.size <= 0.9*below.size && rw.y > below.y && rw.y-below.y < 0.7*below.size {
				continue
			}
		}
		kept = append(kept, rw)
	}
	rows = kept
	out := make([]pdfLine, 0, len(rows))
	runsOf := make([][]pdf.Text, len(rows))
	for i, rw := range rows {
		slices.SortStableFunc(rw.runs, func(a, b pdf.Text) int {
			switch {
			case a.X < b.X:
				return -1
			case a.X > b.X:
				return 1
			}
			return 0
		})
		runsOf[i] = rw.runs
	}
	// NOTE: two columns share baselines; a row is cut where the right
	// column starts, and each part is a line of its own column.
	edge := rightEdge(runsOf)
	emit := func(runs []pdf.Text, rw *row, col int) {
		runs = dropSuperscripts(runs, rw.size)
		if len(runs) == 0 {
			return
		}
		var text string
		if widthsKnown(runs) {
			text = joinRuns(runs, rw.size)
		} else {
			text = joinSegments(runs)
		}
		if text := cleanLine(normalizeChars(text)); text != "" {
			out = append(out, pdfLine{text: text, y: rw.y, size: rw.size, x: runs[0].X, col: col})
		}
	}
	for _, rw := range rows {
		if edge == 0 {
			emit(rw.runs, rw, colUnknown)
			continue
		}
		cut := slices.IndexFunc(rw.runs, func(t pdf.Text) bool { return t.X >= edge })
		switch {
		case cut < 0:
			col := colLeft
			if last := rw.runs[len(rw.runs)-1]; last.X+last.W > edge+rw.size || (last.W == 0 && last.X+0.45*rw.size*float64(runesFrom(rw.runs, last.X)) > edge+rw.size) {
				col = colSpan
			}
			emit(rw.runs, rw, col)
		case cut == 0:
			emit(rw.runs, rw, colRight)
		default:
			emit(rw.runs[:cut], rw, colLeft)
			emit(rw.runs[cut:], rw, colRight)
		}
	}
	return out
}

// dropSuperscripts removes footnote reference marks from a line's runs:
// digits (or *, †, ‡) in smaller type, raised above the line's baseline
// (the baseline of its largest type). "the participation of women¹ in
// cyber diplomacy" would otherwise read "women 1 in".
func dropSuperscripts(runs []pdf.Text, size float64) []pdf.Text {
	base, found := 0.0, false
	for _, t := range runs {
		if t.FontSize >= size-0.01 {
			base, found = t.Y, true
			break
		}
	}
	if !found {
		return runs
	}
	out := runs[:0:0]
	for i, t := range runs {
		if t.FontSize > 0 && t.FontSize <= 0.9*size && t.Y > base+0.2*size && footnoteMark(t.S) {
			if out == nil {
				out = append(make([]pdf.Text, 0, len(runs)), runs[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, t)
		}
	}
	if out == nil {
		return runs
	}
	return out
}

// marksOnly reports whether runs hold footnote marks and nothing else.
func marksOnly(runs []pdf.Text) bool {
	marks := false
	for _, t := range runs {
		switch {
		case footnoteMark(t.S):
			marks = true
		case strings.TrimSpace(t.S) != "":
			return false
		}
	}
	return marks
}

// footnoteMark reports whether s is (part of) a footnote reference mark.
func footnoteMark(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && !strings.ContainsRune("*†‡§,", r) {
			return false
		}
	}
	return true
}

// runesFrom counts the runes of the runs that start at x (one string).
func runesFrom(runs []pdf.Text, x float64) int {
	n := 0
	for _, t := range runs {
		if t.X == x {
			n += utf8.RuneCountInString(t.S)
		}
	}
	return n
}

// widthsKnown reports whether ledongthuc/pdf gave the runs' widths; for
// fonts whose widths it does not read it gives 0, and every glyph of a
// string the string's start.
func widthsKnown(runs []pdf.Text) bool {
	for _, t := range runs {
		if t.W > 0 {
			return true
		}
	}
	return false
}

// joinRuns joins runs whose widths are known, inserting a space where the
// gap between them is wider than a fifth of the font size.
func joinRuns(runs []pdf.Text, size float64) string {
	var b strings.Builder
	end := math.Inf(-1)
	for _, t := range runs {
		gap := t.X - end
		if b.Len() > 0 && gap > 0.2*size && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(t.S, " ") {
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
		end = max(end, t.X+t.W)
	}
	return b.String()
}

// joinSegments joins runs without widths: the glyphs of one string share
// its start, so a line is strings (segments) at known starts. A PDF that
// breaks a string for kerning ("T" "ranscript", "dif" "ferentiated") puts
// the next segment right where the last one ends, and words are parted by
// space glyphs: a space is inserted only where the next segment starts
// well past where the last one ends by the line's own average glyph
// advance (two glyphs and a tenth of the segment's length more, for the
// estimate's error).
func joinSegments(runs []pdf.Text) string {
	type seg struct {
		x float64
		s strings.Builder
		n int
	}
	var segs []*seg
	for _, t := range runs {
		if len(segs) == 0 || t.X != segs[len(segs)-1].x {
			segs = append(segs, &seg{x: t.X})
		}
		sg := segs[len(segs)-1]
		sg.s.WriteString(t.S)
		sg.n += utf8.RuneCountInString(t.S)
	}
	// The average advance of a glyph on this line.
	chars := 0
	for _, sg := range segs[:len(segs)-1] {
		chars += sg.n
	}
	adv := 0.0
	if chars > 0 {
		adv = (segs[len(segs)-1].x - segs[0].x) / float64(chars)
	}
	var b strings.Builder
	for i, sg := range segs {
		text := sg.s.String()
		if i > 0 && adv > 0 {
			prev := segs[i-1]
			gap := sg.x - (prev.x + float64(prev.n)*adv)
			if gap > adv*(2+0.1*float64(prev.n)) && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(text, " ") {
				b.WriteByte(' ')
			}
		}
		b.WriteString(text)
	}
	return b.String()
}

var pageNumber = lazyre.New(`(?i)^(page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(of|/)\s*\d{1,4})?$`)

// pdfParagraphs removes page numbers and running headers and footers, and
// joins the remaining lines into paragraphs: a vertical gap wider than the
// usual line spacing ends a paragraph, as do the line-end rules of reflow.
func pdfParagraphs(pages [][]pdfLine) string {
	// A running header or footer is a line (digits ignored) among the first
	// or last two of at least half the pages.
	count := map[string]int{}
	for _, lines := range pages {
		seen := map[string]bool{}
		for _, j := range edgeIndexes(len(lines)) {
			k := digitless(lines[j].text)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	running := func(s string) bool {
		c := count[digitless(s)]
		return c >= 2 && c*2 >= len(pages)
	}
	var blocks, notes [][]string
	var cur []string
	var prevNote *pdfLine
	var spacings []float64
	for _, lines := range pages {
		for j := 1; j < len(lines); j++ {
			if d := lines[j-1].y - lines[j].y; d > 0 {
				spacings = append(spacings, d/lines[j].size)
			}
		}
	}
	spacing := 1.2
	if len(spacings) > 0 {
		slices.Sort(spacings)
		spacing = spacings[len(spacings)/2]
	}
	for _, lines := range pages {
		edge := map[int]bool{}
		for _, j := range edgeIndexes(len(lines)) {
			edge[j] = true
		}
		var prev *pdfLine
		for j := range lines {
			l := lines[j]
			if edge[j] && (pageNumber.MatchString(l.text) || running(l.text)) {
				continue
			}
			if l.note {
				if len(notes) == 0 || (prevNote != nil && (prevNote.y-l.y)/l.size > spacing*1.4) || footnoteStart.MatchString(l.text) {
					notes = append(notes, nil)
				}
				notes[len(notes)-1] = append(notes[len(notes)-1], l.text)
				prevNote = &lines[j]
				continue
			}
			// A paragraph ends at a wide vertical gap, at a new layout
			// block, and where the font size changes (a heading, a
			// footnote): a footnote is never glued into a sentence.
			if prev != nil && len(cur) > 0 && ((prev.y-l.y)/l.size > spacing*1.4 || blockBreak(prev, &l, spacing) || sizeChanged(prev.size, l.size)) {
				blocks = append(blocks, cur)
				cur = nil
			}
			cur = append(cur, l.text)
			prev = &lines[j]
		}
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return reflow(append(blocks, notes...))
}

// blockBreak reports whether a new layout block starts a paragraph: not
// when it starts in lower case, nor when it follows a line that ends no
// sentence at the usual line spacing (pdftotext sometimes starts a block
// inside a paragraph).
func blockBreak(prev, l *pdfLine, spacing float64) bool {
	if !l.block || startsLower(l.text) {
		return false
	}
	return endsSentence(prev.text) || (prev.y-l.y)/l.size > spacing*1.15
}

// footnoteStart is a footnote's number: "1. See …", "12 The …", "* Note".
var footnoteStart = lazyre.New(`^(?:\d{1,3}[.)]?|\*+|†)\s`)

// sizeChanged reports font sizes more than a fifth apart.
func sizeChanged(a, b float64) bool {
	return math.Abs(a-b) > 0.2*max(a, b)
}

func edgeIndexes(n int) []int {
	switch {
	case n == 0:
		return nil
	case n <= 4:
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	return []int{0, 1, n - 2, n - 1}
}

func digitless(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '#'
		}
		return r
	}, s)
}

// looksGlued reports text whose words run together, as when a PDF positions
// words without space characters: few spaces per 100 letters (English has
// about 15–18) or many tokens longer than 25 letters.
func looksGlued(text string) (bool, string) {
	var letters, spaces, long, tokens, run int
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			letters++
			run++
			continue
		case r == ' ' || r == '\n' || r == '\t':
			spaces++
		}
		if run > 0 {
			tokens++
			if run > 25 {
				long++
			}
		}
		run = 0
	}
	if run > 0 {
		tokens++
	}
	if letters < 200 {
		return false, ""
	}
	per100 := float64(spaces) * 100 / float64(letters)
	if per100 < 8 {
		return true, fmt.Sprintf("%.1f spaces per 100 letters", per100)
	}
	if tokens > 0 && long*100 > tokens*2 {
		return true, fmt.Sprintf("%d%% of words over 25 letters", long*100/tokens)
	}
	return false, ""
}

// pdftotext runs poppler's pdftotext on data, if it is on PATH, and
// returns its text reflowed into paragraphs and each page's text.
//
// NOTE: it asks for -bbox-layout, the words with their boxes in poppler's
// blocks and lines (columns already in reading order), so that the
// paragraphs are rebuilt from real line positions and sizes, as for
// ledongthuc/pdf: plain pdftotext output has no blank line between
// paragraphs, and a speaker label would run into the speech after it.
func pdftotext(data []byte) (string, []string, error) {
	return pdftotextRange(data, 0, 0)
}

// pdftotextRange is pdftotext of pages first to last (0, 0: all).
func pdftotextRange(data []byte, first, last int) (string, []string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := []string{"-q", "-enc", "UTF-8", "-bbox-layout"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	cmd := exec.CommandContext(ctx, bin, append(args, "-", "-")...)
	cmd.Stdin = bytes.NewReader(data)
	var out bytes.Buffer
	// The boxes make the output about ten times the text.
	cmd.Stdout = &limitWriter{w: &out, n: 10*MaxTextBytes + 1}
	if err := cmd.Run(); err != nil && out.Len() == 0 {
		return "", nil, err
	}
	pages, err := parseBBox(out.Bytes())
	if err != nil {
		return "", nil, err
	}
	texts := make([]string, len(pages))
	for i, p := range pages {
		texts[i] = pageText(p)
	}
	return pdfParagraphs(pages), texts, nil
}

// parseBBox reads pdftotext -bbox-layout output into lines per page, each
// with its baseline (from the page's bottom) and height as its size; the
// first line of each of poppler's blocks starts a new block.
func parseBBox(data []byte) ([][]pdfLine, error) {
	if !utf8.Valid(data) {
		data = []byte(strings.ToValidUTF8(string(data), "\uFFFD"))
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pages [][]pdfLine
	var height float64
	var words []bboxWord
	var line pdfLine
	inWord, newBlock := false, false
	attr := func(e xml.StartElement, name string) float64 {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				f, _ := strconv.ParseFloat(a.Value, 64)
				return f
			}
		}
		return 0
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return pages, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "page":
				height = attr(t, "height")
				pages = append(pages, nil)
			case "block":
				newBlock = true
			case "line":
				yMin, yMax := attr(t, "yMin"), attr(t, "yMax")
				line = pdfLine{y: height - yMax, size: max(yMax-yMin, 1) / 1.2, x: attr(t, "xMin"), xMax: attr(t, "xMax"), block: newBlock}
				newBlock = false
				words = words[:0]
			case "word":
				inWord = true
				words = append(words, bboxWord{x0: attr(t, "xMin"), x1: attr(t, "xMax"), y0: attr(t, "yMin"), y1: attr(t, "yMax")})
			}
		case xml.CharData:
			if inWord && len(words) > 0 {
				words[len(words)-1].s += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "word":
				inWord = false
			case "line":
				if len(pages) == 0 {
					continue
				}
				if text := cleanLine(normalizeChars(joinBBoxWords(words))); text != "" {
					line.text = text
					pages[len(pages)-1] = append(pages[len(pages)-1], line)
				}
			case "page":
				if n := len(pages); n > 0 {
					pages[n-1] = orderPage(sortLines(pages[n-1]))
				}
			}
		}
	}
	return pages, nil
}

// gluedMark is a word with a footnote mark glued to its end: letters
// (three or more), maybe a stop or a closing mark, then digits or a
// dagger.
var gluedMark = regexp.MustCompile(`^(.*\p{L}{3,}[.,;:)”’"]?)(\d{1,3}|[*†‡])$`)

// refAbbrev are the abbreviations of UN references, whose number is no
// footnote mark ("Rev.2", "Add.1").
var refAbbrev = map[string]bool{"rev": true, "add": true, "corr": true, "para": true, "paras": true, "art": true, "vol": true, "sect": true, "chap": true, "annex": true, "page": true, "item": true}

// bboxWord is a word of pdftotext -bbox-layout with its box.
type bboxWord struct {
	s              string
	x0, x1, y0, y1 float64
}

// joinBBoxWords joins a line's words. poppler parts words where glyphs
// change font or size, and where letters are spaced out; the boxes say
// which parts are one word:
//   - a footnote mark in smaller type raised above the line is dropped
//     ("diplomacy.¹");
//   - boxes that touch are one word ("S" "TATEMENT" in small capitals);
//   - in a line of letters spaced out ("T O T H E U N I T E D"), the gaps
//     fall in two groups, between letters and between words.
func joinBBoxWords(words []bboxWord) string {
	if len(words) == 0 {
		return ""
	}
	h, bottom := 0.0, 0.0
	tops := make([]float64, 0, len(words))
	for _, w := range words {
		h, bottom = max(h, w.y1-w.y0), max(bottom, w.y1)
		tops = append(tops, w.y0)
	}
	slices.Sort(tops)
	top := tops[len(tops)/2] // the line's own top, superscripts aside
	kept := words[:0:0]
	for _, w := range words {
		if footnoteMark(w.s) && w.y1-w.y0 <= 0.95*h && w.y1 < bottom-0.15*h && len(words) > 1 {
			continue
		}
		// "women²" read as one word "women2": its box reaches above
		// the line's top; the mark is dropped.
		if w.y0 < top-0.1*h {
			if m := gluedMark.FindStringSubmatch(w.s); m != nil && !refAbbrev[strings.ToLower(strings.TrimRight(m[1], "."))] {
				w.s = m[1]
			}
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		return ""
	}
	single := 0
	for _, w := range kept {
		if utf8.RuneCountInString(w.s) == 1 {
			single++
		}
	}
	letterGap := -1.0
	if len(kept) >= 4 && float64(single) >= 0.6*float64(len(kept)) {
		lo, hi := math.Inf(1), 0.0
		for i := 1; i < len(kept); i++ {
			g := kept[i].x0 - kept[i-1].x1
			lo, hi = min(lo, g), max(hi, g)
		}
		if hi > 1.8*max(lo, 0.01) {
			letterGap = (lo + hi) / 2
		}
	}
	var b strings.Builder
	for i, w := range kept {
		if i > 0 {
			g := w.x0 - kept[i-1].x1
			if g >= 0.08*h && g >= letterGap {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.s)
	}
	return b.String()
}

type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n <= 0 {
		return len(p), nil
	}
	q := p[:min(len(p), l.n)]
	l.n -= len(q)
	_, err := l.w.Write(q)
	return len(p), err
}
