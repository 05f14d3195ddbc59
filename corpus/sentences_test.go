package corpus

import "testing"

func TestSplitSentencesAbbreviations(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"mr president", "Thank you, Mr. President. We support the PoA.", []string{"Thank you, Mr. President.", "We support the PoA."}},
		{"para", "As stated in para. 57 of the report, gender matters. We agree.", []string{"As stated in para. 57 of the report, gender matters.", "We agree."}},
		{"paras", "See paras. 12 and 13. They are clear.", []string{"See paras. 12 and 13.", "They are clear."}},
		{"amb", "Amb. Gafoor opened the meeting. Kenya spoke first.", []string{"Amb. Gafoor opened the meeting.", "Kenya spoke first."}},
		{"no", "Resolution No. 75/240 applies. We welcome it.", []string{"Resolution No. 75/240 applies.", "We welcome it."}},
		{"rev", "Document A/AC.292/2021/CRP.1/Rev. 2 is before us. Thank you.", []string{"Document A/AC.292/2021/CRP.1/Rev. 2 is before us.", "Thank you."}},
		{"us", "The U.S. delegation spoke. Then France did.", []string{"The U.S. delegation spoke.", "Then France did."}},
		{"op", "We propose to amend op. 3 of the draft. Thank you.", []string{"We propose to amend op. 3 of the draft.", "Thank you."}},
		{"art", "Under art. 51 of the Charter, States may act. That is settled.", []string{"Under art. 51 of the Charter, States may act.", "That is settled."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := SplitSentences(tt.in)
			var got []string
			for _, s := range spans {
				got = append(got, tt.in[s.Start:s.End])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sentences %q, want %q", len(got), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("sentence %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSplitSentencesAnswerNo(t *testing.T) {
	in := "Is there any objection? No. It is so decided."
	if got := len(SplitSentences(in)); got != 3 {
		t.Errorf("got %d sentences, want 3", got)
	}
}

func TestSplitSentencesBlankLineEndsSentence(t *testing.T) {
	in := "Mr. Chair,\n\nWhile the steps are basic, there is no one-size-fits-all solution.\n\nCapacity-building\nmust be demand-driven."
	want := []string{"Mr. Chair,", "While the steps are basic, there is no one-size-fits-all solution.", "Capacity-building\nmust be demand-driven."}
	spans := SplitSentences(in)
	if len(spans) != len(want) {
		t.Fatalf("got %d sentences, want %d", len(spans), len(want))
	}
	for i, s := range spans {
		if in[s.Start:s.End] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, in[s.Start:s.End], want[i])
		}
	}
}
