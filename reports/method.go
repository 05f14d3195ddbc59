package reports

import "strings"

// Method explains, in a few sentences, what a table built with opt counts
// and what it leaves out, and why; rules names the rule set that tagged
// the index (its fingerprint), if known.
func Method(opt Options, rules string) []string {
	who := "State delegations"
	var left []string
	switch {
	case opt.IncludeChair && opt.IncludeNonState:
		who = "every speaker: delegations, the chair, groups, organisations, stakeholders, the Secretariat and unknown speakers"
	case opt.IncludeChair:
		who = "State delegations and the chair"
		left = append(left, "groups, organisations, stakeholders, the Secretariat and speakers the segmenter could not name (give --include-non-state to count them)")
	case opt.IncludeNonState:
		who = "every speaker but the chair"
		left = append(left, "the chair's turns, which run the meeting rather than take positions (give --include-chair to count them)")
	default:
		left = append(left, "the chair's turns, which run the meeting rather than take positions (--include-chair)",
			"groups, organisations, stakeholders, the Secretariat and speakers the segmenter could not name (--include-non-state): a group's statement is its own row only with that flag")
	}
	if !opt.IncludeAllKinds {
		left = append(left, "concept notes and other papers, which are not State positions (--include-all-kinds)")
	}
	left = append(left, "short interjections from the floor (\"my microphone was off\"), which are kept but never tagged")
	out := []string{
		"Rows and cells count the tags of " + who + ", in transcripts and statements; meeting coverage (press releases, summary records: \"the representative of Brazil said that his country supported …\") counts as the turns it reports, its quotes being the record's account, not the speaker's words. Each tag is one sentence that names a position (the rule file's terms); its stance — support, oppose or mention — is read from that sentence's clauses: negation and its scope, conditions, and whose view the sentence reports.",
		"A cell aggregates every tag of one speaker on one position: + support or − oppose when all its tags agree, ± mixed when both occur, · mention when the position is only named. The number counts the segments (turns or statements) behind it; the quotes are the best of them, support and oppose first, then the earliest.",
		"Left out: " + strings.Join(left, "; ") + ".",
		"A sentence that names a position but whose stance the rules cannot read counts as a mention: a stance is never guessed.",
	}
	if rules != "" {
		out = append(out, "The index was tagged with rule set "+rules+"; oewg explain SENTENCE shows why a sentence gets its tag.")
	}
	return out
}
