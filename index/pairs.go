package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The pairs field indexes every two words one or two positions apart
// ("capac build", "programm _ action") so that a two-word phrase — the
// common case: "capacity building", "demand-driven", "programme of action"
// once its stop word is gone — is one posting list instead of a phrase
// search, which reads the positions of both words in every segment that
// has the two. It holds the text, the one field of _all.
const (
	pairsField      = "pairs"
	pairsAnalyzer   = "oewg_pairs"
	pairsFilterName = "oewg_pairs"
	// pairGap stands for the word between a pair two positions apart,
	// whatever it was: a phrase "a of b" matches "a X b" for any X.
	pairGap = "_"
)

// pairsFilter turns an analysed token stream into its pairs: for each
// token, the tokens one and two positions after it.
type pairsFilter struct{}

func (pairsFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 2*len(in))
	for i, a := range in {
		for _, b := range in[i+1:] {
			d := b.Position - a.Position
			if d > 2 {
				break
			}
			if d < 1 {
				continue
			}
			out = append(out, &analysis.Token{
				Term:     pairTerm(string(a.Term), string(b.Term), d),
				Position: a.Position,
				Start:    a.Start,
				End:      b.End,
				Type:     analysis.Shingle,
			})
		}
	}
	return out
}

// pairTerm is the term of the pair a, b that are d (1 or 2) positions apart.
func pairTerm(a, b string, d int) []byte {
	t := make([]byte, 0, len(a)+len(b)+3)
	t = append(t, a...)
	t = append(t, ' ')
	if d == 2 {
		t = append(t, pairGap+" "...)
	}
	return append(t, b...)
}

// textQuery parses a query string and rewrites each phrase on the default
// field that is one pair into a term query on the pairs field. A phrase
// matches exactly the segments its pair does: the pair is built by the
// same analyser from the same fields. Only the score differs: the pair's
// frequency, not the sum of its words'. Longer phrases stay phrases.
// onlySegments is true if the query cannot match a document record: it
// has a positive clause and names no field. words are the analysed words
// of the phrases rewritten, whose places in the text highlighting marks
// (the pairs field has no positions).
func textQuery(text string, m mapping.IndexMapping) (q query.Query, onlySegments bool, words []string, err error) {
	q, isPositive, boolean, err := parseBoolean(text)
	if err != nil {
		return nil, false, nil, err
	}
	if !boolean {
		if q, err = query.NewQueryStringQuery(text).Parse(); err != nil {
			return nil, false, nil, err
		}
		isPositive = positive(q)
	}
	an := m.AnalyzerNamed(analyzerName)
	named := false // a field:value clause, which could match a document record
	fuzzy := strings.Contains(text, "~")
	q = mapLeaves(q, func(q query.Query) query.Query {
		if f, ok := q.(query.FieldableQuery); ok && f.Field() != "" {
			named = true
		}
		if wq, ok := q.(*query.WildcardQuery); ok && wq.FieldVal == "" {
			// NOTE: bleve does not analyse a wildcard, and the words it
			// matches are lowercased: "Capac*" found nothing.
			wq.Wildcard = strings.ToLower(wq.Wildcard)
			return wq
		}
		if mq, ok := q.(*query.MatchQuery); ok && mq.FieldVal == "" && mq.Analyzer == "" && mq.Fuzziness == 0 && an != nil {
			// NOTE: bleve makes a match query of one word a disjunction
			// of its one term, walked through a disjunction searcher and
			// scorer: a term query ranks alike, faster.
			if ts := an.Analyze([]byte(mq.Match)); len(ts) == 1 {
				tq := termQ(m.DefaultSearchField(), string(ts[0].Term))
				tq.SetBoost(mq.BoostVal.Value())
				return tq
			}
			return q
		}
		mp, ok := q.(*query.MatchPhraseQuery)
		if !ok || mp.FieldVal != "" || fuzzy || an == nil {
			return q
		}
		ts := an.Analyze([]byte(mp.MatchPhrase))
		term, ok := onePair(ts)
		if !ok {
			return q
		}
		tq := termQ(pairsField, term)
		tq.SetBoost(mp.BoostVal.Value())
		words = append(words, string(ts[0].Term), string(ts[1].Term))
		return tq
	})
	return unwrap(q), !named && isPositive, words, nil
}

// unwrap drops the wrappers of one clause that bleve's query-string parser
// puts around every query: a boolean query whose only part is a
// disjunction of one. They rank alike, but bleve walks each match through
// a disjunction searcher and scorer, a third of the time of a broad
// one-word query.
func unwrap(q query.Query) query.Query {
	switch w := q.(type) {
	case *query.BooleanQuery:
		if w.Must == nil && w.MustNot == nil && w.Should != nil && w.BoostVal == nil {
			return unwrap(w.Should)
		}
	case *query.DisjunctionQuery:
		if len(w.Disjuncts) == 1 && w.Min <= 1 && w.BoostVal == nil {
			return unwrap(w.Disjuncts[0])
		}
	case *query.ConjunctionQuery:
		if len(w.Conjuncts) == 1 && w.BoostVal == nil {
			return unwrap(w.Conjuncts[0])
		}
	}
	return q
}

// mapLeaves replaces each leaf of a parsed query string (what is not a
// boolean, conjunction or disjunction) with fn's result.
func mapLeaves(q query.Query, fn func(query.Query) query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
			if *c != nil {
				*c = mapLeaves(*c, fn)
			}
		}
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			q.Conjuncts[i] = mapLeaves(c, fn)
		}
	case *query.DisjunctionQuery:
		for i, c := range q.Disjuncts {
			q.Disjuncts[i] = mapLeaves(c, fn)
		}
	default:
		return fn(q)
	}
	return q
}

// onePair returns the pair term of a phrase's tokens if they are exactly
// two, one or two positions apart.
func onePair(ts analysis.TokenStream) (string, bool) {
	if len(ts) != 2 {
		return "", false
	}
	d := ts[1].Position - ts[0].Position
	if d < 1 || d > 2 {
		return "", false
	}
	return string(pairTerm(string(ts[0].Term), string(ts[1].Term), d)), true
}

// positive reports whether a parsed query string has a clause that must
// match (a query of -terms alone matches every record but those).
func positive(q query.Query) bool {
	bq, ok := q.(*query.BooleanQuery)
	if !ok {
		return true
	}
	nonEmpty := func(q query.Query) bool {
		switch q := q.(type) {
		case nil:
			return false
		case *query.ConjunctionQuery:
			return len(q.Conjuncts) > 0
		case *query.DisjunctionQuery:
			return len(q.Disjuncts) > 0
		}
		return true
	}
	return nonEmpty(bq.Must) || nonEmpty(bq.Should)
}
