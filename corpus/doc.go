// Package corpus owns the data model of oewg — Document, Segment, Speaker,
// Tag — and the steps that turn extracted text into speaker-attributed
// segments: the speaker gazetteer (the 193 UN member States and the two
// observer States in gazetteer_data.go; the groups, organisations and
// offices in data/bodies.yaml), the lexicon of transcripts (label
// grammars, chair titles, hand-over phrases and chair acts in
// data/transcripts.yaml, extendable with a user's file through
// LoadLexicon), the metadata sources (--meta, sidecars, manifest.csv, the
// text's header, the file name), the transcript segmenter (a model read
// once, then passes: who is the chair, who speaks each paragraph, the
// consistency of anonymous voices and of each segment's own words), and
// sentence splitting with prose v3.
package corpus
