// Package extract turns the files a user drops into a folder — plain text,
// Markdown, HTML pages, PDFs and Word documents — into clean UTF-8 text:
// NFC, one blank line between paragraphs, no page chrome, no page numbers,
// no hard-wrapped lines. It owns the conversion of every input to UTF-8
// (BOMs, UTF-16, Windows-1252) and the size limits on input and output, and
// it knows nothing about speakers or positions.
//
// Every error it returns is one line naming the file, the cause and the
// remedy, and wraps one of the sentinel errors (ErrEmpty, ErrBinary, …) so
// callers can test it with errors.Is.
package extract
