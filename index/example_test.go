package index_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
)

// meeting is a transcript of three turns, as oewg ingest would build it:
// every segment carries its document's metadata, and every tag its sentence
// and byte offsets in the segment's text.
func meeting() *corpus.Document {
	meta := corpus.Meta{Kind: corpus.KindTranscript, Process: "OEWG 2021-2025", Session: 2, Meeting: 8,
		Date: "2022-03-31", Title: "Session 2, meeting 8"}
	seg := func(seq int, sp corpus.Speaker, text string, tags ...corpus.Tag) corpus.Segment {
		return corpus.Segment{Doc: "s2-m8", File: "s2-m8.txt", Kind: meta.Kind, Process: meta.Process,
			Session: meta.Session, Meeting: meta.Meeting, Date: meta.Date, Title: meta.Title,
			Seq: seq, Speaker: sp, Text: text, Tags: tags}
	}
	tag := func(position, stance, sentence string, start int) corpus.Tag {
		return corpus.Tag{Position: position, Stance: stance, Rule: position + "/example",
			Sentence: sentence, Start: start, End: start + len(sentence)}
	}
	chair := corpus.Speaker{Key: "CHAIR", Name: "Chair", Role: corpus.RoleChair}
	kenya := corpus.Speaker{Key: "KEN", Name: "Kenya", Role: corpus.RoleDelegation}
	indonesia := corpus.Speaker{Key: "IDN", Name: "Indonesia", Role: corpus.RoleDelegation}

	nam := seg(3, indonesia, "On behalf of the Non-Aligned Movement: we cannot accept a parallel process such as the PoA.",
		tag("poa", corpus.StanceOppose, "On behalf of the Non-Aligned Movement: we cannot accept a parallel process such as the PoA.", 0))
	nam.OnBehalfOf = "NAM"
	return &corpus.Document{
		ID: "s2-m8", File: "s2-m8.txt", Hash: "5d41402abc4b2a76", Meta: meta, Extractor: "text",
		Segments: []corpus.Segment{
			seg(1, chair, "I give the floor to Kenya."),
			seg(2, kenya, "Capacity building must be demand-driven. Kenya supports the PoA.",
				tag("demand_driven", corpus.StanceSupport, "Capacity building must be demand-driven.", 0),
				tag("poa", corpus.StanceSupport, "Kenya supports the PoA.", 41)),
			nam,
		},
	}
}

// Open creates the index on first use; Put indexes a document (replacing
// any earlier version of it) and Search finds its segments.
func Example() {
	dir, err := os.MkdirTemp("", "oewg-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ix, err := index.Open(filepath.Join(dir, "oewg-index"), index.Options{Command: "oewg example"})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(meeting()); err != nil {
		log.Fatal(err)
	}

	res, err := ix.Search(context.Background(), index.Query{Text: `"demand-driven"`, Highlight: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Printf("%s #%d %s: %s\n", h.Segment.Doc, h.Segment.Seq, h.Segment.Speaker.Key, h.Fragments[0])
	}

	// Filters alone: who opposed the PoA, counting statements made on
	// behalf of a group for the group too.
	res, err = ix.Search(context.Background(), index.Query{Filter: index.Filter{
		Speakers: []string{"NAM"}, Positions: []string{"poa"}, Stance: corpus.StanceOppose}})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Printf("%s #%d %s on behalf of %s\n", h.Segment.Doc, h.Segment.Seq, h.Segment.Speaker.Key, h.Segment.OnBehalfOf)
	}
	// Output:
	// s2-m8 #2 KEN: Capacity building must be «demand»-«driven». Kenya supports the PoA.
	// s2-m8 #3 IDN on behalf of NAM
}

// Segments streams every matching segment, by document and seq, exactly as
// it was indexed; KnownDocuments tells an ingest whether a file changed.
func ExampleIndex_Segments() {
	dir, err := os.MkdirTemp("", "oewg-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ix, err := index.Open(filepath.Join(dir, "oewg-index"), index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(meeting()); err != nil {
		log.Fatal(err)
	}

	err = ix.Segments(context.Background(), index.Filter{Roles: []string{corpus.RoleDelegation}}, func(s corpus.Segment) error {
		fmt.Printf("%s #%d %s (%s, session %d):", s.Doc, s.Seq, s.Speaker.Name, s.Process, s.Session)
		for _, t := range s.Tags {
			fmt.Printf(" %s:%s", t.Position, t.Stance)
		}
		fmt.Println()
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}

	known, err := ix.KnownDocuments(context.Background())
	k, ok := known["s2-m8"]
	fmt.Println(k.Hash, ok, err)
	// Output:
	// s2-m8 #2 Kenya (OEWG 2021-2025, session 2): demand_driven:support poa:support
	// s2-m8 #3 Indonesia (OEWG 2021-2025, session 2): poa:oppose
	// 5d41402abc4b2a76 true <nil>
}
