package testdocs

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// A Renderer makes a PDF of a text the way a tool people use does.
type Renderer struct {
	// Name names the renderer in test names and the README's matrix.
	Name string
	// Tool is the program it needs on PATH ("" for none).
	Tool string
	// render writes the PDF of text into dir and returns its path.
	render func(ctx context.Context, dir, text string) (string, error)
}

// Renderers are the PDF makers of the renderer matrix: fpdf (in Go),
// Chromium's print to PDF of a plain page and of a WordPress-like page,
// WeasyPrint from HTML, LibreOffice from .docx, and Ghostscript re-distilling
// the fpdf PDF (ps2pdf).
var Renderers = []Renderer{
	{Name: "fpdf", render: func(_ context.Context, dir, text string) (string, error) {
		return write(dir, "doc.pdf", PDF(text))
	}},
	{Name: "chromium", Tool: "chromium", render: func(ctx context.Context, dir, text string) (string, error) {
		return chromium(ctx, dir, PlainHTML(text))
	}},
	{Name: "chromium-web-page", Tool: "chromium", render: func(ctx context.Context, dir, text string) (string, error) {
		return chromium(ctx, dir, HTML(text))
	}},
	{Name: "weasyprint", Tool: "weasyprint", render: func(ctx context.Context, dir, text string) (string, error) {
		in, err := write(dir, "doc.html", PlainHTML(text))
		if err != nil {
			return "", err
		}
		out := filepath.Join(dir, "doc.pdf")
		return out, run(ctx, "weasyprint", in, out)
	}},
	{Name: "libreoffice", Tool: "soffice", render: func(ctx context.Context, dir, text string) (string, error) {
		in, err := write(dir, "doc.docx", DOCX(text))
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, "doc.pdf"), run(ctx, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	}},
	{Name: "ps2pdf", Tool: "ps2pdf", render: func(ctx context.Context, dir, text string) (string, error) {
		in, err := write(dir, "fpdf.pdf", PDF(text))
		if err != nil {
			return "", err
		}
		out := filepath.Join(dir, "doc.pdf")
		return out, run(ctx, "ps2pdf", in, out)
	}},
}

// Available reports whether the renderer's tool is on PATH.
func (r Renderer) Available() bool {
	if r.Tool == "" {
		return true
	}
	_, err := exec.LookPath(r.Tool)
	return err == nil
}

// Render makes the PDF of text in dir (a fresh directory) and returns its
// path.
func (r Renderer) Render(dir, text string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return r.render(ctx, dir, text)
}

func write(dir, name string, data []byte) (string, error) {
	p := filepath.Join(dir, name)
	return p, os.WriteFile(p, data, 0o644)
}

func run(ctx context.Context, name string, args ...string) error {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

func chromium(ctx context.Context, dir string, page []byte) (string, error) {
	in, err := write(dir, "doc.html", page)
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "doc.pdf")
	// NOTE: --no-sandbox because tests run as root in CI.
	return out, run(ctx, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "chromium"), "--print-to-pdf="+out, "file://"+in)
}

// PlainHTML renders text as a bare page: one <p> per paragraph.
func PlainHTML(text string) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Document</title></head><body>\n")
	for _, p := range paragraphs(text) {
		b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "</p>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// TwoColumnHTML renders text for print in two columns, with a running
// header and page numbers (CSS paged media) and the given footnotes,
// attached at the end of the paragraphs whose index is a key.
func TwoColumnHTML(text string, notes map[int]string) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Statement</title><style>
@page { size: A4; margin: 2cm; @top-center { content: "Permanent Mission – Statement to the OEWG"; font-size: 8pt }
        @bottom-center { content: "Page " counter(page); font-size: 8pt } }
body { column-count: 2; column-gap: 1.2cm; font: 10pt serif }
.fn { float: footnote; font-size: 7pt }
</style></head><body>
`)
	for i, p := range paragraphs(text) {
		b.WriteString("<p>" + html.EscapeString(p))
		if n, ok := notes[i]; ok {
			b.WriteString(`<span class="fn">` + html.EscapeString(n) + `</span>`)
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// PrintHTML prints a page to PDF with "chromium", "weasyprint" or
// "soffice" (LibreOffice) into dir
// and returns the PDF's path.
func PrintHTML(tool, dir string, page []byte) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if tool == "chromium" {
		return chromium(ctx, dir, page)
	}
	in, err := write(dir, "doc.html", page)
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "doc.pdf")
	if tool == "soffice" {
		return out, run(ctx, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	}
	return out, run(ctx, tool, in, out)
}
