package corpus

import "testing"

func TestFindDateForms(t *testing.T) {
	for in, want := range map[string]string{
		"Statement, 13 February 2020":            "2020-02-13",
		"on 7th March 2024 at CR-4":              "2024-03-07",
		"briefing (Oct 13, 2025)":                "2025-10-13",
		"Geneva, Sept. 3, 2024":                  "2024-09-03",
		"3 Dec 2021":                             "2021-12-03",
		"We may 5 times in 2024":                 "",
		"Programme of Action, 2024-03-07":        "2024-03-07",
		"session 2 Oct 13 2025 mandate briefing": "2025-10-13",
		"Mar 45, 2024":                           "",
		"New York, 19/07/2024":                   "2024-07-19",
		"Bern, 19.07.2024":                       "2024-07-19",
		"Washington, 07/19/2024":                 "2024-07-19",
		"05/03/2024":                             "", // 5 March or May 3: not said
		"Ref. 1.2.2024, 25 March 2024":           "2024-03-25",
	} {
		if got := findDate(in); got != want {
			t.Errorf("findDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDateFromFileName(t *testing.T) {
	for name, want := range map[string]string{
		"session_2_Oct_13_2025_mandate_creation_briefing.md": "2025-10-13",
		"iran-2020-11-19-capacity-building.txt":              "2020-11-19",
		"kenya-statement-7-march-2024.pdf":                   "2024-03-07",
		"session_4_notes.md":                                 "",
	} {
		if got := metaFromFileName(name, Default()).Date; got != want {
			t.Errorf("%s: date %q, want %q", name, got, want)
		}
	}
}
