package index

import (
	"github.com/oewg/oewg/internal/lazyre"

	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
)

// WriteError is a commit to the index that failed: what it held is not
// saved, what was committed before it stays.
type WriteError struct {
	// Dir is the index directory.
	Dir string
	// Err is bleve's error, with the file it could not write.
	Err error
}

func (e *WriteError) Error() string {
	cause := e.Err.Error()
	if i := strings.LastIndex(cause, ": "); i >= 0 {
		cause = cause[i+2:]
	}
	what := ""
	if m := faultFile.FindStringSubmatch(e.Err.Error()); m != nil {
		if rel, err := filepath.Rel(e.Dir, m[1]); err == nil && !strings.HasPrefix(rel, "..") {
			what = " " + rel
		} else {
			what = " " + m[1]
		}
	}
	return fmt.Sprintf("index %s: cannot write%s: %s", e.Dir, what, cause)
}

// faultFile finds the file that a failed write names, in bleve's message
// (whose cause it wraps with %v, so not as an *fs.PathError).
var faultFile = lazyre.New(`(?:write|open|create|mkdir|rename|sync) (/\S+|\S+/\S+): `)

func (e *WriteError) Unwrap() error { return e.Err }

// createRemedy is what to do when an index folder cannot be written.
const createRemedy = "give --index a folder you can write, or make this one writable (chmod -R u+w)"

// WriteFault says, in a few words and a remedy, why a write to the index
// failed: "no space left on device; free space and run ingest again".
//
// NOTE: scorch reports a failed persist with %v, not %w, so the cause is
// also looked for in the message.
func WriteFault(err error) string {
	has := func(target error, text string) bool {
		return errors.Is(err, target) || strings.Contains(err.Error(), text)
	}
	switch {
	case has(syscall.ENOSPC, "no space left on device"):
		return "no space left on device; free space and run ingest again"
	case has(syscall.EDQUOT, "disk quota exceeded"):
		return "disk quota exceeded; free space and run ingest again"
	case has(syscall.EROFS, "read-only file system"):
		return "read-only file system; give --index a folder on a writable disk"
	case has(fs.ErrPermission, "permission denied"):
		return "permission denied; make the index folder writable (chmod -R u+w) and run ingest again"
	case has(syscall.EIO, "input/output error"):
		return "input/output error (a failing disk?); run oewg check, then ingest again"
	}
	return err.Error() + "; run ingest again"
}
