package classify

import "github.com/oewg/oewg/internal/fileerr"

// Error is one problem in a rule file, at a 1-based line and column:
// "file:line:col: message".
type Error = fileerr.Error

// ErrorList is every problem found in a set of rule files, sorted by file,
// line and column, like go/scanner.ErrorList.
type ErrorList = fileerr.List
