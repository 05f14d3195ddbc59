// Package lazyre is a regular expression compiled on first use.
//
// Every package's variables are initialised when any command starts, so
// the patterns of extraction and attribution (70 of them, many with
// Unicode classes) cost a one-shot search several milliseconds it never
// uses. A lazyre.Regexp is declared like a regexp.Regexp and compiled the
// first time a method is called. An invalid pattern would panic then, not
// at start: CompileAll, called by a test of the command that links every
// package, compiles them all.
package lazyre

import (
	"fmt"
	"regexp"
	"sync"
)

var (
	mu       sync.Mutex
	patterns []string
)

// CompileAll compiles every pattern given to New so far, and returns the
// first error.
func CompileAll() error {
	mu.Lock()
	defer mu.Unlock()
	for _, p := range patterns {
		if _, err := regexp.Compile(p); err != nil {
			return fmt.Errorf("lazyre: %w", err)
		}
	}
	return nil
}

// Regexp is a regexp.Regexp compiled on first use; safe for concurrent use.
type Regexp struct {
	get func() *regexp.Regexp
}

// New returns a Regexp for pattern, which is compiled (with
// regexp.MustCompile) on first use.
func New(pattern string) *Regexp {
	mu.Lock()
	patterns = append(patterns, pattern)
	mu.Unlock()
	return &Regexp{get: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })}
}

// Re is the compiled expression.
func (r *Regexp) Re() *regexp.Regexp { return r.get() }

func (r *Regexp) String() string                 { return r.get().String() }
func (r *Regexp) Match(b []byte) bool            { return r.get().Match(b) }
func (r *Regexp) MatchString(s string) bool      { return r.get().MatchString(s) }
func (r *Regexp) FindString(s string) string     { return r.get().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int { return r.get().FindStringIndex(s) }
func (r *Regexp) FindStringSubmatch(s string) []string {
	return r.get().FindStringSubmatch(s)
}
func (r *Regexp) FindStringSubmatchIndex(s string) []int { return r.get().FindStringSubmatchIndex(s) }
func (r *Regexp) FindSubmatchIndex(b []byte) []int       { return r.get().FindSubmatchIndex(b) }
func (r *Regexp) FindAllString(s string, n int) []string { return r.get().FindAllString(s, n) }
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.get().FindAllStringIndex(s, n)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.get().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.get().ReplaceAllStringFunc(src, repl)
}
func (r *Regexp) ReplaceAllFunc(src []byte, repl func([]byte) []byte) []byte {
	return r.get().ReplaceAllFunc(src, repl)
}
func (r *Regexp) SubexpNames() []string { return r.get().SubexpNames() }
