// Package classify owns the position rules: it loads rule files (one YAML
// file per position, plus the shared stance cues in _stance.yaml), validates
// them with every problem reported as file:line:col, compiles them once, and
// tags the sentences of corpus segments with a position, a stance (support,
// oppose, mention) and the evidence sentence.
//
// Built-in rules are embedded from classify/rules and go through the same
// loader as a user's files; a new position needs only a new file. The rule
// format and how stance is decided are documented in the README ("Positions and rule files").
package classify
