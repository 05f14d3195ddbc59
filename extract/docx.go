package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// maxDOCXXML bounds the decompressed size of word/document.xml; a zip bomb
// stops here. Markup is several times the text, so it is a multiple of
// MaxTextBytes.
const maxDOCXXML = 4 * MaxTextBytes

// extractDOCX reads word/document.xml with a streaming XML decoder: w:p is
// a paragraph, w:t text, w:tab a tab, w:br and w:cr a newline.
func extractDOCX(name string, data []byte) (Result, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Result{}, fail(name, ErrCorrupt, "docx is damaged (%s); open and save it again in Word, or give the text as .txt", oneLine(err))
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
		if f.Name == "EncryptedPackage" || f.Name == "EncryptionInfo" {
			return Result{}, fail(name, ErrEncrypted, "docx is password-protected; save an unprotected copy and ingest that")
		}
	}
	if doc == nil {
		return Result{}, fail(name, ErrCorrupt, "docx is damaged (no word/document.xml); open and save it again in Word, or give the text as .txt")
	}
	if doc.UncompressedSize64 > maxDOCXXML {
		return Result{}, fail(name, ErrTooLarge, "docx text is %s uncompressed, over the %d MB limit; split it into smaller files", mb(int64(doc.UncompressedSize64)), maxDOCXXML>>20)
	}
	rc, err := doc.Open()
	if err != nil {
		return Result{}, fail(name, ErrCorrupt, "docx is damaged (%s); open and save it again in Word, or give the text as .txt", oneLine(err))
	}
	defer rc.Close()
	// NOTE: the header's size can lie; the limit on the reader is what holds.
	// One byte past the limit tells a part over it from one exactly at it.
	lr := &io.LimitedReader{R: rc, N: maxDOCXXML + 1}
	dec := xml.NewDecoder(lr)
	dec.Strict = false
	var b strings.Builder
	inText := false
	// skip counts the open elements whose text is not the document's:
	// a tracked move's old place (w:moveFrom; its new place, w:moveTo,
	// is read), and the fallback copy of a text box (mc:Fallback) that
	// Word writes beside its DrawingML original (mc:Choice).
	skip := 0
	for {
		tok, err := dec.Token()
		if err != nil && lr.N <= 0 {
			return Result{}, fail(name, ErrTooLarge, "docx text is over the %d MB limit uncompressed; split it into smaller files", maxDOCXXML>>20)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Result{}, fail(name, ErrCorrupt, "docx is damaged (%s); open and save it again in Word, or give the text as .txt", oneLine(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skippedPart(t.Name.Local) {
				skip++
			}
			switch t.Name.Local {
			case "t":
				inText = skip == 0
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			case "p":
				b.WriteString("\n\n")
			}
		case xml.EndElement:
			if skippedPart(t.Name.Local) && skip > 0 {
				skip--
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n\n")
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
		if b.Len() > MaxTextBytes {
			return Result{}, tooLargeText(name, int64(b.Len()))
		}
	}
	return Result{Text: clean(b.String()), Extractor: "docx"}, nil
}

// skippedPart reports whether a docx element holds text that is not the
// document's as it reads: a tracked move's old place, a text box's
// fallback copy.
func skippedPart(local string) bool { return local == "moveFrom" || local == "Fallback" }
