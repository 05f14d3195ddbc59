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
			r, err := Bytes("two.pdf", data)
			if err != nil {
				t.Fatal(err)
			}
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
