package classify

import (
	"os"
	"testing"

	"github.com/oewg/oewg/corpus"
)

func TestDebugFile(t *testing.T) {
	f := os.Getenv("CLASSIFY_DEBUG")
	if f == "" {
		t.Skip()
	}
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(f)
	seg := corpus.Segment{Text: string(b)}
	rs.Classify(&seg)
	for _, tg := range seg.Tags {
		t.Logf("%s %s %s | %q", tg.Position, tg.Stance, tg.Rule, tg.Sentence)
	}
}
