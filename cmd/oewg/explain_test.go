package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	var out bytes.Buffer
	err := runExplain(context.Background(), &explainOptions{}, &globals{}, []string{"While we appreciate the proposal, we cannot support the PoA."}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`clause 1 (subordinate, marker "While"`, `negated by "cannot"`, `→ poa oppose (poa/name): negated support: "cannot support"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
}
