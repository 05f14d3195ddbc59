package classify

import (
	"os"
	"testing"
)

func TestDumpTags(t *testing.T) {
	if os.Getenv("CLASSIFY_DUMP") == "" {
		t.Skip()
	}
	segs, _ := exampleSegments()
	rs, _ := Builtin()
	for _, s := range segs {
		rs.Classify(&s)
		for _, tg := range s.Tags {
			t.Logf("%s %s %s %s | %.150q", s.Speaker.Key, tg.Position, tg.Stance, tg.Rule, tg.Sentence)
		}
	}
}
