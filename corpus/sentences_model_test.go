package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The segments' sentences from the paragraphs equal a split of the text.
func TestSegmentSentencesAsSplit(t *testing.T) {
	files, _ := filepath.Glob("../examples/*transcript*")
	real, _ := filepath.Glob("../../shared/real/*/*.md")
	files = append(files, real...)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		doc, _ := NewDocument(f, string(b), Meta{})
		for _, s := range doc.Segments {
			if want := SplitSentences(s.Text); !reflect.DeepEqual(s.Sentences, want) {
				t.Errorf("%s #%d: sentences %v, split %v", f, s.Seq, s.Sentences, want)
			}
		}
	}
}
