package corpus

import "time"

// Roles a speaker can have.
const (
	RoleDelegation   = "delegation"
	RoleChair        = "chair"
	RoleGroup        = "group"
	RoleOrganisation = "organisation"
	RoleStakeholder  = "stakeholder"
	RoleSecretariat  = "secretariat"
	RoleUnknown      = "unknown"
)

// Roles lists the roles.
var Roles = []string{RoleDelegation, RoleChair, RoleGroup, RoleOrganisation, RoleStakeholder, RoleSecretariat, RoleUnknown}

// Document kinds.
const (
	KindTranscript  = "transcript"
	KindStatement   = "statement"
	KindConceptNote = "concept_note"
	KindOther       = "other"
)

// How a segment's speaker was found (Segment.Attribution).
const (
	AttributionLabel         = "label"
	AttributionHandover      = "handover"
	AttributionMetadata      = "metadata"
	AttributionHeader        = "header"
	AttributionSelfReference = "self-reference"
	AttributionNone          = "none"
)

// Stances. Mixed only appears in aggregates.
const (
	StanceSupport = "support"
	StanceOppose  = "oppose"
	StanceMention = "mention"
	StanceMixed   = "mixed"
)

// Speaker is who holds the floor in a segment.
type Speaker struct {
	// Key is ISO 3166-1 alpha-3 for States, a fixed key for groups and
	// bodies (EU, NAM, …), CHAIR, or UNKNOWN.
	Key string `json:"key"`
	// Name is the canonical English short name ("Republic of Korea").
	Name string `json:"name"`
	// Role is one of the Role* constants.
	Role string `json:"role"`
	// ISO3 is a State's ISO 3166-1 alpha-3 code (Namibia is NAM although
	// its key is NAMIBIA), empty for groups and bodies, so that tables
	// join other data sets on it.
	ISO3 string `json:"iso3,omitempty"`
}

// IsState reports whether the speaker is a State delegation, the only
// speakers that appear in State position tables.
func (s Speaker) IsState() bool { return s.Role == RoleDelegation }

// Unknown is the speaker of text that neither the text nor metadata attributes.
var Unknown = Speaker{Key: "UNKNOWN", Name: "Unknown", Role: RoleUnknown}

// Tag is one sentence that expresses a position, with the speaker's stance
// and the evidence for it.
type Tag struct {
	// Position is the id of the position (the rule file's name): poa, cbdr…
	Position string `json:"position"`
	// Stance is support, oppose or mention.
	Stance string `json:"stance"`
	// Rule names the rule that matched, as "position/rule".
	Rule string `json:"rule"`
	// Sentence is the evidence, exactly Segment.Text[Start:End].
	Sentence string `json:"sentence"`
	// Start and End are byte offsets of Sentence in Segment.Text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Because says briefly what decided the stance: `negated support:
	// "cannot support"`, `reported speech: "some delegations"`.
	Because string `json:"because,omitempty"`
}

// Span is a byte range [Start, End) in a text.
type Span struct {
	Start int
	End   int
}

// Segment is one speaker's uninterrupted turn (a transcript) or the body of
// a statement; the unit that is classified, indexed and reported.
type Segment struct {
	// Doc is the document's id (see Document.ID).
	Doc string `json:"doc"`
	// File is the path the document was read from.
	File string `json:"file,omitempty"`
	// Kind, Process, Session, Meeting, Date, Title and Source are the document's
	// metadata, copied onto each segment so that a segment stands alone.
	Kind    string `json:"kind,omitempty"`
	Process string `json:"process,omitempty"`
	Session int    `json:"session,omitempty"`
	Meeting int    `json:"meeting,omitempty"`
	Date    string `json:"date,omitempty"`
	Title   string `json:"title,omitempty"`
	// Source is the URL the document was published at (metadata), so that
	// every quote can be traced back to it.
	Source string `json:"source,omitempty"`
	// Seq is the segment's 1-based position within its document.
	Seq int `json:"seq"`
	// Speaker holds the floor.
	Speaker Speaker `json:"speaker"`
	// OnBehalfOf is the key of the group the speaker speaks for, if said.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	// AlignedWith lists the keys of groups or speakers whose statement this
	// one aligns or associates itself with.
	AlignedWith []string `json:"aligned_with,omitempty"`
	// Attribution says how the speaker was found: label, handover,
	// metadata, header, self-reference or none (the Attribution* constants).
	Attribution string `json:"attribution,omitempty"`
	// AttributionEvidence is the label's text or the chair's sentence that
	// gave the speaker, so that any cell of a table can be audited.
	AttributionEvidence string `json:"attribution_evidence,omitempty"`
	// Notes are what the segmenter doubts: the segment's own words name
	// another speaker, or how a speaker was corrected.
	Notes []string `json:"notes,omitempty"`
	// Interjection marks a short remark from the floor ("my mic was off")
	// that is not a statement; it is kept but never tagged.
	Interjection bool `json:"interjection,omitempty"`
	// Reported marks a segment that reports its speaker in the third
	// person (meeting coverage: "The representative of Brazil said …"):
	// its words are the record's account, not the speaker's own.
	Reported bool `json:"reported,omitempty"`
	// Text is the segment's text, UTF-8.
	Text string `json:"text"`
	// Tags are the positions the segment's sentences express.
	Tags []Tag `json:"tags,omitempty"`
	// Sentences are the byte spans of Text's sentences.
	Sentences []Span `json:"-"`
}

// Document is one input file after extraction and attribution.
type Document struct {
	// ID identifies the document in the index: the file's base name
	// without extension, unless metadata gives another.
	ID string `json:"doc"`
	// File is the path it was read from.
	File string `json:"file"`
	// Hash is the SHA-256 of the file's bytes, hex.
	Hash string `json:"hash,omitempty"`
	// Meta is the document's metadata, resolved from every source.
	Meta Meta `json:"meta"`
	// Extractor names what produced the text ("text", "pdf", "pdftotext"…).
	Extractor string `json:"extractor,omitempty"`
	// Notes are what extraction had to work around ("decoded as
	// windows-1252", "could not read pages [3]"): the document was read,
	// but the user may want to check it.
	Notes []string `json:"notes,omitempty"`
	// Segments are the attributed turns, in order.
	Segments []Segment `json:"segments"`
	// Size and ModTime are the file's when it was read: the index keeps
	// them so that an ingest can tell an unchanged file without reading it.
	Size    int64     `json:"-"`
	ModTime time.Time `json:"-"`
}
