package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestCompareSpeakers(t *testing.T) {
	g := testIndex(t)
	var out bytes.Buffer
	o := &compareOptions{With: []string{"rus", "CZE"}, reportOptions: reportOptions{outputOptions: outputOptions{Format: "md"}}}
	if err := runCompare(context.Background(), o, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Position | Russian Federation (RUS) | Czechia (CZE) |", "| poa | −1 \\[1] | +1 \\[2] |", "Positions compared: RUS, CZE"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCompareBySession(t *testing.T) {
	g := testIndex(t)
	var out bytes.Buffer
	o := &compareOptions{By: "session", reportOptions: reportOptions{outputOptions: outputOptions{Format: "csv"}}}
	if err := runCompare(context.Background(), o, g, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"process,session,position,support,oppose,mixed,mention,speakers", "OEWG 2021-2025,2,poa,0,2,0,0,2", "OEWG 2021-2025,7,poa,1,0,0,0,1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCompareUsage(t *testing.T) {
	g := testIndex(t)
	for _, o := range []*compareOptions{
		{reportOptions: reportOptions{outputOptions: outputOptions{Format: "table"}}},
		{With: []string{"KEN"}, By: "session", reportOptions: reportOptions{outputOptions: outputOptions{Format: "table"}}},
		{By: "year", reportOptions: reportOptions{outputOptions: outputOptions{Format: "table"}}},
	} {
		if err := runCompare(context.Background(), o, g, nil, &bytes.Buffer{}); !isUsage(err) {
			t.Errorf("%+v: err = %v, want a usage error", o, err)
		}
	}
}
