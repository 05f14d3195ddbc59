package index

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Boolean search: AND, OR, NOT and parentheses, as library catalogues take
// them, on top of bleve's query-string syntax. The words between operators
// stay query-string syntax ("exact phrases", prefix*, +required, -excluded,
// field:value), so that a query without operators means what it meant.
//
//	capacity AND gender          both
//	gender OR women              either
//	gender NOT women             gender, and not women (AND NOT)
//	(PoA OR "programme of action") AND NOT title:concept
//	"demand-driven" capacity     no operator: bleve's own syntax, as before
//
// Operators count only in capitals and outside quotes: "and", "or", "not"
// are words. Words side by side form one query-string clause; clauses side
// by side, or next to a parenthesis or NOT, are joined with AND.

// boolToken is a token of a Boolean query: an operator, a parenthesis or
// a word of query-string syntax.
type boolToken struct {
	op   string // "AND", "OR", "NOT", "(", ")" or "" for a word
	text string
}

// boolTokens splits text into words (a quoted phrase, with any field: before
// it, is one word), operators and parentheses.
func boolTokens(text string) ([]boolToken, error) {
	var out []boolToken
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '(' || c == ')':
			out = append(out, boolToken{op: string(c)})
			i++
			continue
		}
		start := i
		for i < len(text) {
			c := text[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' {
				break
			}
			if c == '"' {
				end := strings.IndexByte(text[i+1:], '"')
				if end < 0 {
					return nil, errors.New(`a quote is not closed; close the phrase with "`)
				}
				i += end + 2
				continue
			}
			i++
		}
		w := text[start:i]
		switch w {
		case "AND", "OR", "NOT":
			out = append(out, boolToken{op: w})
		default:
			out = append(out, boolToken{text: w})
		}
	}
	return out, nil
}

// hasBoolean reports whether tokens use an operator or a parenthesis.
func hasBoolean(ts []boolToken) bool {
	for _, t := range ts {
		if t.op != "" {
			return true
		}
	}
	return false
}

// boolParser is a recursive-descent parser over boolTokens:
//
//	or    = and { OR and }
//	and   = unary { [AND] unary }
//	unary = NOT unary | "(" or ")" | words
type boolParser struct {
	ts  []boolToken
	pos int
}

// boolNode is a parsed Boolean query: the bleve query and whether it needs
// a match (a NOT alone matches everything but its operand).
type boolNode struct {
	q        query.Query
	positive bool
}

func (p *boolParser) peek() (boolToken, bool) {
	if p.pos < len(p.ts) {
		return p.ts[p.pos], true
	}
	return boolToken{}, false
}

func (p *boolParser) or() (boolNode, error) {
	n, err := p.and()
	if err != nil {
		return n, err
	}
	qs, pos := []query.Query{n.q}, n.positive
	for {
		t, ok := p.peek()
		if !ok || t.op != "OR" {
			break
		}
		p.pos++
		m, err := p.and()
		if err != nil {
			return m, err
		}
		qs, pos = append(qs, m.q), pos && m.positive
	}
	if len(qs) == 1 {
		return n, nil
	}
	return boolNode{bleve.NewDisjunctionQuery(qs...), pos}, nil
}

func (p *boolParser) and() (boolNode, error) {
	n, err := p.unary()
	if err != nil {
		return n, err
	}
	qs, pos := []query.Query{n.q}, n.positive
	for {
		t, ok := p.peek()
		if !ok || t.op == "OR" || t.op == ")" {
			break
		}
		if t.op == "AND" {
			p.pos++
		}
		m, err := p.unary()
		if err != nil {
			return m, err
		}
		qs, pos = append(qs, m.q), pos || m.positive
	}
	if len(qs) == 1 {
		return n, nil
	}
	return boolNode{bleve.NewConjunctionQuery(qs...), pos}, nil
}

func (p *boolParser) unary() (boolNode, error) {
	t, ok := p.peek()
	if !ok {
		return boolNode{}, errors.New("the query ends after an operator; give what it applies to")
	}
	switch t.op {
	case "NOT":
		p.pos++
		n, err := p.unary()
		if err != nil {
			return n, err
		}
		return boolNode{query.NewBooleanQuery(nil, nil, []query.Query{n.q}), false}, nil
	case "(":
		p.pos++
		n, err := p.or()
		if err != nil {
			return n, err
		}
		if t, ok := p.peek(); !ok || t.op != ")" {
			return n, errors.New(`a "(" is not closed; add ")"`)
		}
		p.pos++
		return n, nil
	case ")":
		return boolNode{}, errors.New(`a ")" has no "(" before it`)
	case "AND", "OR":
		return boolNode{}, fmt.Errorf("%s needs a word or phrase before it", t.op)
	}
	var words []string
	for {
		t, ok := p.peek()
		if !ok || t.op != "" {
			break
		}
		words = append(words, t.text)
		p.pos++
	}
	text := strings.Join(words, " ")
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		return boolNode{}, err
	}
	return boolNode{q, positive(q)}, nil
}

// parseBoolean parses a query with AND, OR, NOT or parentheses; ok is
// false when text has none (bleve's query-string syntax alone applies).
func parseBoolean(text string) (q query.Query, isPositive, ok bool, err error) {
	ts, err := boolTokens(text)
	if err != nil || !hasBoolean(ts) {
		// NOTE: an unclosed quote is left to bleve's parser, as before.
		return nil, false, false, nil
	}
	p := &boolParser{ts: ts}
	n, err := p.or()
	if err != nil {
		return nil, false, true, err
	}
	if p.pos < len(ts) {
		return nil, false, true, errors.New(`a ")" has no "(" before it`)
	}
	return n.q, n.positive, true, nil
}
