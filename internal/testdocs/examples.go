package testdocs

import (
	"os"
	"path/filepath"
	"testing"
)

// Example returns the text of a sample document in the module's examples/
// folder, found from the test's working directory.
func Example(tb testing.TB, name string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("testdocs: no go.mod above the working directory")
		}
		dir = parent
	}
	b, err := os.ReadFile(filepath.Join(dir, "examples", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
