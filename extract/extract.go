package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Result is a document's text after extraction.
type Result struct {
	Text      string   // UTF-8, NFC; paragraphs separated by one blank line ("\n\n"); no trailing spaces on lines
	Format    string   // "text", "markdown", "html", "pdf", "docx", "captions"
	Extractor string   // what produced Text: "text", "markdown", "html", "ledongthuc/pdf", "pdftotext", "docx", "captions"
	Title     string   // <title>/first heading where the format has one, else ""
	Pages     int      // PDFs only
	Warnings  []string // what a user may want to check, e.g. "pdf text looked glued (0.41 spaces/word); used pdftotext"
}

// Sentinel errors; every error from File and Bytes wraps exactly one.
var (
	ErrEmpty       = errors.New("empty document")
	ErrBinary      = errors.New("binary data, not text")
	ErrTooLarge    = errors.New("document too large")
	ErrCorrupt     = errors.New("damaged file")
	ErrEncrypted   = errors.New("encrypted document")
	ErrNoText      = errors.New("no text layer")
	ErrUnsupported = errors.New("unsupported file type")
)

const (
	// MaxFileBytes is the largest input File reads; larger files are refused
	// before they are read.
	MaxFileBytes = 64 << 20
	// MaxTextBytes is the largest extracted text accepted for one document
	// (a week of transcripts is about 1 MB).
	MaxTextBytes = 16 << 20
)

// Error is an extraction failure: File is the name as given, Msg the cause
// and remedy, Err the sentinel it wraps.
type Error struct {
	File string
	Msg  string
	Err  error
}

func (e *Error) Error() string { return e.File + ": " + e.Msg }

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// fail builds an *Error; the message is forced onto one line.
func fail(name string, sentinel error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	msg = strings.Join(strings.Fields(msg), " ")
	msg = strings.TrimRight(msg, ".")
	return &Error{File: name, Msg: msg, Err: sentinel}
}

// oneLine flattens an underlying library error for use inside a message.
func oneLine(err error) string {
	s := strings.ToLower(strings.Join(strings.Fields(err.Error()), " "))
	s = strings.ReplaceAll(s, "%%", "%")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return strings.TrimRight(s, ".")
}

// formats maps a lower-case extension to a format name.
var formats = map[string]string{
	".txt": "text", ".text": "text",
	".md": "markdown", ".markdown": "markdown",
	".html": "html", ".htm": "html",
	".pdf":  "pdf",
	".docx": "docx",
	".vtt":  "captions", ".srt": "captions",
}

// Supported reports whether path's extension is one File can read:
// .txt .text .md .markdown .html .htm .pdf .docx .vtt .srt, in any case.
func Supported(path string) bool {
	_, ok := formats[strings.ToLower(filepath.Ext(path))]
	return ok
}

func unsupported(name string) error {
	ext := filepath.Ext(name)
	if ext == "" {
		return fail(name, ErrUnsupported, "file has no extension; rename it to .txt, .md, .html, .pdf or .docx")
	}
	return fail(name, ErrUnsupported, "unsupported file type %q; convert it to .txt, .md, .html, .pdf or .docx", ext)
}

func mb(n int64) string {
	if n < 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
}

func tooLargeText(name string, n int64) error {
	return fail(name, ErrTooLarge, "text is %s, over the %d MB limit for one document; split it into smaller files", mb(n), MaxTextBytes>>20)
}

// File reads the file at path with ReadFile and extracts its text
// according to its extension.
func File(path string) (Result, error) {
	if !Supported(path) {
		return Result{}, unsupported(path)
	}
	data, err := ReadFile(path)
	if err != nil {
		return Result{}, err
	}
	return Bytes(path, data)
}

