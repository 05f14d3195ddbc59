// Package corpus owns the data model of oewg — Document, Segment, Speaker,
// Tag — and the steps that turn extracted text into speaker-attributed
// segments: the speaker gazetteer (the 193 UN member States, the two
// observer States, and the groups and bodies heard in these rooms), the
// metadata sources (--meta, sidecars, manifest.csv, the text's header, the
// file name), the transcript segmenter that reads the Chair's hand-overs,
// and sentence splitting with prose v3.
package corpus
