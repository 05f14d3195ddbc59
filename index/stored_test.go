package index

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oewg/oewg/corpus"
)

// TestStoredSegments reads every segment of the test cases back by id:
// what was put, field for field (the stored record is decoded by another
// JSON decoder than the one that wrote it).
func TestStoredSegments(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	ctx := context.Background()
	n := 0
	for _, dir := range append(dirs, "") {
		var docs []corpus.Document
		if dir == "" {
			docs = []corpus.Document{hardDocument()}
		} else {
			readJSON(t, filepath.Join(dir, "docs.json"), &docs)
		}
		ix := putAll(t, docs)
		for _, d := range docs {
			var ids []string
			want := map[string]corpus.Segment{}
			for _, s := range d.Segments {
				id := SegmentID(s.Doc, s.Seq)
				ids, want[id] = append(ids, id), s
			}
			got, err := ix.SegmentsByID(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(ids) {
				t.Errorf("%s: %d segments read back, want %d", d.ID, len(got), len(ids))
			}
			for _, s := range got {
				w := want[SegmentID(s.Doc, s.Seq)]
				if !reflect.DeepEqual(s, w) {
					gj, _ := json.Marshal(s)
					wj, _ := json.Marshal(w)
					t.Errorf("%s #%d read back as\n%s\nwant\n%s", s.Doc, s.Seq, gj, wj)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no segment in the cases")
	}
}

// hardDocument has a segment with what JSON escapes or spells in several
// ways: quotes, backslashes, control characters, <>&, U+2028, accents,
// curly quotes, an emoji, and every optional field.
func hardDocument() corpus.Document {
	text := "Côte d’Ivoire — \"we\\they\"\tsaid <b>&amp;</b>\u2028 🙂 support the \"Programme of Action\".\nNext."
	start := strings.Index(text, "support")
	end := strings.Index(text, "\nNext")
	s := corpus.Segment{Doc: "hard", File: "/tmp/a \"b\".txt", Kind: corpus.KindTranscript, Process: "OEWG 2021–2025",
		Session: 3, Meeting: 4, Date: "2022-03-28", Title: "Séance <4>", Source: "https://example.org/a?b=1&c=2", Seq: 1,
		Speaker:    corpus.Speaker{Key: "CIV", Name: "Côte d’Ivoire", Role: corpus.RoleDelegation, ISO3: "CIV"},
		OnBehalfOf: "AFRICAN_GROUP", AlignedWith: []string{"EU", "NAM"}, Attribution: corpus.AttributionHandover,
		AttributionEvidence: "I give the floor to Côte d’Ivoire", Notes: []string{"a \"note\""}, Text: text,
		Tags: []corpus.Tag{{Position: "poa", Stance: corpus.StanceSupport, Rule: "poa/support", Sentence: text[start:end], Start: start, End: end, Because: `cue: "support"`}}}
	return corpus.Document{ID: "hard", File: s.File, Hash: "hard", Meta: corpus.Meta{Kind: s.Kind, Title: s.Title}, Segments: []corpus.Segment{s}}
}
