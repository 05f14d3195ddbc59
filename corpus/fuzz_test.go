package corpus

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oewg/oewg/internal/testdocs"
)

// fuzzSeeds are the sample documents, the first 4 KB of each, as seeds.
func fuzzSeeds(f *testing.F) {
	for _, name := range []string{
		"oewg-2021-2025-session-2-meeting-8-transcript.txt",
		"bangladesh-2024-03-07-capacity-building.txt",
		"czech-republic-2020-02-13-capacity-building.md",
		"co-chairs-concept-note-cyber-policy-capacity-building.txt",
	} {
		b := testdocs.Example(f, name)
		f.Add(b[:min(len(b), 2048)])
	}
	for _, s := range []string{
		"",
		"Chair\n\nI give the floor to Ghana, to be followed by Republic of Korea. Ghana, please.\n\nGhana\n\nThank you.",
		"Sorry, my apologies. So, its the Russian Federation now, please.\n\nThank you, Chair.",
		"Statement by H.E. the Ambassador of the Czech Republic\n\nOn behalf of the Non-Aligned Movement, we align ourselves with the statement by the European Union.",
		"\n\n\n  \t\n",
		"Mr. Chair.\r\n\r\nKenya.\r\n\r\n" + strings.Repeat("a ", 100),
	} {
		f.Add(s)
	}
}

// FuzzNewDocument: the segmenter never panics, every segment's text is a
// piece of the input, and segments are numbered 1, 2, 3 ….
func FuzzNewDocument(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		var doc *Document
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			doc, err = NewDocument("f.txt", text, Meta{})
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("NewDocument took over 10s on %d bytes", len(text))
		}
		if err != nil {
			return
		}
		for i, s := range doc.Segments {
			if s.Seq != i+1 {
				t.Fatalf("segment %d has Seq %d", i, s.Seq)
			}
			if !strings.Contains(text, s.Text) {
				t.Fatalf("segment %d text %q is not in the input %q", s.Seq, s.Text, text)
			}
			if s.Speaker.Key == "" {
				t.Fatalf("segment %d has no speaker key", s.Seq)
			}
			for _, sp := range s.Sentences {
				if sp.Start < 0 || sp.Start > sp.End || sp.End > len(s.Text) {
					t.Fatalf("segment %d: sentence span %v outside its %d bytes", s.Seq, sp, len(s.Text))
				}
			}
		}
	})
}

// checkMetaErr asserts that a metadata error names the file on every line,
// one problem per line, with a position when it has a line.
func checkMetaErr(t *testing.T, name string, err error) {
	t.Helper()
	var list MetaErrors
	var one *MetaError
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = MetaErrors{one}
	default:
		t.Fatalf("error is not a MetaError: %T %v", err, err)
	}
	if len(list) == 0 {
		t.Fatalf("empty error list")
	}
	for _, e := range list {
		if e.File != name {
			t.Fatalf("error names %q, want %q: %v", e.File, name, e)
		}
		if strings.ContainsAny(e.Msg, "\n\r") {
			t.Fatalf("message on several lines: %q", e.Msg)
		}
		if e.Line < 0 || e.Col < 0 || (e.Line > 0) != (e.Col > 0) {
			t.Fatalf("bad position %d:%d: %v", e.Line, e.Col, e)
		}
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != len(list) {
		t.Fatalf("%d problems on %d lines: %q", len(list), len(lines), err.Error())
	}
}

func FuzzParseMetaFile(f *testing.F) {
	for _, s := range []string{
		"speaker: Kenya\ndate: 2024-03-07\nprocess: OEWG 2021-2025\nsession: 7\nkind: statement\n",
		`{"speaker": "Kenya", "date": "2024-03-07", "session": 7}`,
		"speaker: Kenya\ndate: [2024-03-07\n",
		"speaker: Kenya\ncountry: Kenya\ndate: 7 March 2024\n",
		"speaker: [a, b]\nsession: -1\nkind: speech\n",
		"- a\n- b\n",
		"",
		"a: &x 1\nb: *x\n",
		"speaker: Kenya\nspeaker: Ghana\n",
		"\tspeaker: x",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ParseMetaFile("x.txt.meta.yaml", b)
		if err != nil {
			checkMetaErr(t, "x.txt.meta.yaml", err)
		}
	})
}

func FuzzParseManifest(f *testing.F) {
	for _, s := range []string{
		"file,speaker,date\na.txt,Kenya,2024-03-07\nb.txt,Ghana,\n",
		"file,speaker,date\nstatement.txt,Kenya\n",
		"speaker,date\nKenya,2024-03-07\n",
		"file,colour\na.txt,red\n",
		"\ufefffile,session\na.txt,seven\n",
		"file,title\na.txt,\"unclosed\n",
		"file,title\na.txt,x\"y\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ParseManifest("manifest.csv", bytes.NewReader(b))
		if err != nil {
			checkMetaErr(t, "manifest.csv", err)
		}
	})
}
