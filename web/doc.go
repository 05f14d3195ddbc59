// Package web serves an oewg index to a web browser: search with facets,
// documents with their tagged turns, the position table, speakers and
// stances by session as a chart drawn on the server. Every page is a GET
// whose URL holds its whole state, rendered with html/template (document
// text is escaped in its context) and needing no JavaScript.
//
// The handler opens the index read-only for each request and closes it when
// the last concurrent request ends, so that it never holds the index's lock
// between requests: an oewg ingest in another process can take the writer's
// lock, and the next request sees what it committed.
//
// It stands beside the stages, like pipeline: it reads the index and
// renders reports, so it must sit to the right of both.
package web
