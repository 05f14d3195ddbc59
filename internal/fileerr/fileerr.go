// Package fileerr is the error of every part of oewg that reads a user's
// file (rule files, metadata sidecars, manifests): a problem at
// file:line:col, and the sorted list of every problem found, like
// go/scanner.ErrorList.
package fileerr

import (
	"github.com/oewg/oewg/internal/lazyre"

	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Error is one problem in a file.
type Error struct {
	// File is the file's name as given.
	File string
	// Line and Col locate the problem, 1-based; Line 0 means the whole file.
	Line, Col int
	// Msg says what is wrong and, where it can, what to do.
	Msg string
}

// Error returns "file:line:col: message" ("file: message" for the whole
// file).
func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line == 0:
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// List is every problem found, one per line when printed.
type List []*Error

// Error joins all problems, one per line.
func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Add appends a problem at line:col (at least 1:1).
func (l *List) Add(file string, line, col int, format string, args ...any) {
	*l = append(*l, &Error{File: file, Line: max(line, 1), Col: max(col, 1), Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the problems by file, line, column and message.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Err returns the sorted list as an error, or nil if it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

var yamlLine = lazyre.New(`^yaml: line (\d+): (.*)$`)

// YAMLSyntax splits a yaml.v3 syntax error ("yaml: line 3: did not find
// expected key") into its line and message.
// NOTE: yaml.v3 reports syntax errors as text only; an error without a line
// is kept at line 1 rather than dropped.
func YAMLSyntax(err error) (line int, msg string) {
	text := strings.Join(strings.Fields(err.Error()), " ")
	if m := yamlLine.FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1])
		return line, m[2]
	}
	return 1, strings.TrimPrefix(text, "yaml: ")
}
