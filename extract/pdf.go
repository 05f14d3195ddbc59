package extract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os/exec"
	"regexp"
	"slices"
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
	res, perr := ledongthucText(name, data)
	if perr == nil && strings.TrimSpace(res.Text) != "" {
		glued, why := looksGlued(res.Text)
		if !glued {
			return res, nil
		}
		if r, ok := viaPdftotext(data, res.Warnings, "pdf text looked glued ("+why+")"); ok {
			if g2, _ := looksGlued(r.Text); !g2 {
				return r, nil
			}
		}
		res.Warnings = append(res.Warnings, "pdf text looks glued ("+why+"); install pdftotext (poppler-utils) for better text")
		return res, nil
	}
	// ledongthuc/pdf failed or found no text.
	encrypted := hasEncryptDict(data)
	if perr == nil && !encrypted {
		if r, ok := viaPdftotext(data, res.Warnings, "ledongthuc/pdf found no text"); ok {
			return r, nil
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
		return r, nil
	}
	if encrypted {
		return Result{}, fail(name, ErrEncrypted, "pdf is encrypted; save an unencrypted copy (qpdf --decrypt) and ingest that")
	}
	return Result{}, fail(name, ErrCorrupt, "pdf is damaged (%s); download it again", oneLine(perr))
}

// viaPdftotext extracts data with pdftotext, if it is on PATH and finds
// any text: a Result with warnings and then why it was used.
func viaPdftotext(data []byte, warnings []string, why string) (Result, bool) {
	text, pages, err := pdftotext(data)
	if err != nil || strings.TrimSpace(text) == "" {
		return Result{}, false
	}
	return Result{Text: text, Extractor: "pdftotext", Pages: pages, Warnings: append(slices.Clip(warnings), why+"; used pdftotext")}, true
}

var encryptKey = regexp.MustCompile(`/Encrypt\s*(\d+\s+\d+\s+R|<<)`)

func hasEncryptDict(data []byte) bool {
	tail := data[max(0, len(data)-64<<10):]
	return encryptKey.Match(tail) || bytes.Contains(data, []byte("/Filter /Standard")) || bytes.Contains(data, []byte("/Filter/Standard"))
}

// ledongthucText extracts the text of every page. A page that panics is
// skipped with a warning; an error opening the file is returned.
func ledongthucText(name string, data []byte) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Result{}, err
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
			return res, fmt.Errorf("text over %d MB", MaxTextBytes>>20)
		}
		pages = append(pages, lines)
	}
	if len(failed) > 0 {
		if len(failed) == n {
			return res, fmt.Errorf("no page could be read")
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf("could not read pages %v; their text is missing", failed))
	}
	res.Text = pdfParagraphs(pages)
	return res, nil
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
	return buildLines(p.Content().Text), nil
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
	out := make([]pdfLine, 0, len(rows))
	for _, rw := range rows {
		slices.SortStableFunc(rw.runs, func(a, b pdf.Text) int {
			switch {
			case a.X < b.X:
				return -1
			case a.X > b.X:
				return 1
			}
			return 0
		})
		var b strings.Builder
		end := math.Inf(-1)
		for _, t := range rw.runs {
			gap := t.X - end
			if b.Len() > 0 && gap > 0.2*rw.size && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(t.S, " ") {
				b.WriteByte(' ')
			}
			b.WriteString(t.S)
			end = max(end, t.X+t.W)
		}
		if text := cleanLine(normalizeChars(b.String())); text != "" {
			out = append(out, pdfLine{text: text, y: rw.y, size: rw.size})
		}
	}
	return out
}

var pageNumber = regexp.MustCompile(`(?i)^(page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(of|/)\s*\d{1,4})?$`)

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
	var blocks [][]string
	var cur []string
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
			if prev != nil && (prev.y-l.y)/l.size > spacing*1.4 && len(cur) > 0 {
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
	return reflow(blocks)
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
// returns its text reflowed into paragraphs and the page count.
func pdftotext(data []byte) (string, int, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", 0, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-q", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	var out bytes.Buffer
	cmd.Stdout = &limitWriter{w: &out, n: MaxTextBytes + 1}
	if err := cmd.Run(); err != nil && out.Len() == 0 {
		return "", 0, err
	}
	raw := out.String()
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, "\uFFFD")
	}
	pagesText := strings.Split(strings.TrimRight(raw, "\f"), "\f")
	pages := make([][]pdfLine, len(pagesText))
	for i, pt := range pagesText {
		// pdftotext separates paragraphs by a blank line; keep that as a
		// vertical gap so pdfParagraphs sees it.
		y := 100000.0
		for _, l := range strings.Split(normalizeChars(pt), "\n") {
			l = cleanLine(l)
			if l == "" {
				y -= 10
				continue
			}
			y -= 10
			pages[i] = append(pages[i], pdfLine{text: l, y: y, size: 10})
		}
	}
	return pdfParagraphs(pages), len(pagesText), nil
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
