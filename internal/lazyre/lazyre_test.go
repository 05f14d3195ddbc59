package lazyre

import "testing"

func TestLazy(t *testing.T) {
	r := New(`(\d+)-(\d+)`)
	if m := r.FindStringSubmatch("session 2-8"); len(m) != 3 || m[2] != "8" {
		t.Errorf("FindStringSubmatch: %q", m)
	}
	if err := CompileAll(); err != nil {
		t.Fatal(err)
	}
	New(`(unclosed`)
	if err := CompileAll(); err == nil {
		t.Error("CompileAll accepted an invalid pattern")
	}
}
