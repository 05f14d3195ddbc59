package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// utf16Order says whether b is UTF-16 and in which byte order, from a BOM or,
// failing that, from where the NUL bytes of ASCII characters fall.
// It returns 0 for not UTF-16, 'l' little-endian, 'b' big-endian, and the
// length of the BOM.
func utf16Order(b []byte) (order byte, bom int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return 'l', 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return 'b', 2
	}
	n := min(len(b), 4096) &^ 1
	if n < 4 {
		return 0, 0
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*4 && even*20 <= pairs:
		return 'l', 0
	case even*10 >= pairs*4 && odd*20 <= pairs:
		return 'b', 0
	}
	return 0, 0
}

// estimateTextSize guesses the decoded size of a text file of size bytes
// from its first bytes.
func estimateTextSize(head []byte, size int64) int64 {
	if o, _ := utf16Order(head); o != 0 {
		return size / 2
	}
	return size
}

// decodeUTF16 decodes UTF-16 text without a BOM in byte order order ('l' or
// 'b', from utf16Order). Unpaired surrogates and a trailing odd byte become
// U+FFFD; the decoder reports no errors.
func decodeUTF16(b []byte, order byte) []byte {
	endian := unicode.BigEndian
	if order == 'l' {
		endian = unicode.LittleEndian
	}
	d, _ := unicode.UTF16(endian, unicode.IgnoreBOM).NewDecoder().Bytes(b)
	return d
}

// decodeText converts the bytes of a text file to a UTF-8 string: BOMs,
// UTF-16 with or without BOM, and Windows-1252 when the bytes are not
// valid UTF-8. Binary data gives ErrBinary.
func decodeText(name string, b []byte) (string, []string, error) {
	var warnings []string
	if o, bom := utf16Order(b); o != 0 {
		s := string(decodeUTF16(b[bom:], o))
		if err := checkBinary(name, s); err != nil {
			return "", nil, err
		}
		return s, nil, nil
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", nil, fail(name, ErrBinary, "file is binary, not text (NUL bytes at offset %d); remove it or give the text as .txt", i)
	}
	var s string
	if utf8.Valid(b) {
		s = string(b)
	} else {
		// Windows-1252 decoding cannot fail: every byte maps to a rune.
		d, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		s = string(d)
		warnings = append(warnings, "text was not valid utf-8; decoded as windows-1252")
	}
	if err := checkBinary(name, s); err != nil {
		return "", nil, err
	}
	return s, warnings, nil
}

// binaryScan is how much of a text checkBinary looks at.
const binaryScan = 1 << 16

// checkBinary refuses text with a high share of control characters, which
// real documents never have. It looks at the first 64 KB (of bytes, only
// those are converted).
func checkBinary[T string | []byte](name string, text T) error {
	var n, ctl int
	for i, r := range string(text[:min(len(text), binaryScan+utf8.UTFMax)]) {
		if i > binaryScan {
			break
		}
		n++
		if r == 0 {
			return fail(name, ErrBinary, "file is binary, not text (NUL bytes at offset %d); remove it or give the text as .txt", i)
		}
		if (r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f') || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == utf8.RuneError {
			ctl++
		}
	}
	if n >= 16 && ctl*100 > n*5 {
		return fail(name, ErrBinary, "file is binary, not text (%s control bytes); remove it or give the text as .txt", fmt.Sprintf("%d%%", ctl*100/n))
	}
	return nil
}

func extractText(name string, b []byte) (Result, error) {
	s, warnings, err := decodeTextFile(name, b)
	if err != nil {
		return Result{}, err
	}
	return Result{Text: plainText(s), Extractor: "text", Warnings: warnings}, nil
}

// decodeTextFile decodes a plain-text file (a .txt, a caption file) to
// UTF-8, refusing one that is empty or whose text is over MaxTextBytes.
func decodeTextFile(name string, b []byte) (string, []string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", nil, fail(name, ErrEmpty, "file is empty; remove it or add its text")
	}
	s, warnings, err := decodeText(name, b)
	if err != nil {
		return "", nil, err
	}
	if int64(len(s)) > MaxTextBytes {
		return "", nil, tooLargeText(name, int64(len(s)))
	}
	return s, warnings, nil
}

// plainText is the text of a plain-text file's decoded content s: its
// lines cleaned, and rejoined into paragraphs if they look hard-wrapped.
func plainText(s string) string {
	lines := rawLines(s)
	if looksHardWrapped(lines) {
		// NOTE: rejoining is normal work, not something to warn about:
		// Warnings are what a user may need to check.
		return reflowLines(lines)
	}
	// rawLines cleaned the lines already.
	return joinCleanLines(len(lines), func(i int) string { return lines[i].text })
}
