package corpus

import (
	"strings"
	"testing"
)

func TestHandOver(t *testing.T) {
	tests := []struct {
		name, chair, want string // want "" = no hand-over
	}{
		// Hand-overs.
		{"give the floor", "I give the floor to Ghana.", "GHA"},
		{"give the floor now", "Thank you for the statement. I give the floor now to the UK.", "GBR"},
		{"give now the floor", "I give now the floor to Portugal, to be followed by Egypt.", "PRT"},
		{"delegation of", "I give the floor to the delegation of Kenya. You have the floor, please.", "KEN"},
		{"X please", "Thank you for the statement. Poland, please.", "POL"},
		{"X please no comma", "Thank you very much. European Union please.", "EU"},
		{"X you have the floor", "My apologies to Bangladesh. France, you have the floor. Thank you.", "FRA"},
		{"I now call on", "I now call on the representative of Brazil.", "BRA"},
		{"has the floor", "The representative of Mexico has the floor.", "MEX"},
		{"please X", "Thank you for the statement. Please, Iran.", "IRN"},
		{"name alone", "Thank you for the statement. Nicaragua. Nicaragua, have you spoken?", "NIC"},
		{"are you here", "I give the floor now to the Organization of American States. OAS, are you here?", "OAS"},
		{"transcription slip keep", "I'll keep now the floor to the Dominican Republic to be followed by Finland. Dominican Republic, please.", "DOM"},
		// To be followed by is not a hand-over.
		{"followed by", "Costa Rica to be followed by Dominican Republic. Costa Rica, please.", "CRI"},
		{"followed by, no to be", "Iraq, followed by Cuba. Iraq, please.", "IRQ"},
		{"please before followed by", "South Africa, please, to be followed by Cote d’Ivoire. South Africa.", "ZAF"},
		// The chair corrects himself: the last hand-over wins.
		{"correction", "I’ll give the floor now to Bangladesh, to be followed by Sri Lanka. Bangladesh, please. Sorry, my apologies. I think the list on my computer here has been jumping up and down. So, my apologies. So, its the Russian Federation now, please.", "RUS"},
		// Not hand-overs.
		{"thanks only", "Thank you, Sri Lanka.", ""},
		{"speakers list", "On my list I have Ghana, Kenya, Chile and Peru.", ""},
		{"already spoken", "I believe Pakistan has already spoken. Am I correct?", ""},
		{"is that", "Sorry, is that the Organization of American States?", ""},
		{"apologies to", "My apologies to Bangladesh.", ""},
		{"no name", "Okay, alright. Please, you have the floor.", ""},
		{"statement by", "We thank Indonesia for the statement by Indonesia.", ""},
		{"next is", "I thank the distinguished representative. Next is Mexico.", "MEX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := DefaultLexicon().handOver(tt.chair)
			s := d.speaker
			got := ""
			if ok {
				got = s.Key
			}
			if got != tt.want {
				t.Errorf("handOver(%q) = %q, want %q", tt.chair, got, tt.want)
			}
		})
	}
}

// keys lists the speakers of the statements (no chair, no interjection).
func keys(segs []Segment) string {
	var out []string
	for _, s := range segs {
		if s.Speaker.Role == RoleChair {
			continue
		}
		k := s.Speaker.Key
		if s.Interjection {
			k = "(" + k + ")"
		}
		out = append(out, k)
	}
	return strings.Join(out, " ")
}

