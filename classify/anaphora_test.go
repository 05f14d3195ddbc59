package classify

import (
	"testing"

	"github.com/oewg/oewg/corpus"
)

// A back-reference does not reach into the previous paragraph: "this" in a
// new bullet is about the bullet's subject, not the position named above.
func TestAnaphoraStaysInParagraph(t *testing.T) {
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       string // stances of cbdr tags, in order
	}{
		{"same paragraph", "The principle of common but differentiated responsibilities was raised. This is essential.", "mention support"},
		{"next bullet", "The principle of common but differentiated responsibilities should be applied.\n\n- In paragraph 53, this seems redundant to mention the 2030 agenda.", "support"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seg := &corpus.Segment{Text: tt.text, Speaker: corpus.Speaker{Key: "IRN", Role: corpus.RoleDelegation}}
			rs.Classify(seg)
			got := ""
			for _, tag := range seg.Tags {
				if tag.Position == "cbdr" {
					if got != "" {
						got += " "
					}
					got += tag.Stance
				}
			}
			if got != tt.want {
				t.Errorf("cbdr stances = %q, want %q (tags %+v)", got, tt.want, seg.Tags)
			}
		})
	}
}

// A blank line holding spaces ends a paragraph too.
func TestAnaphoraWhitespaceBlankLine(t *testing.T) {
	rs := builtin(t)
	for text, want := range map[string]int{
		"We support the PoA.\nThis is essential.":       2,
		"We support the PoA.\n  \nThis is essential.":   1,
		"We support the PoA.\n\t\r\nThis is essential.": 1,
	} {
		seg := &corpus.Segment{Text: text}
		rs.Classify(seg)
		if len(seg.Tags) != want {
			t.Errorf("%q: %d tags, want %d: %+v", text, len(seg.Tags), want, seg.Tags)
		}
	}
}
