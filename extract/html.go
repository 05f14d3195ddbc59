package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// bodySelectors pick the article body, most specific first.
var bodySelectors = []string{"article .entry-content", ".entry-content", "article", "main", "[role=main]", "#content", "body"}

// chromeSelectors are page furniture that is never the document's text.
const chromeSelectors = "nav, header, footer, aside, form, script, style, noscript, iframe, template, svg, " +
	"#comments, .comments-area, #respond, .comment-respond, .sharedaddy, .jp-relatedposts, #jp-relatedposts, " +
	".related-posts, .widget, .breadcrumbs, .screen-reader-text"

// blockElements end a paragraph. NOTE: a table cell is a paragraph of its
// own, so that a transcript published as speaker/statement rows keeps
// each speaker's name on a line of its own.
var blockElements = map[string]bool{
	"td": true, "th": true,
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "tr": true, "table": true, "blockquote": true, "pre": true,
	"section": true, "article": true, "dl": true, "dt": true, "dd": true, "figure": true,
	"figcaption": true, "hr": true, "address": true, "main": true, "body": true,
}

// extractHTML keeps the article body of a page (see bodySelectors) without
// its chrome; block elements become paragraphs, <br> a newline.
func extractHTML(name string, data []byte) (Result, error) {
	order, bom := utf16Order(data)
	if i := bytes.IndexByte(data, 0); i >= 0 && order == 0 && bytes.Count(data, []byte{0}) > len(data)/100 {
		return Result{}, fail(name, ErrBinary, "file is binary, not html (NUL bytes at offset %d); remove it or give the text as .txt", i)
	}
	src := data
	switch {
	case order != 0:
		src = decodeUTF16(data[bom:], order)
	case utf8.Valid(data):
		// NOTE: without a BOM, charset guesses from the first 1 KB only
		// and falls back to windows-1252, which turns valid UTF-8 ("Ò")
		// into mojibake ("Ã’"). Bytes that are valid UTF-8 are UTF-8,
		// whatever a <meta> says: a real windows-1252 page almost never is.
	default:
		// The <meta> charset, else UTF-8 if the first 1 KB is, else
		// windows-1252.
		if e, _, _ := charset.DetermineEncoding(data, ""); e != encoding.Nop {
			var err error
			if src, err = e.NewDecoder().Bytes(data); err != nil {
				return Result{}, fail(name, ErrCorrupt, "html could not be decoded (%s); save the page as utf-8 or give its text as .txt", oneLine(err))
			}
		}
	}
	// NOTE: binary junk named .html decodes (as windows-1252) into text
	// full of control characters; html.Parse would take it as one
	// paragraph.
	if err := checkBinary(name, src); err != nil {
		return Result{}, err
	}
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		// NOTE: html.Parse refuses documents nested deeper than 512
		// elements; a flat scan of the tokens still finds the text.
		text, title := tokenText(src)
		if text == "" {
			return Result{}, fail(name, ErrCorrupt, "html could not be parsed (%s); save the page again or give its text as .txt", oneLine(err))
		}
		return Result{Text: text, Extractor: "html", Title: title,
			Warnings: []string{"html could not be parsed (" + oneLine(err) + "); kept all text outside scripts and styles"}}, nil
	}
	doc := goquery.NewDocumentFromNode(root)
	title := strings.Join(strings.Fields(doc.Find("title").First().Text()), " ")
	if title == "" {
		title = strings.Join(strings.Fields(doc.Find("h1").First().Text()), " ")
	}
	title = normalizeChars(title)

	var body *goquery.Selection
	for _, sel := range bodySelectors {
		if s := doc.Find(sel).First(); s.Length() > 0 && hasText(s.Nodes[0]) {
			body = s
			break
		}
	}
	if body == nil {
		body = doc.Selection
	}
	body.Find(chromeSelectors).Remove()
	// A comment form that escaped the selectors above starts with "Leave a
	// Reply"; it and everything after it at its level is not the document.
	body.Find("h1, h2, h3, h4, h5, h6, p, div, span, section, strong").Each(func(_ int, s *goquery.Selection) {
		if t := strings.TrimSpace(s.Text()); strings.EqualFold(t, "Leave a Reply") || strings.EqualFold(t, "Leave a Comment") {
			s.NextAll().Remove()
			s.Remove()
		}
	})
	var b strings.Builder
	for _, n := range body.Nodes {
		renderText(&b, n)
	}
	if b.Len() > MaxTextBytes {
		return Result{}, tooLargeText(name, int64(b.Len()))
	}
	return Result{Text: clean(b.String()), Extractor: "html", Title: title}, nil
}

// hasText reports whether any text under n is not blank, as
// strings.TrimSpace(goquery's Text()) != "" would, without building the
// text: it stops at the first non-blank text node.
func hasText(n *html.Node) bool {
	for d := range n.Descendants() {
		if d.Type == html.TextNode && strings.TrimSpace(d.Data) != "" {
			return true
		}
	}
	return false
}

// isBlock reports whether element n stands apart as a paragraph: a block
// element, or an element a transcript page marks as the speaker's name
// (class "speaker", "speaker-name", "transcript__speaker"…), which a
// style sheet sets apart although its tag is inline: "<span
// class=speaker>Kenya</span><span>Thank you…" is a label, not
// "KenyaThank you".
func isBlock(n *html.Node) bool {
	if blockElements[n.Data] {
		return true
	}
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(strings.ToLower(a.Val), "speaker") {
			return true
		}
	}
	return false
}

// renderText writes the text under n, with a blank line around block
// elements and a newline for <br>. It walks iteratively: the parser caps
// nesting depth, but a walk that cannot overflow the stack costs nothing.
func renderText(b *strings.Builder, n *html.Node) {
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if n.Type == html.ElementNode && isBlock(n) {
			b.WriteString("\n\n")
		}
		if f.exit {
			continue
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
			continue
		case html.ElementNode:
			switch n.Data {
			case "br":
				b.WriteByte('\n')
				continue
			case "td", "th":
				b.WriteByte(' ')
			case "script", "style", "noscript", "template":
				continue
			}
			if isBlock(n) {
				stack = append(stack, frame{n: n, exit: true})
			}
		case html.CommentNode:
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
}

// tokenText is the fallback for pages html.Parse refuses: the text of every
// token outside script, style and the like, with block elements as
// paragraph breaks. It keeps chrome, but it cannot blow the stack.
func tokenText(src []byte) (text, title string) {
	z := html.NewTokenizer(bytes.NewReader(src))
	var b strings.Builder
	skip, inTitle := 0, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if b.Len() > MaxTextBytes {
				return "", ""
			}
			return clean(b.String()), normalizeChars(strings.TrimSpace(title))
		case html.TextToken:
			switch {
			case inTitle:
				title += string(z.Text())
			case skip == 0:
				b.WriteString(strings.ReplaceAll(string(z.Text()), "\n", " "))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tn, _ := z.TagName()
			tag := string(tn)
			end := tt == html.EndTagToken
			switch tag {
			case "script", "style", "noscript", "template":
				if end {
					skip = max(0, skip-1)
				} else {
					skip++
				}
			case "title":
				inTitle = !end
			case "br":
				b.WriteByte('\n')
			}
			if blockElements[tag] {
				b.WriteString("\n\n")
			}
		}
		if b.Len() > MaxTextBytes+1 {
			return "", ""
		}
	}
}
