package testdocs

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// Header is the running header printed at the top of every page of PDF.
const Header = "Statement – OEWG"

// paragraphs splits text into paragraphs at blank lines, joining the lines
// of each paragraph with single newlines and trimming spaces.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return paras
}

// newPDF returns an A4 document with the running header and a page number
// footer, and the translator from UTF-8 to its cp1252 core font.
func newPDF() (*fpdf.Fpdf, func(string) string) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetHeaderFunc(func() {
		pdf.SetFont("Helvetica", "I", 9)
		pdf.CellFormat(0, 6, tr(Header), "", 1, "R", false, 0, "")
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "", 11)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Helvetica", "", 9)
		pdf.CellFormat(0, 10, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	return pdf, tr
}

func writePDF(pdf *fpdf.Fpdf, text string, tr func(string) string) {
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 11)
	for _, p := range paragraphs(text) {
		// A paragraph's own line breaks are layout, not content: the PDF
		// wraps it again, as a word processor would.
		p = strings.ReplaceAll(p, "\n", " ")
		pdf.MultiCell(0, 5.5, tr(p), "", "J", false)
		pdf.Ln(4)
	}
}

func output(pdf *fpdf.Fpdf) []byte {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		panic("testdocs: " + err.Error())
	}
	return buf.Bytes()
}

// PDF renders text (paragraphs separated by blank lines) as a multi-page A4
// statement: Helvetica 11pt, justified, wrapped lines, a running header
// (Header) on every page and a "Page N of M" footer.
func PDF(text string) []byte {
	pdf, tr := newPDF()
	writePDF(pdf, text, tr)
	return output(pdf)
}

// EncryptedPDF renders text like PDF, protected with fpdf's RC4 encryption
// and the given user password ("" opens without one).
func EncryptedPDF(text, userPassword string) []byte {
	pdf, tr := newPDF()
	pdf.SetProtection(fpdf.CnProtectPrint, userPassword, "owner-secret")
	writePDF(pdf, text, tr)
	return output(pdf)
}

// ScanPDF returns a one-page PDF holding only an image, as a scanner makes.
func ScanPDF() []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for y := 0; y < 280; y++ {
		for x := 0; x < 200; x++ {
			c := uint8(255)
			if y%12 < 3 && x > 20 && x < 180 {
				c = 40
			}
			img.SetGray(x, y, color.Gray{Y: c})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic("testdocs: " + err.Error())
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
	pdf.ImageOptions("scan", 10, 10, 190, 0, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return output(pdf)
}

// TruncatedPDF returns the first half of PDF(text), as an interrupted
// download leaves it.
func TruncatedPDF(text string) []byte {
	b := PDF(text)
	return b[:len(b)/2]
}

var xrefEntry = regexp.MustCompile(`(?m)^(\d{10}) (\d{5}) n`)

// CorruptXrefPDF returns PDF(text) with every in-use xref offset pointing
// to the wrong byte, as a bad transfer or a careless editor leaves it.
func CorruptXrefPDF(text string) []byte {
	b := PDF(text)
	i := bytes.LastIndex(b, []byte("\nxref"))
	if i < 0 {
		panic("testdocs: no xref in generated pdf")
	}
	tail := xrefEntry.ReplaceAllFunc(b[i:], func(m []byte) []byte {
		off, _ := strconv.Atoi(string(m[:10]))
		return []byte(fmt.Sprintf("%010d %s n", off/2+3, m[11:16]))
	})
	return append(b[:i:i], tail...)
}

// looksLikeLabel reports whether a paragraph is a speaker label: one short
// line, no sentence punctuation at its end, starting with a capital.
func looksLikeLabel(p string) bool {
	if strings.Contains(p, "\n") || len(p) > 60 || p == "" {
		return false
	}
	if strings.ContainsAny(p[len(p)-1:], ".,;:?!") {
		return false
	}
	r := []rune(p)
	return unicode.IsUpper(r[0]) && len(strings.Fields(p)) <= 6
}

// HTML renders text as a WordPress-like page: title, nav menu, header,
// breadcrumbs, the article (one <p> per paragraph; a speaker label becomes
// <p><strong>Label</strong></p>), related posts, a "Leave a Reply" comment
// form, footer and scripts.
func HTML(text string) []byte {
	paras := paragraphs(text)
	title := "OEWG statement"
	if len(paras) > 0 && !strings.Contains(paras[0], "\n") && len(paras[0]) < 100 {
		title = paras[0]
	}
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>%s – Cyber Capacity Watch</title>
<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>
<style>body{font-family:sans-serif} .menu li{display:inline}</style>
</head><body class="post-template-default">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title">Cyber Capacity Watch</p>
<nav id="site-navigation" class="main-navigation"><ul class="menu">
<li><a href="/">Home</a></li><li><a href="/transcripts/">Transcripts</a></li>
<li><a href="/about/">About Us</a></li><li><a href="/contact/">Contact</a></li></ul></nav>
</header>
<div class="breadcrumbs"><a href="/">Home</a> » <a href="/transcripts/">Transcripts</a> » %s</div>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-42" class="post type-post">
<header class="entry-header"><h1 class="entry-title">%s</h1>
<div class="entry-meta">Posted on <time>March 31, 2022</time> by webmaster</div></header>
<div class="entry-content">
`, e(title), e(title), e(title))
	for _, p := range paras {
		if looksLikeLabel(p) {
			fmt.Fprintf(&b, "<p><strong>%s</strong></p>\n", e(p))
			continue
		}
		b.WriteString("<p>" + strings.ReplaceAll(e(p), "\n", "<br />\n") + "</p>\n")
	}
	b.WriteString(`<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
<ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><p>Session 2-7 Transcript</p></div>
</div>
<footer class="entry-footer">Categories: Transcripts</footer>
</article>
<div class="related-posts"><h2>Related Posts</h2><ul><li>Session 1-3 Transcript (OEWG 2021-25)</li></ul></div>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform">
<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<p><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
<p><input name="submit" type="submit" value="Post Comment"></p></form></div></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2>
<ul><li>Session 3-1 Transcript</li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">Copyright 2022 Cyber Capacity Watch. Proudly powered by WordPress</div></footer>
</div>
<script src="/wp-includes/js/wp-embed.min.js"></script>
</body></html>
`)
	return []byte(b.String())
}

// DOCX renders text as a minimal valid .docx: one w:p per paragraph, the
// paragraph's own line breaks as w:br.
func DOCX(text string) []byte {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paragraphs(text) {
		doc.WriteString("<w:p>")
		for i, line := range strings.Split(p, "\n") {
			if i > 0 {
				doc.WriteString("<w:r><w:br/></w:r>")
			}
			doc.WriteString(`<w:r><w:t xml:space="preserve">`)
			_ = xml.EscapeText(&doc, []byte(line))
			doc.WriteString("</w:t></w:r>")
		}
		doc.WriteString("</w:p>")
	}
	doc.WriteString(`<w:sectPr/></w:body></w:document>`)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc.String()},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			panic("testdocs: " + err.Error())
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			panic("testdocs: " + err.Error())
		}
	}
	if err := zw.Close(); err != nil {
		panic("testdocs: " + err.Error())
	}
	return buf.Bytes()
}
