package index

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestBooleanSearch checks AND, OR, NOT and parentheses over the sample
// paragraphs, against the sets bleve's own syntax gives.
func TestBooleanSearch(t *testing.T) {
	ix, _ := sampleIndex(t)
	hits := func(q string) map[string]string {
		t.Helper()
		res, err := ix.Search(context.Background(), Query{Text: q, Size: 10000})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out := map[string]string{}
		for _, h := range res.Hits {
			out[SegmentID(h.Segment.Doc, h.Segment.Seq)] = strings.ToLower(h.Segment.Text)
		}
		return out
	}
	subset := func(a, b map[string]string) bool {
		for id := range a {
			if _, ok := b[id]; !ok {
				return false
			}
		}
		return true
	}
	either, both := hits("capacity gender"), hits("capacity AND gender")
	if len(both) == 0 || len(both) >= len(either) || !subset(both, either) {
		t.Errorf("capacity AND gender: %d hits, capacity gender: %d; want a non-empty proper subset", len(both), len(either))
	}
	for id, text := range both {
		if !strings.Contains(text, "capacit") || !strings.Contains(text, "gender") {
			t.Errorf("capacity AND gender: %s lacks a word: %.80q", id, text)
		}
	}
	gender, women, notWomen := hits("gender"), hits("women"), hits("gender NOT women")
	if len(notWomen) == 0 || len(notWomen) >= len(gender) || !subset(notWomen, gender) {
		t.Errorf("gender NOT women: %d hits, gender: %d; want a non-empty proper subset", len(notWomen), len(gender))
	}
	for id := range notWomen {
		if _, ok := women[id]; ok {
			t.Errorf("gender NOT women found %s, which women finds", id)
		}
	}
	if or, plain := hits("gender OR women"), hits("gender women"); len(or) != len(plain) || !subset(or, plain) {
		t.Errorf("gender OR women: %d hits, gender women: %d; want the same", len(or), len(plain))
	}
	grouped := hits(`(gender OR women) AND "capacity building"`)
	if len(grouped) == 0 || !subset(grouped, hits("gender women")) || !subset(grouped, hits(`"capacity building"`)) {
		t.Errorf(`(gender OR women) AND "capacity building": %d hits, not within both sides`, len(grouped))
	}
	if a, b := hits("gender AND NOT women"), notWomen; len(a) != len(b) {
		t.Errorf("gender AND NOT women: %d hits, gender NOT women: %d", len(a), len(b))
	}
	// Lower-case words are words, as before.
	if a, b := hits("capacity and gender"), hits("capacity gender and"); len(a) != len(b) {
		t.Errorf("capacity and gender: %d hits, want bleve's %d", len(a), len(b))
	}
	// NOT alone: every segment but those, and no document record.
	all, notW := hits("capacity OR NOT capacity"), hits("NOT women")
	if len(notW) != len(all)-len(women) {
		t.Errorf("NOT women: %d hits, want %d - %d", len(notW), len(all), len(women))
	}
	for _, bad := range []string{"gender AND", "(gender", "gender)", "AND gender", "gender OR OR women", "()"} {
		_, err := ix.Search(context.Background(), Query{Text: bad, Size: 1})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: err = %v, want a *QueryError", bad, err)
		}
	}
}
