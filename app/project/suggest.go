package project

import (
	"strings"
	"unicode/utf8"
)

// suggest returns the known word closest to word, or "" when none is close enough to be a
// plausible typo. Case is ignored ("appId" suggests "appid"), and a known word that word is a
// prefix of counts as close ("timeout" suggests "timeoutMs").
func suggest(word string, known []string) string {
	lw := strings.ToLower(word)
	best, bestDist := "", -1
	for _, k := range known {
		lk := strings.ToLower(k)
		d := editDistance(lw, lk)
		if len(lw) >= 3 && strings.HasPrefix(lk, lw) {
			d = min(d, 1)
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	limit := max(2, utf8.RuneCountInString(word)/3)
	if bestDist < 0 || bestDist > limit || bestDist >= utf8.RuneCountInString(best) {
		return ""
	}
	return best
}

// editDistance is the Damerau-Levenshtein (optimal string alignment) distance between a and b, in
// runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 { // not a typo of any key; keep the work bounded
		return max(len(ra), len(rb))
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
