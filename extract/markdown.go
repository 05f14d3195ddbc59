package extract

import (
	"github.com/oewg/oewg/internal/lazyre"

	"html"
	"strings"
)

var (
	mdComment  = lazyre.New(`(?s)<!--.*?-->`)
	mdImage    = lazyre.New(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = lazyre.New(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink  = lazyre.New(`\[([^\]]+)\]\[[^\]]*\]`)
	mdRefDef   = lazyre.New(`(?m)^ {0,3}\[[^\]]+\]:\s+\S+.*$`)
	mdTag      = lazyre.New(`</?(?i:sup|sub|span|u|b|i|em|strong|br|small|mark|a|font|div|p)\b[^>]*>`)
	mdHeading  = lazyre.New(`^ {0,3}#{1,6}(\s+|$)`)
	mdClosingH = lazyre.New(`\s+#+\s*$`)
	mdRule     = lazyre.New(`^ {0,3}([-*_])( *[-*_]){2,}\s*$`)
	mdSetext   = lazyre.New(`^ {0,3}(=+|-+)\s*$`)
	mdQuote    = lazyre.New(`^ {0,3}(> ?)+`)
	mdList     = lazyre.New(`^(\s*)[*+] +`)
	mdStrong   = lazyre.New(`(?s)\*\*(\S(?:.*?\S)?)\*\*|__(\S(?:.*?\S)?)__`)
	mdEm       = lazyre.New(`(?s)(^|[^\pL\pN*])\*(\S(?:.*?\S)?)\*|(^|[^\pL\pN_])_(\S(?:.*?\S)?)_($|[^\pL\pN_])`)
	mdCode     = lazyre.New("`+([^`]+)`+")
	// mdTableRow is a row of a pipe table; mdTableRule its |---|:--| line.
	mdTableRow  = lazyre.New(`^\s*\|.*\|\s*$`)
	mdTableRule = lazyre.New(`^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$`)
	mdFence     = lazyre.New("^ {0,3}(```|~~~)")
	// NOTE: as in CommonMark, an entity needs its semicolon;
	// html.UnescapeString alone would also take legacy names without one
	// ("&notice" → "¬ice").
	mdEntity = lazyre.New(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// extractMarkdown strips Markdown syntax and keeps the text: emphasis
// markers, heading hashes, inline HTML tags (keeping their text, so
// "2<sup>nd</sup>" is "2nd"), links (their text), comments; a hard line
// break ("  " at a line end) stays a newline. Lines are not joined.
func extractMarkdown(name string, data []byte) (Result, error) {
	s, warnings, err := decodeText(name, data)
	if err != nil {
		return Result{}, err
	}
	s = normalizeChars(s)
	s = mdComment.ReplaceAllString(s, "")
	s = mdRefDef.ReplaceAllString(s, "")
	var title string
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	fenced := false
	for _, line := range lines {
		if mdFence.MatchString(line) {
			fenced = !fenced
			continue
		}
		if fenced {
			out = append(out, line)
			continue
		}
		heading := false
		if mdHeading.MatchString(line) {
			heading = true
			line = mdHeading.ReplaceAllString(line, "")
			line = mdClosingH.ReplaceAllString(line, "")
		} else if mdRule.MatchString(line) || mdSetext.MatchString(line) {
			out = append(out, "")
			continue
		}
		if mdTableRow.MatchString(line) {
			// A table row: each cell a paragraph (a transcript published
			// as | Speaker | Statement | rows keeps its speakers on lines
			// of their own); the |---| rule is no text.
			if mdTableRule.MatchString(line) {
				continue
			}
			cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			out = append(out, "", strings.Join(cells, "\n\n"), "")
			continue
		}
		line = mdQuote.ReplaceAllString(line, "")
		line = mdList.ReplaceAllString(line, "$1- ")
		if heading && title == "" {
			title = strings.TrimSpace(inlineMarkdown(line))
		}
		out = append(out, line)
	}
	// Inline markup is stripped per paragraph: "**bold**" may span lines.
	paras := strings.Split(joinLines(out), "\n\n")
	for i, p := range paras {
		paras[i] = inlineMarkdown(p)
	}
	return Result{Text: joinLines(strings.Split(strings.Join(paras, "\n\n"), "\n")), Extractor: "markdown", Title: title, Warnings: warnings}, nil
}

// inlineMarkdown strips inline markup from a paragraph. Each regexp runs
// only when the text has the character it needs: most paragraphs of a
// transcript have none, and the emphasis regexps backtrack over the whole
// paragraph.
func inlineMarkdown(line string) string {
	if strings.Contains(line, "](") {
		line = mdImage.ReplaceAllString(line, "$1")
		line = mdLink.ReplaceAllString(line, "$1")
	}
	if strings.Contains(line, "][") {
		line = mdRefLink.ReplaceAllString(line, "$1")
	}
	if strings.IndexByte(line, '<') >= 0 {
		line = mdTag.ReplaceAllString(line, "")
	}
	if strings.IndexByte(line, '`') >= 0 {
		line = mdCode.ReplaceAllString(line, "$1")
	}
	// Nested emphasis (***x***, **_x_**) takes more than one pass; stop at
	// the first pass that changes nothing.
	for range 3 {
		if !strings.ContainsAny(line, "*_") {
			break
		}
		next := mdStrong.ReplaceAllString(line, "$1$2")
		next = mdEm.ReplaceAllString(next, "$1$2$3$4$5")
		if next == line {
			break
		}
		line = next
	}
	line = strings.ReplaceAll(line, "\\*", "*")
	line = strings.ReplaceAll(line, "\\_", "_")
	if strings.IndexByte(line, '&') >= 0 {
		if u := mdEntity.ReplaceAllStringFunc(line, html.UnescapeString); u != line {
			// &nbsp; is a space, &shy; nothing, as in the rest of the text.
			line = normalizeChars(u)
		}
	}
	return line
}
