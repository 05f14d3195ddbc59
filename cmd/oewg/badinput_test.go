package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/internal/testdocs"
)

// badDir, when set, makes TestBadInputCorpus write the bad-input corpus
// there and stop: go test ./cmd/oewg -run TestBadInputCorpus -badinput.dir /tmp/bad
// (docs/bad-input.md quotes the binary's output on it).
var badDir = flag.String("badinput.dir", "", "write the bad-input corpus to this folder and exit")

// statementText is the text of a delegation statement (examples/), used for
// the generated PDFs and the re-encoded text files.
const statementText = `Statement by the Delegation of Kenya

Thank you, Mr. Chair.

Kenya supports the “Programme of Action” – a permanent, action-oriented mechanism.

Capacity-building should be demand-driven, tailored to national needs – there is no one-size-fits-all.

We also call for women’s participation in all capacity-building programmes.`

// badCase is one generated bad file: its path inside the corpus folder and
// a piece of the one stderr line it must get ("" for files that must be
// read without error).
type badCase struct {
	name string
	data []byte
	want string // substring of its one stderr line; "" for none
}

// junk returns n deterministic random bytes.
func junk(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func cp1252(t testing.TB, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// badCases are the bad files the design names (and two good ones in odd
// encodings). The 50 MB file and the rules folder are made separately.
func badCases(t testing.TB) []badCase {
	nested := strings.Repeat("<div><span><table><tr><td>", 20000) + "<p>Kenya supports the Programme of Action."
	return []badCase{
		{"empty.txt", nil, "empty.txt: file is empty; remove it or add its text"},
		{"junk.txt", junk(8192, 1), "junk.txt: file is binary, not text"},
		{"junk.pdf", junk(8192, 2), "junk.pdf: "},
		{"junk.html", junk(8192, 3), "junk.html: "},
		{"truncated.pdf", testdocs.TruncatedPDF(statementText), "truncated.pdf: "},
		{"corrupt-xref.pdf", testdocs.CorruptXrefPDF(statementText), ""},
		{"encrypted-open.pdf", testdocs.EncryptedPDF(statementText, ""), ""},
		{"encrypted-password.pdf", testdocs.EncryptedPDF(statementText, "secret"), "encrypted-password.pdf: "},
		{"scan.pdf", testdocs.ScanPDF(), "scan.pdf: pdf has no text layer (scanned?); run OCR first or give the text as scan.txt"},
		{"windows-1252.txt", cp1252(t, statementText), ""},
		{"utf-16.txt", utf16LE(statementText), ""},
		{"nested.html", []byte(nested), ""},
		{"bad-yaml.txt", []byte(statementText), "bad-yaml.txt.meta.yaml:"},
		{"bad-yaml.txt.meta.yaml", []byte("speaker: Kenya\ndate: [2024-03-07\n"), ""},
		{"unknown-key.txt", []byte(statementText), "unknown-key.txt.meta.yaml:"},
		{"unknown-key.txt.meta.yaml", []byte("speaker: Kenya\ncountry: Kenya\ndate: 7 March 2024\n"), ""},
		{"manifest/statement.txt", []byte(statementText), "manifest.csv"},
		{"manifest/manifest.csv", []byte("file,speaker,date\nstatement.txt,Kenya\n"), ""},
	}
}

// hugeName is the 50 MB single-line text file.
const hugeName = "huge.txt"

// writeBadCorpus writes the bad files, a 50 MB single-line text file and
// copies of examples/ into dir.
func writeBadCorpus(t testing.TB, dir string) []badCase {
	cases := badCases(t)
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(filepath.Join(dir, hugeName))
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(strings.Repeat("Kenya supports the Programme of Action. ", 1<<10))
	for n := 0; n < 50<<20; n += len(line) {
		if _, err := f.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	copyExamples(t, filepath.Join(dir, "good"))
	return cases
}

// copyExamples copies examples/ (documents and sidecars) into dir, with
// "-copy" added to each document's name so that they are new documents.
func copyExamples(t testing.TB, dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../../examples", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		name := e.Name()
		for _, ext := range []string{".txt", ".md"} {
			name = strings.Replace(name, ext, "-copy"+ext, 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// badRules is a rules folder with several problems in two files.
var badRules = map[string]string{
	"poa.yaml":         "label: Programme of Action\nterms:\n  - id: name\n    phrases: [PoA]\n    patterns: ['(unclosed']\ncolour: red\n",
	"cyber-norms.yaml": "label: Norms\nterms:\n  - id: norms\n    phrases: 42\n  - phrases: [eleven norms]\n",
}

// cli runs the oewg command line in-process through run, capturing what
// it prints.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	dir := t.TempDir()
	outF, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	errF, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	func() {
		defer func() { os.Stdout, os.Stderr = oldOut, oldErr }()
		code = run(context.Background(), args)
	}()
	outF.Close()
	errF.Close()
	o, _ := os.ReadFile(outF.Name())
	e, _ := os.ReadFile(errF.Name())
	return code, string(o), string(e)
}

// docSegments returns the number of segments of each document of the index.
func docSegments(t *testing.T, dir string) map[string]int {
	t.Helper()
	ix, err := index.OpenReadOnly(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	out := map[string]int{}
	err = ix.Segments(context.Background(), index.Filter{}, func(s corpus.Segment) error {
		out[s.Doc]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBadInputCorpus(t *testing.T) {
	if *badDir != "" {
		writeBadCorpus(t, *badDir)
		if err := os.MkdirAll(filepath.Join(*badDir, "..", "bad-rules"), 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range badRules {
			os.WriteFile(filepath.Join(*badDir, "..", "bad-rules", name), []byte(body), 0o644)
		}
		t.Skipf("wrote the bad-input corpus to %s", *badDir)
	}
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad")
	cases := writeBadCorpus(t, bad)
	ixDir := filepath.Join(tmp, "index")

	// The good files alone first: what the mixed folder must not lose.
	code, _, stderr := cli(t, "ingest", "-q", "--index", ixDir, "../../examples")
	if code != exitOK {
		t.Fatalf("ingest examples: exit %d\n%s", code, stderr)
	}
	before := docSegments(t, ixDir)

	code, stdout, stderr := cli(t, "ingest", "-q", "--index", ixDir, bad)
	if code != exitPartial {
		t.Errorf("exit %d, want %d", code, exitPartial)
	}
	var lines, notes []string
	for _, l := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		// Notes ("decoded as windows-1252") are not errors: the file was read.
		if strings.Contains(l, ": note: ") {
			notes = append(notes, l)
			continue
		}
		lines = append(lines, l)
	}
	t.Logf("stderr:\n%s\nstdout:\n%s", stderr, stdout)
	if !slices.ContainsFunc(notes, func(l string) bool {
		return strings.Contains(l, "windows-1252.txt: note: ") && strings.Contains(l, "decoded as windows-1252")
	}) {
		t.Errorf("no note for the Windows-1252 file in %q", notes)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "oewg: "+tmp) {
			t.Errorf("stderr line does not start with oewg: and the file: %q", l)
		}
		if strings.Contains(l, "panic") || strings.Contains(l, "goroutine") {
			t.Errorf("a panic escaped: %q", l)
		}
	}

	// Each bad file: its line(s), and only its.
	want := map[string]string{hugeName: "over the 16 MB limit for one document; split it into smaller files"}
	for _, c := range cases {
		if c.want != "" {
			want[c.name] = c.want
		}
	}
	for name, msg := range want {
		path := filepath.Join(bad, name)
		var got []string
		for _, l := range lines {
			if strings.HasPrefix(l, "oewg: "+path+":") || strings.HasPrefix(l, "oewg: "+path+".meta.yaml:") {
				got = append(got, l)
			}
		}
		if len(got) == 0 {
			t.Errorf("%s: no error line; want one containing %q", name, msg)
			continue
		}
		for _, l := range got {
			if !strings.Contains(l, msg) {
				t.Errorf("%s: %q does not contain %q", name, l, msg)
			}
		}
	}
	if n := len(lines); n > len(want)+4 {
		t.Errorf("%d stderr lines for %d bad files", n, len(want))
	}

	after := docSegments(t, ixDir)
	// Nothing indexed before is lost.
	for id, n := range before {
		if after[id] != n {
			t.Errorf("%s: %d segments after the bad folder, %d before", id, after[id], n)
		}
	}
	// Every good file (the copies of examples/ in good/) is there, with as
	// many segments as the originals.
	for id, n := range before {
		if got := after[id+"-copy"]; got != n {
			t.Errorf("good/%s-copy: %d segments, want %d", id, got, n)
		}
	}
	wantSummary := fmt.Sprintf("%d files: %d new, 0 changed, 0 unchanged, %d failed;", 21, 10, 11)
	if !strings.HasPrefix(stdout, wantSummary) {
		t.Errorf("summary %q, want %q…", stdout, wantSummary)
	}
	// The files that must be read (odd encodings, odd but readable PDFs and
	// HTML) are indexed.
	for _, c := range cases {
		if c.want != "" || corpus.IsSidecar(c.name) {
			continue
		}
		if after[corpus.DocID(c.name)] == 0 {
			t.Errorf("%s was not indexed", c.name)
		}
	}
}

// TestBadInputEncodings checks that text in Windows-1252 and in UTF-16 comes
// out as the same UTF-8: curly quotes and dashes survive.
func TestBadInputEncodings(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"windows-1252.txt": cp1252(t, statementText),
		"utf-16.txt":       utf16LE(statementText),
		"utf-8.txt":        []byte(statementText),
		// No <meta charset>, and nothing but ASCII in the first 1 KB, where
		// x/net/html/charset looks.
		"utf-8-no-meta.html": []byte("<html><head><title>Statement</title><style>" + strings.Repeat(" ", 1100) + "</style></head><body>" +
			"<p>" + strings.ReplaceAll(statementText, "\n\n", "</p><p>") + "</p></body></html>"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := cli(t, "analyze", "--json", dir)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	texts := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var s corpus.Segment
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(s.File)] += s.Text
	}
	for _, want := range []string{"“Programme of Action” – a permanent", "women’s participation", "needs – there"} {
		for name := range files {
			if !strings.Contains(texts[name], want) {
				t.Errorf("%s: text lacks %q:\n%s", name, want, texts[name])
			}
		}
	}
}

// TestBadRulesFailTheCommand: --rules with broken files stops ingest before
// it touches the index, with every problem on its own line as
// file:line:col, and exit status 2 (a configuration error, like a bad flag).
func TestBadRulesFailTheCommand(t *testing.T) {
	tmp := t.TempDir()
	rules := filepath.Join(tmp, "rules")
	os.Mkdir(rules, 0o755)
	for name, body := range badRules {
		if err := os.WriteFile(filepath.Join(rules, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ixDir := filepath.Join(tmp, "index")
	code, _, stderr := cli(t, "ingest", "-q", "--index", ixDir, "--rules", rules, "../../examples")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	t.Logf("stderr:\n%s", stderr)
	var located []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "oewg: ") {
			t.Errorf("line without the oewg: prefix: %q", l)
		}
		if strings.HasPrefix(l, "oewg: "+rules+"/") {
			located = append(located, l)
		}
	}
	if len(located) < 4 {
		t.Errorf("%d located problems, want every one (at least 4): %q", len(located), lines)
	}
	if !slices.IsSorted(located) {
		// NOTE: sorted as strings works here: same file prefix, one-digit lines.
		t.Errorf("problems not sorted: %q", located)
	}
	if _, err := os.Stat(ixDir); err == nil {
		t.Errorf("the index was created although the rules are broken")
	}
}
