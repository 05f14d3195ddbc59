// Package reports turns segments into the tables report authors use — the
// State × position table, comparisons across speakers and across sessions
// or processes, and the list of speakers — and renders them as an aligned
// text table, Markdown, CSV, JSON or one self-contained HTML file.
//
// Reports are pure functions over a stream of segments (see Segments); they
// never touch the index. Ordering is deterministic everywhere: speakers are
// sorted by name (case-folded), then key; positions keep the order given;
// sessions and processes sort by process, then session number.
//
// A segment spoken on behalf of a group (on_behalf_of) counts for the
// speaker that delivered it: Indonesia speaking for NAM fills the IDN row,
// since the delegation chose to deliver and endorse those words. The group
// appears in the speakers report, under the groups IDN spoke for.
package reports