func TestSegmentTranscript(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"labels only", `Chair

I give the floor to Brazil.

Brazil

Thank you, Chair. We support the PoA.

Chair

Thank you. Mexico, please.

Mexico

Thank you, Chair.
We agree.`, "BRA MEX"},
		{"no labels after the chair", `Ambassador Gafoor

Thank you. Japan, to be followed by Chile. Japan, please.

Thank you, Chair. Japan believes capacity building matters a great deal to every State in this room.

Ambassador Gafoor

Thank you, Japan. Chile, please.

Thank you, Chair. For Chile, capacity building is an urgent and priority issue for all of us here.`, "JPN CHL"},
		{"inline labels", `KENYA: Thank you, Chair. We affirm that capacity building must be demand-driven.

UNITED KINGDOM: Thank you. We support the CMM.`, "KEN GBR"},
		{"interjection from the floor", `Ambassador Gafoor

Thank you. I give the floor now to France.

I think it was Bangladesh, Mr. President?

Ambassador Gafoor

My apologies to Bangladesh. France, you have the floor.

Thank you. We align ourselves with the statement made by the EU and we have several further points to add today.

Ambassador Gafoor

Thank you. Sweden, please.

Thank you, Chair. Sweden supports the Programme of Action and thanks the Chair for the excellent guiding questions.`, "(UNKNOWN) FRA SWE"},
		{"labels naming whom a person speaks for", `Chair

Good morning. Let us begin with the list of speakers.

Mr. Smith (Kenya)

Thank you Chair. Capacity building must be demand-driven.

Chair

Thank you. I give the floor to Ghana.

Ms. Lee (Republic of Korea)

Thank you. We support the Programme of Action.

H.E. Mr. Juan Pérez, Chile

Thank you. We support the PoA.`, "KEN KOR CHL"},
		{"short labelled statement, next is", `Chair

Thank you. Republic of Korea.

KOREA: Thank you Chair. Our delegation supports gender-sensitive capacity building.

Chair

I thank the distinguished representative. Next is Mexico.

Thank you Chair. Mexico supports the Programme of Action and a gender perspective.`, "KOR MEX"},
		{"page chrome is not speech", `Chair

Thank you. Peru, please.

Thank you, Chair. Peru supports capacity building that is demand-driven and sustainable in every region.

Leave a Reply

Your email address will not be published. Required fields are marked *`, "PER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := DefaultLexicon().segmentTranscript(tt.text, paragraphs(tt.text))
			if got := keys(segs); got != tt.want {
				t.Errorf("speakers = %q, want %q", got, tt.want)
			}
			for _, s := range segs {
				if strings.Contains(s.Text, "Leave a Reply") || strings.Contains(s.Text, "Required fields") {
					t.Errorf("page chrome in segment %q", s.Text)
				}
			}
		})
	}
}

func TestOnBehalfAndAlignment(t *testing.T) {
	tests := []struct{ speaker, text, behalf, aligned string }{
		{"IDN", "Thank you, Chair. On behalf of the Non-Aligned Movement, we wish to highlight the importance of the OEWG.", "NAM", ""},
		{"LKA", "Mr. Chairman, Sri Lanka aligns itself with the statement delivered by Indonesia on behalf of the Non-Aligned Movement.", "", "NAM"},
		{"FIN", "Mr. Chair, my delegation aligns itself with the statement by the European Union.", "", "EU"},
		{"DOM", "Our delegation associates itself with the statement delivered by Indonesia on behalf of the Non-Aligned Movement.", "", "NAM"},
		{"LAO", "Distinguished delegates, the Lao PDR aligns ourselves with NAM and ASEAN statement.", "", "NAM,ASEAN"},
		{"EU", "I have the honor to speak on behalf of the European Union and its member states. The candidate countries Turkey, North Macedonia and Albania align themselves with this statement.", "", ""},
		{"NGA", "I have the honour to deliver this statement on behalf of the African Group. We also associate ourselves with the statement of the Group of 77 and China.", "AFRICAN_GROUP", "G77"},
		{"KEN", "Capacity building will help developing countries align their laws with the norms.", "", ""},
	}
	for _, tt := range tests {
		s, _ := Default().Key(tt.speaker)
		seg := &Segment{Speaker: s, Text: tt.text}
		seg.Sentences = SplitSentences(seg.Text)
		if got := onBehalfOf(seg, Default()); got != tt.behalf {
			t.Errorf("%s: on_behalf_of = %q, want %q", tt.speaker, got, tt.behalf)
		}
		if got := strings.Join(alignedWith(seg, Default()), ","); got != tt.aligned {
			t.Errorf("%s: aligned_with = %q, want %q", tt.speaker, got, tt.aligned)
		}
	}
}

// A statement without line breaks is cut at sentence ends, so that no
// segment is much larger than maxStatementSegment and no text is lost.
func TestLongStatementChunks(t *testing.T) {
	sentence := "Capacity-building should be demand-driven and respond to the needs of the recipient State. "
	text := "Statement by Kenya. " + strings.Repeat(sentence, 3*maxStatementSegment/len(sentence))
	doc, err := NewDocument("kenya.txt", text, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Segments) < 3 {
		t.Fatalf("%d segments, want at least 3", len(doc.Segments))
	}
	total := 0
	for _, s := range doc.Segments {
		if len(s.Text) > maxStatementSegment+len(sentence) {
			t.Errorf("segment %d has %d bytes", s.Seq, len(s.Text))
		}
		if !strings.HasSuffix(s.Text, ".") {
			t.Errorf("segment %d does not end at a sentence end: %q", s.Seq, s.Text[len(s.Text)-20:])
		}
		if s.Speaker.Key != "KEN" {
			t.Errorf("segment %d speaker %s, want KEN", s.Seq, s.Speaker.Key)
		}
		total += len(strings.Fields(s.Text))
	}
	if want := len(strings.Fields(text)); total != want {
		t.Errorf("segments hold %d words, text has %d", total, want)
	}
}
