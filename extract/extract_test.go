package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/oewg/oewg/internal/testdocs"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// checkErr asserts err wraps sentinel and is one lowercase line naming file.
func checkErr(t *testing.T, err error, file string, sentinel error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %v", file, sentinel)
	}
	msg := err.Error()
	if !errors.Is(err, sentinel) {
		t.Errorf("%s: error %q does not wrap %v", file, msg, sentinel)
	}
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is not one line: %q", msg)
	}
	if !strings.HasPrefix(msg, file+": ") {
		t.Errorf("error does not start with the file name %q: %q", file, msg)
	}
	if strings.HasSuffix(msg, ".") {
		t.Errorf("error ends with a period: %q", msg)
	}
	if rest := strings.TrimPrefix(msg, file+": "); rest != "" && rest[:1] != strings.ToLower(rest[:1]) {
		t.Errorf("error message is not lowercase: %q", msg)
	}
	if !strings.Contains(msg, ";") {
		t.Errorf("error gives no remedy after ';': %q", msg)
	}
}

// checkClean asserts the Result.Text contract.
func checkClean(t *testing.T, text string) {
	t.Helper()
	for i, line := range strings.Split(text, "\n") {
		if line != strings.TrimRight(line, " \t") {
			t.Errorf("line %d has trailing space: %q", i+1, line)
		}
	}
	if strings.Contains(text, "\n\n\n") {
		t.Errorf("more than one blank line between paragraphs")
	}
	if strings.ContainsAny(text, "\r\u00a0\u00ad\u200b\ufeff") {
		t.Errorf("text has CR, NBSP, soft hyphen or zero-width characters")
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		// Line endings and blank lines
		{"crlf", "a\r\nb\r\n", "a\nb"},
		{"cr", "a\rb", "a\nb"},
		{"blank runs", "a\n\n\n\n b \n\n\n\nc", "a\n\nb\n\nc"},
		{"trailing spaces", "a  \t\nb ", "a\nb"},
		{"whitespace-only lines are blank", "a\n \t \n\n b", "a\n\nb"},
		// Characters
		{"nbsp", "Mr.\u00a0Chair", "Mr. Chair"},
		{"zero width", "capa\u200bcity\ufeff", "capacity"},
		{"soft hyphen", "capa\u00adcity", "capacity"},
		{"nfc", "Kadlc\u030c\u00e1k", "Kadlčák"},
		{"curly quotes kept", "the Chair’s “proposal”", "the Chair’s “proposal”"},
		{"utf-8 bom", "\ufeffHello", "Hello"},
		// Bullets
		{"private-use bullet", "\uf0b7 first\n\uf0a7\tsecond\n\uf0d8 third\n\uf076 fourth", "- first\n- second\n- third\n- fourth"},
		{"unicode bullets", "• one\n● two\n▪ three", "- one\n- two\n- three"},
		{"bullet mid-line kept", "a • b", "a • b"},
		// Transcript lines are not joined
		{"speaker lines kept", "Ambassador Gafoor\nThank you. Kenya, please.\nKenya\nThank you Chair.", "Ambassador Gafoor\nThank you. Kenya, please.\nKenya\nThank you Chair."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes("t.txt", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Text != tt.want {
				t.Errorf("got %q, want %q", r.Text, tt.want)
			}
			if r.Format != "text" || r.Extractor != "text" {
				t.Errorf("format %q extractor %q", r.Format, r.Extractor)
			}
			checkClean(t, r.Text)
		})
	}
}

