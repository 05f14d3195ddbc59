package extract

import (
	"errors"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oewg/oewg/internal/testdocs"
	"golang.org/x/text/unicode/norm"
)

var letterRun = regexp.MustCompile(`\pL+`)

// checkFuzzErr asserts a failure is a one-line *Error wrapping a sentinel.
func checkFuzzErr(t *testing.T, name string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error is not an *extract.Error: %v", err)
	}
	if strings.ContainsAny(err.Error(), "\n\r") || !strings.HasPrefix(err.Error(), name+": ") {
		t.Fatalf("bad error message %q", err.Error())
	}
	for _, s := range []error{ErrEmpty, ErrBinary, ErrTooLarge, ErrCorrupt, ErrEncrypted, ErrNoText, ErrUnsupported} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error wraps no sentinel: %v", err)
}

// checkWords asserts every letter run of in is in out.
func checkWords(t *testing.T, in, out string) {
	for _, w := range letterRun.FindAllString(norm.NFC.String(in), -1) {
		if !strings.Contains(out, w) {
			t.Fatalf("word %q lost; input %q, output %q", w, in, out)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"Ambassador Gafoor\n\nThank you. Kenya, please.",
		"\ufeffhello\r\nworld",
		"a capacity-\nbuilding pro-\nvision of\nthe line\nand more\nlines here and\nthere",
		"\uf0b7 bullet\u00a0text\u200b",
		"caf\xe9 \x93quoted\x94",
		"\xff\xfeh\x00i\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Bytes("f.txt", data)
		if err != nil {
			checkFuzzErr(t, "f.txt", err)
			return
		}
		if !utf8.ValidString(r.Text) {
			t.Fatalf("output not utf-8: %q", r.Text)
		}
		if o, _ := utf16Order(data); o == 0 && utf8.Valid(data) {
			checkWords(t, string(data), r.Text)
		}
	})
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"<p>One</p><p>Two<br>three</p>",
		"<article><div class=entry-content><p><strong>Kenya</strong></p><p>Thank you.</p></div></article>",
		"plain &amp; simple",
		"<div><div><div>x",
		string(testdocs.HTML("Ambassador Gafoor\n\nThank you very much.")),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Bytes("f.html", data)
		if err != nil {
			checkFuzzErr(t, "f.html", err)
			return
		}
		if !utf8.ValidString(r.Text) {
			t.Fatalf("output not utf-8: %q", r.Text)
		}
		// Without markup, every word of the page is text.
		if !strings.ContainsAny(string(data), "<\x00") && utf8.Valid(data) {
			if o, _ := utf16Order(data); o == 0 {
				checkWords(t, html.UnescapeString(string(data)), r.Text)
			}
		}
	})
}

func FuzzPDF(f *testing.F) {
	f.Add(testdocs.PDF("Ambassador Gafoor\n\nThank you."))
	f.Add(testdocs.TruncatedPDF("Kenya\n\nWe affirm."))
	f.Add(testdocs.CorruptXrefPDF("Kenya\n\nWe affirm."))
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Bytes("f.pdf", data); err != nil {
			checkFuzzErr(t, "f.pdf", err)
		}
	})
}

func FuzzCaptions(f *testing.F) {
	for _, s := range []string{
		"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v.loud Chair>Kenya, <i>please</i>.</v>\n",
		"1\r\n00:00:01,000 --> 00:00:04,000\r\nKENYA: Thank you.\r\n",
		"WEBVTT\n\nNOTE x\n\n1:00:01.000 --> 1:00:02.000\n>> we<00:00:01.500><c> support</c>\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Bytes("f.vtt", data)
		if err != nil {
			checkFuzzErr(t, "f.vtt", err)
			return
		}
		if !utf8.ValidString(r.Text) {
			t.Fatalf("output not utf-8: %q", r.Text)
		}
	})
}

func FuzzDOCX(f *testing.F) {
	f.Add(testdocs.DOCX("Ambassador Gafoor\n\nThank you."))
	f.Add(docxWith(`<w:p><w:r><w:t>a</w:t><w:tab/><w:br/></w:r></w:p>`))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Bytes("f.docx", data); err != nil {
			checkFuzzErr(t, "f.docx", err)
		}
	})
}
