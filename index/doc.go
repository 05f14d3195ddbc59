// Package index owns the bleve index: its mapping, writing documents
// crash-safely and incrementally, searching with filters and facets, and
// streaming segments back out for reports. Nothing outside this package
// imports bleve.
//
// Layout of an index directory: oewg-index.json (format and number of
// shards), one bleve index per shard (shard-0/, shard-1/, …: a document
// lives in shard fnv32a(id) mod n), and oewg.lock while a writer holds
// the index open. Searches run on every shard at once; see shard.go.
//
// Two record types live in each shard:
//   - a segment record per corpus.Segment, id "DOC#000015" (doc id, "#",
//     the zero-padded seq), holding the indexed fields and the segment as a
//     stored JSON blob so that it can be rebuilt exactly;
//   - a document record per corpus.Document, id "DOC#doc", holding the
//     content hash and metadata. It is written after all of its segments
//     and is the commit marker: a document without its record is
//     incomplete, KnownDocuments leaves it out and the next ingest redoes it.
package index