func TestTextEncodings(t *testing.T) {
	want := "The Chair’s “draft” – a step — forward…"
	utf16 := func(s string, big bool) []byte {
		var b []byte
		for _, r := range s { // BMP only
			if big {
				b = append(b, byte(r>>8), byte(r))
			} else {
				b = append(b, byte(r), byte(r>>8))
			}
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"windows-1252", []byte("The Chair\x92s \x93draft\x94 \x96 a step \x97 forward\x85")},
		{"utf-16le bom", append([]byte{0xFF, 0xFE}, utf16(want, false)...)},
		{"utf-16be bom", append([]byte{0xFE, 0xFF}, utf16(want, true)...)},
		{"utf-16le no bom", utf16(want, false)},
		{"utf-16be no bom", utf16(want, true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes("w.txt", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Text != want {
				t.Errorf("got %q, want %q", r.Text, want)
			}
		})
	}
}

func TestDecodeUTF16(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		order byte
		want  string
	}{
		{"surrogate pair le", []byte{'a', 0, 0x3D, 0xD8, 0x00, 0xDE}, 'l', "a\U0001F600"},
		{"surrogate pair be", []byte{0, 'a', 0xD8, 0x3D, 0xDE, 0x00}, 'b', "a\U0001F600"},
		{"unpaired surrogate", []byte{0x3D, 0xD8, 'b', 0}, 'l', "\uFFFDb"},
		{"odd trailing byte", []byte{'a', 0, 'b'}, 'l', "a\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(decodeUTF16(tt.in, tt.order)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// words returns the words of s in order, lower case, for comparisons that
// ignore layout, punctuation spacing and line-end hyphenation.
func words(s string) []string {
	s = strings.NewReplacer("-\n", "", "- ", " ").Replace(s)
	return regexp.MustCompile(`[\pL\pN]+`).FindAllString(strings.ToLower(s), -1)
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func TestHardWrappedText(t *testing.T) {
	t.Run("iran", func(t *testing.T) {
		r, err := Bytes("iran.txt", []byte(testdocs.Example(t, "iran-2020-11-19-capacity-building.txt")))
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, r.Text)
		for _, want := range []string{
			"I will begin by some general comments on the imperative of capacity building and then share with you some specific view on the pre-draft.",
			"This should guarantee a balanced, non-discriminatory and demand-driven global cooperative arrangement for ICTs-related capacity building ensuring also security, safety and integrity of ICT supply chains.",
			"- In paragraph 54, the word “transborder” needs to be clarified. What kind of transborder critical information infrastructure” we are talking about here?",
		} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("missing paragraph text %q", want)
			}
		}
		for _, p := range []string{"Mr. Chairman,", "General remarks"} {
			if !strings.Contains("\n\n"+r.Text+"\n\n", "\n\n"+p+"\n\n") {
				t.Errorf("%q is not its own paragraph", p)
			}
		}
		for _, p := range paragraphs(r.Text) {
			if startsLower(p) {
				t.Errorf("paragraph starts in lower case (a broken line): %q", p)
			}
		}
	})
	t.Run("bangladesh", func(t *testing.T) {
		in := testdocs.Example(t, "bangladesh-2024-03-07-capacity-building.txt")
		r, err := Bytes("b.txt", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := paragraphs(r.Text), paragraphs(in); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("paragraphs changed:\n got %d %q\nwant %d", len(got), got, len(want))
		}
	})
	t.Run("transcript keeps every line", func(t *testing.T) {
		in := testdocs.Example(t, "oewg-2021-2025-session-2-meeting-8-transcript.txt")
		r, err := Bytes("s.txt", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, l := range strings.Split(in, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				want = append(want, l)
			}
		}
		got := strings.Split(strings.ReplaceAll(r.Text, "\n\n", "\n"), "\n")
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("transcript lines changed: got %d lines, want %d", len(got), len(want))
		}
	})
}

