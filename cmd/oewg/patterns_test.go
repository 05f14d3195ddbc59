package main

import (
	"testing"

	"github.com/oewg/oewg/internal/lazyre"
)

// TestPatterns compiles every pattern the linked packages compile on first
// use (lazyre), so that a bad one fails here, not in a user's run.
func TestPatterns(t *testing.T) {
	if err := lazyre.CompileAll(); err != nil {
		t.Fatal(err)
	}
}
