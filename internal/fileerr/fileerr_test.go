package fileerr

import (
	"errors"
	"testing"
)

func TestListSortsAndJoins(t *testing.T) {
	var l List
	l.Add("b.yaml", 2, 3, "second %s", "file")
	l.Add("a.yaml", 9, 1, "later")
	l.Add("a.yaml", 0, 0, "whole file at 1:1")
	want := "a.yaml:1:1: whole file at 1:1\na.yaml:9:1: later\nb.yaml:2:3: second file"
	if got := l.Err().Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if (List{}).Err() != nil {
		t.Error("an empty list is not an error")
	}
}

func TestYAMLSyntax(t *testing.T) {
	line, msg := YAMLSyntax(errors.New("yaml: line 3: did not find expected key"))
	if line != 3 || msg != "did not find expected key" {
		t.Errorf("got %d %q", line, msg)
	}
	line, msg = YAMLSyntax(errors.New("yaml: control characters are not allowed"))
	if line != 1 || msg != "control characters are not allowed" {
		t.Errorf("got %d %q", line, msg)
	}
}