func TestDehyphenate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"compound kept", "this is all about the capacity-\nbuilding of states in the region and", "this is all about the capacity-building of states in the region and"},
		{"known prefix kept", "we need a balanced and fair and open and non-\ndiscriminatory arrangement for", "we need a balanced and fair and open and non-discriminatory arrangement for"},
		{"compound seen elsewhere kept", "it must be demand-driven. Always and ever demand-\ndriven and nothing else will", "it must be demand-driven. Always and ever demand-driven and nothing else will"},
		{"lower-case fragment joined", "we welcome the timely and generous pro-\nvision of assistance to all states", "we welcome the timely and generous provision of assistance to all states"},
		{"capitalised joined on evidence", "Provision is made. And so we the people of this Pro-\nvision state", "Provision is made. And so we the people of this Provision state"},
		{"capitalised kept without evidence", "we the people of the world and this great Pro-\nvision state of all", "we the people of the world and this great Pro-vision state of all"},
		{"upper-case second half kept", "the whole of the wider and greater Asia-\nPacific region joins", "the whole of the wider and greater Asia-Pacific region joins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reflow([][]string{strings.Split(tt.in, "\n")}); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// hyphenatedText returns a hard-wrapped paragraph of n+1 lines whose first
// n lines end in a word broken by a hyphen, alternately one whose hyphen
// goes ("pro-" "vision") and a compound that keeps it ("capacity-"
// "building"), and the single paragraph it should reflow to.
func hyphenatedText(n int) (text, want string) {
	const mid = "of the states in the working group who agreed on the"
	var in, out strings.Builder
	second := "The"
	for i := range n {
		first, next, hyphen := "pro", "vision", ""
		if i%2 == 1 {
			first, next, hyphen = "capacity", "building", "-"
		}
		in.WriteString(second + " " + mid + " " + first + "-\n")
		out.WriteString(second + " " + mid + " " + first + hyphen)
		second = next
	}
	in.WriteString(second + " and the end.\n")
	out.WriteString(second + " and the end.")
	return in.String(), out.String()
}

// TestReflowManyHyphens reflows 5,000 hyphen-ended lines into one
// paragraph (rejoining used to rewrite the whole paragraph at each line).
func TestReflowManyHyphens(t *testing.T) {
	in, want := hyphenatedText(5000)
	r, err := Bytes("h.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != want {
		i := 0
		for i < len(r.Text) && i < len(want) && r.Text[i] == want[i] {
			i++
		}
		t.Fatalf("reflowed text differs at byte %d of %d:\ngot  %q\nwant %q", i, len(want), r.Text[max(0, i-40):min(len(r.Text), i+40)], want[max(0, i-40):min(len(want), i+40)])
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bold and em", "**We** are *all* in __one__ _boat_.", "We are all in one boat."},
		{"heading", "# Title #\n\n## Capacity-building", "Title\n\nCapacity-building"},
		{"sup and sub", "the 2<sup>nd</sup> session, H<sub>2</sub>O", "the 2nd session, H2O"},
		{"link", "see [the report](https://un.org/x) now", "see the report now"},
		{"comment", "a <!-- hidden\nnote --> b", "a b"},
		{"hard break", "Special Envoy  \nDirector", "Special Envoy\nDirector"},
		{"bold across lines", "**Special Envoy  \nDirector**", "Special Envoy\nDirector"},
		{"list", "* one\n+ two", "- one\n- two"},
		{"snake_case kept", "file_name_here", "file_name_here"},
		{"entities", "Chair&#8217;s &amp; co&nbsp;op &ndash; &#x2014; &lt;b&gt;", "Chair’s & co op – — <b>"},
		{"escaped entity once", "&amp;nbsp; and &amp;amp;", "&nbsp; and &amp;"},
		{"no semicolon, no entity", "AT&T &notice &copy 5 & 6", "AT&T &notice &copy 5 & 6"},
		{"soft hyphen entity", "capa&shy;city", "capacity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes("m.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Text != tt.want {
				t.Errorf("got %q, want %q", r.Text, tt.want)
			}
		})
	}
	t.Run("czech example", func(t *testing.T) {
		r, err := Bytes("cz.md", []byte(testdocs.Example(t, "czech-republic-2020-02-13-capacity-building.md")))
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, r.Text)
		if r.Title != "CZECH REPUBLIC" {
			t.Errorf("title %q", r.Title)
		}
		if strings.ContainsAny(r.Text, "*#<>") {
			t.Errorf("markup left in text: %q", r.Text[:200])
		}
		lines := strings.Split(r.Text, "\n")
		for _, want := range []string{"CZECH REPUBLIC", "Statement by", "Mr. Richard Kadlčák", "Special Envoy for Cyberspace", "Director of Cybersecurity Department", "at the 2nd substantive session"} {
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("line %q missing", want)
			}
		}
	})
}

