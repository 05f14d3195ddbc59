package corpus

import (
	"strings"
	"testing"
)

func TestCheckSpeaker(t *testing.T) {
	g := Default()
	for _, c := range []struct {
		name string
		meta Meta
		want string // "" for no error, else a part of the message
	}{
		// Known names, keys and the chair pass.
		{"name", Meta{Speaker: "Kenya"}, ""},
		{"alias", Meta{Speaker: "UK"}, ""},
		{"key", Meta{Speaker: "KEN"}, ""},
		{"group", Meta{Speaker: "EU"}, ""},
		{"chair", Meta{Speaker: "Chair"}, ""},
		{"none", Meta{}, ""},
		// A typo names the nearest States.
		{"typo", Meta{Speaker: "Kenia"}, `speaker "Kenia" is not a State, group or body oewg knows (did you mean Kenya (KEN)?)`},
		{"two near", Meta{Speaker: "Nigera"}, "did you mean Niger (NER) or Nigeria (NGA)?"},
		{"nothing near", Meta{Speaker: "Acme Institute"}, "add role (stakeholder, organisation, group, secretariat)"},
		// A role lets an unknown speaker through.
		{"with role", Meta{Speaker: "Acme Institute", Role: RoleOrganisation}, ""},
		{"role alone", Meta{Role: RoleStakeholder}, "role stakeholder given without a speaker"},
	} {
		err := g.CheckSpeaker(c.meta)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: err = %v, want it to say %q", c.name, err, c.want)
		}
	}
}

func TestMetaRole(t *testing.T) {
	m, err := ParseMetaFlags([]string{"speaker=Acme Institute", "role=organisation"})
	if err != nil || m.Role != RoleOrganisation {
		t.Fatalf("got %+v, %v", m, err)
	}
	if _, err := ParseMetaFlags([]string{"role=delegation"}); err == nil || !strings.Contains(err.Error(), `role "delegation" is not one of stakeholder, organisation, group, secretariat`) {
		t.Errorf("role=delegation: %v", err)
	}
	if _, err := ParseMetaFile("a.meta.yaml", []byte("speaker: Acme\nrole: group\n")); err != nil {
		t.Errorf("sidecar with role: %v", err)
	}
	man, err := ParseManifest("manifest.csv", strings.NewReader("file,speaker,role\na.txt,Acme Institute,organisation\n"))
	if err != nil || man["a.txt"].Role != RoleOrganisation {
		t.Errorf("manifest with role: %+v, %v", man, err)
	}
	// The role goes with the speaker it was given with.
	if got := (Meta{}).Merge(Meta{Speaker: "Acme", Role: RoleGroup}); got.Role != RoleGroup {
		t.Errorf("merge: %+v", got)
	}
	if got := (Meta{Speaker: "Kenya"}).Merge(Meta{Speaker: "Acme", Role: RoleGroup}); got.Role != "" {
		t.Errorf("merge kept another layer's role: %+v", got)
	}

	doc, err := NewDocument("acme.txt", "We support the PoA.", Meta{Speaker: "Acme Institute", Role: RoleOrganisation, Kind: KindStatement})
	if err != nil {
		t.Fatal(err)
	}
	if sp := doc.Segments[0].Speaker; sp.Key != "ACME_INSTITUTE" || sp.Role != RoleOrganisation {
		t.Errorf("speaker = %+v, want ACME_INSTITUTE, organisation", sp)
	}
}
