package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestSpeakers(t *testing.T) {
	g := testIndex(t)
	var out bytes.Buffer
	if err := runSpeakers(context.Background(), &speakersOptions{outputOptions{Format: "csv"}}, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"key,name,role,segments,documents,on_behalf_of,aligned_with", "IDN,Indonesia,delegation,1,1,NAM,", "CZE,Czechia,delegation,2,1,,EU", "CHAIR,Chair,chair,2,2,,"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := runSpeakers(context.Background(), &speakersOptions{outputOptions{Format: "yaml"}}, g, nil, &out); !isUsage(err) {
		t.Errorf("err = %v, want a usage error", err)
	}
}
