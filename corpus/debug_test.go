package corpus

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	d, err := NewDocument(f, string(b), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%+v\n", d.Meta)
	for _, s := range d.Segments {
		txt := s.Text
		if len(txt) > 70 {
			txt = txt[:70]
		}
		fmt.Printf("%3d %-8s %-12s ij=%v obo=%s al=%v | %q\n", s.Seq, s.Speaker.Key, s.Speaker.Role, s.Interjection, s.OnBehalfOf, s.AlignedWith, txt)
	}
}
