package corpus

// Meta is a document's metadata. Zero values mean "not known".
type Meta struct {
	// Speaker names the speaker as given (a key, a name or an alias); the
	// gazetteer resolves it.
	Speaker string `json:"speaker,omitempty" yaml:"speaker"`
	// Date is YYYY-MM-DD.
	Date string `json:"date,omitempty" yaml:"date"`
	// Process is "OEWG 2019-2021", "OEWG 2021-2025", …
	Process string `json:"process,omitempty" yaml:"process"`
	// Session and Meeting are 1-based numbers.
	Session int `json:"session,omitempty" yaml:"session"`
	Meeting int `json:"meeting,omitempty" yaml:"meeting"`
	// Kind is transcript, statement, concept_note or other.
	Kind string `json:"kind,omitempty" yaml:"kind"`
	// Title and Source (a URL) describe the document.
	Title  string `json:"title,omitempty" yaml:"title"`
	Source string `json:"source,omitempty" yaml:"source"`
	// Role is the role of a speaker the gazetteer does not know
	// (stakeholder, organisation, group, secretariat): given with
	// Speaker, it lets a name that is not a State's through.
	Role string `json:"role,omitempty" yaml:"role"`
}
