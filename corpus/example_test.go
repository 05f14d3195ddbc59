package corpus_test

import (
	"fmt"

	"github.com/oewg/oewg/corpus"
)

// A transcript's speakers come from its labels and from the chair's
// hand-overs; each segment says how.
func ExampleNewDocument() {
	text := ">> CHAIR: The meeting is called to order. I give the floor to the distinguished representative of Kenya.\n" +
		">> Thank you, Chair. Kenya supports capacity-building that is demand-driven.\n" +
		">> Thank you, Kenya. Ghana, please.\n" +
		">> Thank you, Chair. On behalf of the African Group, we support the Programme of Action.\n"
	doc, _ := corpus.NewDocument("captions.txt", text, corpus.Meta{})
	for _, s := range doc.Segments {
		fmt.Printf("%s %s %q", s.Speaker.Key, s.Attribution, s.AttributionEvidence)
		if s.OnBehalfOf != "" {
			fmt.Print(" for ", s.OnBehalfOf)
		}
		fmt.Println()
	}
	// Output:
	// CHAIR label ">> CHAIR"
	// KEN handover "I give the floor to the distinguished representative of Kenya."
	// CHAIR label ">>"
	// GHA handover "Ghana, please." for AFRICAN_GROUP
}
