package extract_test

import (
	"fmt"

	"github.com/oewg/oewg/extract"
)

func ExampleBytes() {
	page := `<html><head><title>Session 2-8 Transcript</title></head><body>
<nav><a href="/">Home</a></nav>
<article><div class="entry-content">
<p><strong>Ambassador Gafoor</strong></p>
<p>Thank you.&nbsp;I give the floor to Kenya.</p>
</div></article>
<div id="respond"><h3>Leave a Reply</h3></div>
</body></html>`
	r, err := extract.Bytes("session-2-8.html", []byte(page))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Title)
	fmt.Println(r.Text)

	_, err = extract.Bytes("notes.txt", []byte("   \n"))
	fmt.Println(err)
	// Output:
	// Session 2-8 Transcript
	// Ambassador Gafoor
	//
	// Thank you. I give the floor to Kenya.
	// notes.txt: file is empty; remove it or add its text
}