func TestHasText(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<article></article>", false},
		{"<article> <p>\n\t</p> <div>\u00a0</div></article>", false},
		{"<article><div><p> </p><span>x</span></div></article>", true},
		{"<article><script>var x</script></article>", true}, // as goquery's Text() counts it
	}
	for _, tt := range tests {
		root, err := html.Parse(strings.NewReader(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		n := goquery.NewDocumentFromNode(root).Find("article").Nodes[0]
		if got := hasText(n); got != tt.want {
			t.Errorf("hasText(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if want := strings.TrimSpace(goquery.NewDocumentFromNode(n).Text()) != ""; want != tt.want {
			t.Errorf("%q: goquery's Text() disagrees", tt.in)
		}
	}
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name, in, want, title string
	}{
		{"body and title", "<html><head><title>T</title></head><body><p>One</p><p>Two<br>three</p></body></html>", "One\n\nTwo\nthree", "T"},
		{"entry-content preferred", `<body><div class="menu">Home</div><article><div class="entry-content"><p>Speech.</p></div></article><p>Footer junk</p></body>`, "Speech.", ""},
		{"chrome removed", `<body><main><nav>Home About</nav><p>Text.</p><div class="widget">Recent</div><div id="respond"><h3>Leave a Reply</h3></div><footer>©</footer><script>var x=1</script></main></body>`, "Text.", ""},
		{"leave a reply and after", `<body><article><p>Text.</p><h3>Leave a Reply</h3><p>Your email address will not be published.</p></article></body>`, "Text.", ""},
		{"strong label own paragraph", `<article><p><strong>United Kingdom</strong></p><p>Thank you Chair.</p></article>`, "United Kingdom\n\nThank you Chair.", ""},
		{"h1 title", `<body><h1>Session 2-8</h1><p>x</p></body>`, "Session 2-8\n\nx", "Session 2-8"},
		{"inline elements flow", `<p>a <em>b</em> <a href="#">c</a>d</p>`, "a b cd", ""},
		{"entities", `<p>Chair&rsquo;s &amp; co&nbsp;op</p>`, "Chair’s & co op", ""},
		// A cell is a paragraph: a speaker/statement row keeps the speaker
		// on a line of its own.
		{"table cells", `<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>`, "a\n\nb\n\nc", ""},
		// A transcript page's speaker element is set apart by its style
		// sheet, not its tag.
		{"speaker class", `<div class="turn"><span class="speaker-name">Kenya</span><span class="text">Thank you Chair.</span></div>`, "Kenya\n\nThank you Chair.", ""},
		{"windows-1252 meta", "<html><head><meta charset=\"windows-1252\"></head><body><p>\x93quoted\x94</p></body></html>", "“quoted”", ""},
		{"unclosed tags", `<div><p>one<div><p>two<li>three`, "one\n\ntwo\n\nthree", ""},
		{"windows-1252 without meta", "<body><p>Chair\x92s \x96 text</p></body>", "Chair’s – text", ""},
		{"utf-8 despite latin-1 meta", "<meta charset=\"iso-8859-1\"><p>Côte d’Ivoire</p>", "Côte d’Ivoire", ""},
		{"utf-16le with bom", string(append([]byte{0xFF, 0xFE}, []byte("<\x00p\x00>\x00\xf4\x00k\x00<\x00/\x00p\x00>\x00")...)), "ôk", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes("p.html", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if r.Text != tt.want {
				t.Errorf("got %q, want %q", r.Text, tt.want)
			}
			if r.Title != tt.title {
				t.Errorf("title %q, want %q", r.Title, tt.title)
			}
		})
	}
	t.Run("100k nested unclosed divs", func(t *testing.T) {
		in := strings.Repeat("<div>", 100000) + "deep text" + strings.Repeat("<span><b>", 50000)
		r, err := Bytes("deep.html", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if r.Text != "deep text" {
			t.Errorf("got %q", r.Text)
		}
	})
}

func TestDOCX(t *testing.T) {
	in := "Ambassador Gafoor\n\nThank you, Sri Lanka. Chile, please.\n\nFirst line\nsecond line"
	r, err := Bytes("s.docx", testdocs.DOCX(in))
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != in || r.Extractor != "docx" {
		t.Errorf("got %q (%s)", r.Text, r.Extractor)
	}
	t.Run("tab", func(t *testing.T) {
		r, err := Bytes("tab.docx", docxWith(`<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>`))
		if err != nil {
			t.Fatal(err)
		}
		if r.Text != "a b" {
			t.Errorf("got %q", r.Text)
		}
	})
	t.Run("tracked changes and text boxes", func(t *testing.T) {
		// A deletion (w:delText) and a move's old place are not read; a
		// text box's VML fallback copy is not read twice.
		body := `<w:p><w:r><w:t>We </w:t></w:r><w:del><w:r><w:delText>do not </w:delText></w:r></w:del><w:ins><w:r><w:t>fully </w:t></w:r></w:ins><w:r><w:t>support the PoA.</w:t></w:r></w:p>` +
			`<w:p><w:moveFrom><w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom></w:p>` +
			`<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>Permanent Mission of Ghana</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Permanent Mission of Ghana</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
			`<w:p><w:moveTo><w:r><w:t>Moved sentence.</w:t></w:r></w:moveTo></w:p>`
		r, err := Bytes("tracked.docx", docxWith(body))
		if err != nil {
			t.Fatal(err)
		}
		if want := "We fully support the PoA.\n\nPermanent Mission of Ghana\n\nMoved sentence."; r.Text != want {
			t.Errorf("got %q, want %q", r.Text, want)
		}
	})
	t.Run("zip bomb", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		for range maxDOCXXML>>20 + 1 {
			_, _ = w.Write(chunk)
		}
		_ = zw.Close()
		_, err := Bytes("bomb.docx", buf.Bytes())
		checkErr(t, err, "bomb.docx", ErrTooLarge)
	})
}

func docxWith(body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	_ = zw.Close()
	return buf.Bytes()
}

func TestBadInput(t *testing.T) {
	text := "Ambassador Gafoor\n\nThank you very much, Chile. I have got three more speakers left under this agenda item relating to capacity building.\n\nKenya\n\nWe affirm that all capacity building initiatives be demand-driven."
	junk := []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00")
	_, popplerErr := exec.LookPath("pdftotext")
	poppler := popplerErr == nil
	tests := []struct {
		name      string
		data      []byte
		sentinel  error // nil: must succeed
		popplerOK bool  // succeeds (via pdftotext) when poppler is installed
	}{
		{"empty.txt", nil, ErrEmpty, false},
		{"blank.txt", []byte(" \n\t\r\n  "), ErrEmpty, false},
		{"blank.md", []byte("\n\n"), ErrEmpty, false},
		{"empty.html", []byte("<html><body><nav>Home</nav></body></html>"), ErrEmpty, false},
		{"empty.pdf", nil, ErrCorrupt, false},
		{"junk.txt", junk, ErrBinary, false},
		{"junk.md", junk, ErrBinary, false},
		{"junk.html", junk, ErrBinary, false},
		{"junk.pdf", junk, ErrBinary, false},
		{"junk.docx", junk, ErrCorrupt, false},
		{"controls.txt", bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 100), ErrBinary, false},
		{"truncated.pdf", testdocs.TruncatedPDF(text), ErrCorrupt, false},
		{"xref.pdf", testdocs.CorruptXrefPDF(text), ErrCorrupt, true},
		{"locked.pdf", testdocs.EncryptedPDF(text, "secret"), ErrEncrypted, false},
		{"rc4-empty-password.pdf", testdocs.EncryptedPDF(text, ""), ErrEncrypted, true},
		{"scan.pdf", testdocs.ScanPDF(), ErrNoText, false},
		{"notes.rtf", []byte("{\\rtf1 hi}"), ErrUnsupported, false},
		{"README", []byte("hi"), ErrUnsupported, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Bytes(tt.name, tt.data)
			if tt.popplerOK && poppler {
				if err != nil {
					t.Fatalf("with pdftotext installed: %v", err)
				}
				if r.Extractor != "pdftotext" || !strings.Contains(r.Text, "demand-driven") || len(r.Warnings) == 0 {
					t.Errorf("got %s %q %q", r.Extractor, r.Text, r.Warnings)
				}
				return
			}
			checkErr(t, err, tt.name, tt.sentinel)
		})
	}
	t.Run("scan message", func(t *testing.T) {
		_, err := Bytes("examples/x.pdf", testdocs.ScanPDF())
		if want := "examples/x.pdf: pdf has no text layer (scanned?); run OCR first or give the text as x.txt"; err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
}

func TestFileLimits(t *testing.T) {
	dir := t.TempDir()
	t.Run("50 MB single line", func(t *testing.T) {
		path := filepath.Join(dir, "big.txt")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for range 50 {
			if _, err := f.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
		chunk = nil
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = File(path)
		runtime.ReadMemStats(&after)
		checkErr(t, err, path, ErrTooLarge)
		if !strings.Contains(err.Error(), "text is 50 MB, over the 16 MB limit for one document; split it into smaller files") {
			t.Errorf("message: %v", err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("File allocated %d bytes to refuse a 50 MB file", alloc)
		}
	})
	t.Run("over MaxFileBytes", func(t *testing.T) {
		path := filepath.Join(dir, "huge.pdf")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(MaxFileBytes + 1); err != nil {
			t.Fatal(err)
		}
		f.Close()
		_, err = File(path)
		checkErr(t, err, path, ErrTooLarge)
	})
	t.Run("missing", func(t *testing.T) {
		_, err := File(filepath.Join(dir, "nope.txt"))
		checkErr(t, err, filepath.Join(dir, "nope.txt"), os.ErrNotExist)
	})
	t.Run("reads a file", func(t *testing.T) {
		path := filepath.Join(dir, "ok.md")
		if err := os.WriteFile(path, []byte("# Hi\n\ntext"), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := File(path)
		if err != nil || r.Text != "Hi\n\ntext" || r.Format != "markdown" {
			t.Errorf("got %+v, %v", r, err)
		}
	})
	t.Run("ReadFile", func(t *testing.T) {
		path := filepath.Join(dir, "big.txt")
		want := bytes.Repeat([]byte("Thank you, Chair.\n"), 10000)
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadFile(path); err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile: %d bytes, %v; want %d bytes", len(got), err, len(want))
		}
		_, err := ReadFile(dir)
		checkErr(t, err, dir, ErrUnsupported)
		_, err = ReadFile(filepath.Join(dir, "nope.txt"))
		checkErr(t, err, filepath.Join(dir, "nope.txt"), os.ErrNotExist)
	})
}

func TestSupported(t *testing.T) {
	for path, want := range map[string]bool{
		"a.txt": true, "a.TEXT": true, "a.md": true, "a.Markdown": true, "a.HTML": true, "a.htm": true,
		"a.pdf": true, "A.PDF": true, "a.docx": true, "a.vtt": true, "a.SRT": true, "a.doc": false, "a.rtf": false, "README": false, "a.txt.meta.yaml": false,
	} {
		if got := Supported(path); got != want {
			t.Errorf("Supported(%q) = %v", path, got)
		}
	}
}

// TestPDFMatchesHTML renders the transcript as PDF and as a WordPress page
// and checks both extract to the same paragraphs.
func TestPDFMatchesHTML(t *testing.T) {
	in := testdocs.Example(t, "oewg-2021-2025-session-2-meeting-8-transcript.txt")
	// The sample was scraped with its comment form; what follows "Leave a
	// Reply" is page chrome, which the HTML extractor drops.
	want := paragraphs(in)
	for i, p := range want {
		if p == "Leave a Reply" {
			want = want[:i]
			break
		}
	}
	hr, err := Bytes("s.html", testdocs.HTML(in))
	if err != nil {
		t.Fatal(err)
	}
	pr, err := Bytes("s.pdf", testdocs.PDF(in))
	if err != nil {
		t.Fatal(err)
	}
	if pr.Pages < 10 || pr.Extractor != "ledongthuc/pdf" {
		t.Errorf("pdf: %d pages, extractor %s", pr.Pages, pr.Extractor)
	}
	checkClean(t, hr.Text)
	checkClean(t, pr.Text)
	for _, chrome := range []string{"Leave a Reply", "Your email address", "Transcripts", "About Us", "Proudly powered", "Recent Posts", "Share this", "Post Comment", "Related"} {
		if strings.Contains(hr.Text, chrome) {
			t.Errorf("html chrome %q survived", chrome)
		}
	}
	for _, chrome := range []string{testdocs.Header, "Page 3 of"} {
		if strings.Contains(pr.Text, chrome) {
			t.Errorf("pdf header/footer %q survived", chrome)
		}
	}
	hp := paragraphs(hr.Text)
	pp := paragraphs(pr.Text)
	// pdf keeps the scraped chrome at the end of the text: it is in the text.
	if len(pp) > len(want) {
		pp = pp[:len(want)]
	}
	for name, got := range map[string][]string{"html": hp, "pdf": pp} {
		if len(got) != len(want) {
			t.Errorf("%s: %d paragraphs, want %d", name, len(got), len(want))
		}
		for i := range min(len(got), len(want)) {
			if strings.Join(words(got[i]), " ") != strings.Join(words(want[i]), " ") {
				t.Errorf("%s paragraph %d:\n got %.120q\nwant %.120q", name, i, got[i], want[i])
				break
			}
		}
	}
	labels := 0
	for i := range min(len(hp), len(pp)) {
		if hp[i] == pp[i] && len(hp[i]) < 40 {
			labels++
		}
	}
	if labels < 20 {
		t.Errorf("only %d short label paragraphs agree between html and pdf", labels)
	}
}

// TestStatementsThroughPDF renders each statement example as a PDF and
// checks the extracted words are the text's words.
func TestStatementsThroughPDF(t *testing.T) {
	for _, name := range []string{
		"bangladesh-2024-03-07-capacity-building.txt",
		"iran-2020-11-19-capacity-building.txt",
		"co-chairs-concept-note-cyber-policy-capacity-building.txt",
		"czech-republic-2020-02-13-capacity-building.md",
	} {
		t.Run(name, func(t *testing.T) {
			src, err := Bytes(name, []byte(testdocs.Example(t, name)))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Bytes(name+".pdf", testdocs.PDF(src.Text))
			if err != nil {
				t.Fatal(err)
			}
			checkClean(t, r.Text)
			// NOTE: the PDF's core font is cp1252; letters outside it (the
			// "č" of Kadlčák) cannot be in the rendering.
			inCP1252 := strings.Map(func(r rune) rune {
				if _, err := charmap.Windows1252.NewEncoder().String(string(r)); err != nil {
					return ' '
				}
				return r
			}, src.Text)
			got, want := strings.Join(words(r.Text), " "), strings.Join(words(inCP1252), " ")
			if got != want {
				t.Errorf("words differ:\n got %.300q\nwant %.300q", got, want)
			}
			if strings.Contains(r.Text, testdocs.Header) {
				t.Errorf("running header survived")
			}
			if len(paragraphs(r.Text)) != len(paragraphs(src.Text)) {
				t.Errorf("%d paragraphs, want %d", len(paragraphs(r.Text)), len(paragraphs(src.Text)))
			}
		})
	}
}

func TestPDFCleanup(t *testing.T) {
	lines := func(ss ...string) []pdfLine {
		out := make([]pdfLine, len(ss))
		for i, s := range ss {
			out[i] = pdfLine{text: s, y: 800 - float64(i)*12, size: 10}
		}
		return out
	}
	pages := [][]pdfLine{
		lines("Statement – OEWG", "We all agree that capacity building must be demand-", "driven and sustainable over the long term for all", "States.", "- 1 -"),
		lines("Statement – OEWG", "The second page goes on with more of the same words", "and ends here.", "Page 2 of 3"),
		lines("Statement – OEWG", "\u2022 A bullet.", "3"),
	}
	got := pdfParagraphs(pages)
	want := "We all agree that capacity building must be demand-driven and sustainable over the long term for all States.\n\nThe second page goes on with more of the same words and ends here.\n\n• A bullet."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestGlued(t *testing.T) {
	glued := strings.Repeat("Capacitybuildingshouldbedemanddrivenandsustainable ", 20)
	if g, _ := looksGlued(glued); !g {
		t.Errorf("glued text not detected")
	}
	if g, why := looksGlued(testdocs.Example(t, "bangladesh-2024-03-07-capacity-building.txt")); g {
		t.Errorf("normal text taken as glued: %s", why)
	}
}
