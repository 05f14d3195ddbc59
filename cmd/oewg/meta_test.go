package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestMetaSpeakerUnknown(t *testing.T) {
	var out, errb bytes.Buffer
	file := "../../examples/bangladesh-2024-03-07-capacity-building.txt"
	err := runAnalyze(context.Background(), &analyzeOptions{Meta: []string{"speaker=Kenia"}}, &globals{}, []string{file}, &out, &errb)
	if !isUsage(err) || !strings.Contains(err.Error(), "did you mean Kenya (KEN)?") {
		t.Errorf("--meta speaker=Kenia: err = %v, want a usage error naming Kenya", err)
	}
	out.Reset()
	err = runAnalyze(context.Background(), &analyzeOptions{JSON: true, Meta: []string{"speaker=Acme Institute", "role=organisation"}}, &globals{}, []string{file}, &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"speaker":{"key":"ACME_INSTITUTE","name":"Acme Institute","role":"organisation"}`) {
		t.Errorf("with role:\n%.400s", out.String())
	}
}
