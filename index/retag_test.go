package index

import (
	"context"
	"testing"

	"github.com/oewg/oewg/corpus"
)

// Rules keeps what SetRules recorded; Retag rewrites every stored
// segment's tags, and a search by position finds them.
func TestRetag(t *testing.T) {
	ix := openTemp(t)
	if fp, err := ix.Rules(); err != nil || fp != "" {
		t.Fatalf("Rules of a new index: %q, %v", fp, err)
	}
	if err := ix.SetRules("abc123"); err != nil {
		t.Fatal(err)
	}
	if fp, err := ix.Rules(); err != nil || fp != "abc123" {
		t.Fatalf("Rules: %q, %v; want abc123", fp, err)
	}
	for _, id := range []string{"a", "b"} {
		if err := ix.Put(testDoc(id, "h", 3)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := ix.Retag(context.Background(), func(s *corpus.Segment) {
		s.Tags = []corpus.Tag{{Position: "x", Stance: corpus.StanceOppose, Start: 0, End: len(s.Text), Sentence: s.Text}}
	})
	if err != nil || n != 6 {
		t.Fatalf("Retag: %d, %v; want 6", n, err)
	}
	got := 0
	err = ix.Segments(context.Background(), Filter{Positions: []string{"x"}}, func(s corpus.Segment) error {
		if len(s.Tags) != 1 || s.Tags[0].Stance != corpus.StanceOppose || s.Text == "" {
			t.Errorf("segment %s %d: %+v", s.Doc, s.Seq, s)
		}
		got++
		return nil
	})
	if err != nil || got != 6 {
		t.Errorf("%d segments found by the new position, %v; want 6", got, err)
	}
	if s, d := counts(t, ix); s != 6 || d != 2 {
		t.Errorf("%d segments, %d documents after Retag; want 6, 2", s, d)
	}
}
