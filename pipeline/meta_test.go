package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oewg/oewg/pipeline"
)

// A speaker in a sidecar or manifest that the gazetteer does not know is
// an error naming that file and the nearest names, unless a role is given.
func TestMetaSpeakerChecked(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	text := "Thank you, Chair. We support a demand-driven approach to capacity-building.\n"
	a := write("a.txt", text)
	write("a.txt.meta.yaml", "speaker: Kenia\n")
	b := write("b.txt", text)
	write("b.txt.meta.yaml", "speaker: Acme Institute\nrole: organisation\n")
	c := write("c.txt", text)
	write("manifest.csv", "file,speaker\nc.txt,Untied Kingdom\n")

	p := pipeline.New(pipeline.Options{Rules: builtin(t)})
	_, err := p.Analyze(a)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "a.txt.meta.yaml")+`: speaker "Kenia"`) || !strings.Contains(err.Error(), "did you mean Kenya (KEN)?") {
		t.Errorf("sidecar speaker=Kenia: %v", err)
	}
	doc, err := p.Analyze(b)
	if err != nil {
		t.Fatal(err)
	}
	if sp := doc.Segments[0].Speaker; sp.Key != "ACME_INSTITUTE" || sp.Role != "organisation" {
		t.Errorf("with role: speaker %+v", sp)
	}
	_, err = p.Analyze(c)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "manifest.csv")+": row c.txt:") || !strings.Contains(err.Error(), "did you mean United Kingdom (GBR)?") {
		t.Errorf("manifest speaker: %v", err)
	}
}
