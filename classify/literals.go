package classify

// literalSet finds which of a fixed list of literals occur in a text in one
// pass (Aho–Corasick over bytes): the patterns' prefilter. NOTE: looking
// for each literal with strings.Contains cost a fifth of classifying once
// the rules had a few dozen literals. Bytes are mapped to the few that
// literals use (class 0 is every other byte), which keeps the table small
// enough to stay in cache.
type literalSet struct {
	class [256]uint8
	width int       // number of byte classes
	next  []int32   // state*width + class → state, failure links folded in
	out   [][]int32 // literals ending at each state, failure chain included
}

func newLiteralSet(lits []string) *literalSet {
	ls := &literalSet{width: 1}
	for _, l := range lits {
		for j := 0; j < len(l); j++ {
			if ls.class[l[j]] == 0 && ls.width < 256 {
				ls.class[l[j]] = uint8(ls.width)
				ls.width++
			}
		}
	}
	newState := func() int32 {
		for range ls.width {
			ls.next = append(ls.next, -1)
		}
		ls.out = append(ls.out, nil)
		return int32(len(ls.out) - 1)
	}
	newState()
	for li, l := range lits {
		s := int32(0)
		for j := 0; j < len(l); j++ {
			c := int32(ls.class[l[j]])
			if ls.next[s*int32(ls.width)+c] < 0 {
				t := newState()
				ls.next[s*int32(ls.width)+c] = t
			}
			s = ls.next[s*int32(ls.width)+c]
		}
		ls.out[s] = append(ls.out[s], int32(li))
	}
	// Breadth first: a state's failure link is set before its children's.
	w := int32(ls.width)
	fail := make([]int32, len(ls.out))
	var queue []int32
	for c := range w {
		if t := ls.next[c]; t <= 0 {
			ls.next[c] = 0
		} else {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		ls.out[s] = append(ls.out[s], ls.out[fail[s]]...)
		for c := range w {
			t := ls.next[s*w+c]
			if t < 0 {
				ls.next[s*w+c] = ls.next[fail[s]*w+c]
				continue
			}
			fail[t] = ls.next[fail[s]*w+c]
			queue = append(queue, t)
		}
	}
	return ls
}

// find sets known[i] to gen for each literal i that occurs in s, and
// leaves the others as they were: a caller numbers the texts it asks
// about (from 1), so that nothing is reset between them (there are
// hundreds of literals and a segment has many sentences).
func (ls *literalSet) find(s string, known []uint32, gen uint32) {
	st, w := int32(0), int32(ls.width)
	for i := 0; i < len(s); i++ {
		st = ls.next[st*w+int32(ls.class[s[i]])]
		for _, li := range ls.out[st] {
			known[li] = gen
		}
	}
}
