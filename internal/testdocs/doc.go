// Package testdocs renders test documents (PDF, HTML, DOCX, bad files) from
// plain text, so that tests exercise the extractors on real layouts without
// committing binaries.
package testdocs