// ReadFile reads the file at path for Bytes. It refuses, before reading, a
// file that CheckSize refuses, and reads through a limit, in case the file
// grew since it was measured. Errors are *Error, named path.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		cause := err
		if u := errors.Unwrap(err); u != nil {
			cause = u // the *PathError's own text repeats the path
		}
		return nil, fail(path, cause, "cannot open file (%s); check the path and permissions", oneLine(cause))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fail(path, err, "cannot read file (%s); check the path and permissions", oneLine(err))
	}
	if st.IsDir() {
		return nil, fail(path, ErrUnsupported, "is a directory, not a file; give the files inside it")
	}
	if err := CheckSize(path, f, st.Size()); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + bytes.MinRead) // room for ReadFrom to see EOF without growing
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileBytes+1)); err != nil {
		return nil, fail(path, err, "cannot read file (%s); check the disk and try again", oneLine(err))
	}
	data := buf.Bytes()
	if int64(len(data)) > MaxFileBytes {
		return nil, tooLargeFile(path, -1) // its size is unknown: the read stopped
	}
	if int64(len(data)) != st.Size() { // NOTE: it grew while being read
		if err := CheckSize(path, bytes.NewReader(data), int64(len(data))); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// CheckSize refuses, before it is read, a file of size bytes that is over
// MaxFileBytes or, for the text formats, whose text would be over
// MaxTextBytes (judged from its first 4 KB, read from r at offset 0). It
// returns an *Error wrapping ErrTooLarge, or nil.
func CheckSize(name string, r io.ReaderAt, size int64) error {
	if size > MaxFileBytes {
		return tooLargeFile(name, size)
	}
	format := formats[strings.ToLower(filepath.Ext(name))]
	if (format == "text" || format == "markdown") && size > MaxTextBytes {
		// NOTE: text formats are checked against MaxTextBytes from a sniff
		// of their first bytes, so a 50 MB log named .txt is refused
		// without holding 50 MB (and its decoded copy) in memory.
		head := make([]byte, 4096)
		n, _ := r.ReadAt(head, 0)
		if est := estimateTextSize(head[:n], size); est > MaxTextBytes {
			return tooLargeText(name, est)
		}
	}
	return nil
}

// tooLargeFile refuses a file over MaxFileBytes; size < 0 is unknown.
func tooLargeFile(name string, size int64) error {
	is := "file is over"
	if size >= 0 {
		is = "file is " + mb(size) + ", over"
	}
	return fail(name, ErrTooLarge, "%s the %d MB limit for one input file; split it into smaller files", is, MaxFileBytes>>20)
}

// Bytes extracts the text of data; name's extension picks the format and
// name is used in error messages.
func Bytes(name string, data []byte) (res Result, err error) {
	format, ok := formats[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return Result{}, unsupported(name)
	}
	if int64(len(data)) > MaxFileBytes {
		return Result{}, tooLargeFile(name, int64(len(data)))
	}
	defer func() {
		if r := recover(); r != nil {
			// NOTE: the extractors parse hostile input with third-party
			// code; a panic is a damaged file, not a crash of the batch.
			res = Result{}
			err = fail(name, ErrCorrupt, "%s could not be parsed (internal error: %v); check the file opens in a viewer, or give its text as .txt", format, r)
		}
	}()
	switch format {
	case "text":
		res, err = extractText(name, data)
	case "markdown":
		res, err = extractMarkdown(name, data)
	case "html":
		res, err = extractHTML(name, data)
	case "pdf":
		res, err = extractPDF(name, data)
	case "docx":
		res, err = extractDOCX(name, data)
	case "captions":
		res, err = extractCaptions(name, data)
	}
	if err != nil {
		return Result{}, err
	}
	res.Format = format
	if strings.TrimSpace(res.Text) == "" {
		// NOTE: extractPDF reports a PDF without text itself (noTextLayer).
		return Result{}, fail(name, ErrEmpty, "%s has no text; remove it or add its text", describe(format))
	}
	if len(res.Text) > MaxTextBytes {
		return Result{}, tooLargeText(name, int64(len(res.Text)))
	}
	return res, nil
}

func describe(format string) string {
	switch format {
	case "text":
		return "file"
	case "markdown":
		return "markdown file"
	case "html":
		return "html page"
	case "captions":
		return "caption file"
	}
	return format
}

func noTextLayer(name string) error {
	base := filepath.Base(name)
	txt := strings.TrimSuffix(base, filepath.Ext(base)) + ".txt"
	return fail(name, ErrNoText, "pdf has no text layer (scanned?); run OCR first or give the text as %s", txt)
}
