package sampling

import (
	"cmp"
	"slices"
)

// allocate splits n places over the strata (n < total items), in proportion
// to their sizes, and returns the places per stratum, in the strata's order.
//
// When there are at least as many places as strata, each stratum first gets
// one if its proportional share is below one. Giving those places lowers the
// others' shares, so this repeats until no share left is below one. The rest
// is split by the largest-remainder (Hamilton) method, in exact integer
// arithmetic, so the places add up to exactly n and no stratum is given more
// than it holds.
func allocate(strata []stratum, n int, seed uint64) []int {
	places := make([]int, len(strata))
	open := make([]int, len(strata))
	for i := range open {
		open[i] = i
	}
	if n >= len(strata) {
		open, n = guaranteeOne(strata, open, n, places)
	}
	largestRemainder(strata, open, n, seed, places)
	return places
}

// guaranteeOne gives one place to each open stratum whose proportional share
// of n is below one, until none is left, and returns the strata still open
// and the places still to split between them.
func guaranteeOne(strata []stratum, open []int, n int, places []int) ([]int, int) {
	for {
		population := sizeOf(strata, open)
		var still []int
		granted := 0
		for _, i := range open {
			if n*len(strata[i].ids) < population {
				places[i] = 1
				granted++
			} else {
				still = append(still, i)
			}
		}
		if granted == 0 {
			return open, n
		}
		open, n = still, n-granted
	}
}

// largestRemainder gives each open stratum the whole part of its share of n,
// then one more place to the strata with the largest remainders until n is
// reached. Equal remainders are ordered by the strata's seeds, which change
// with every run.
func largestRemainder(strata []stratum, open []int, n int, seed uint64, places []int) {
	population := sizeOf(strata, open)
	type remainder struct {
		stratum int
		rest    int // numerator of the fractional share, over population
		tie     uint64
	}
	rests := make([]remainder, 0, len(open))
	left := n
	for _, i := range open {
		share := n * len(strata[i].ids)
		places[i] = share / population
		left -= places[i]
		rests = append(rests, remainder{i, share % population, stratumSeed(seed, strata[i].name)})
	}
	slices.SortFunc(rests, func(a, b remainder) int {
		return cmp.Or(cmp.Compare(b.rest, a.rest), cmp.Compare(a.tie, b.tie))
	})
	for _, r := range rests[:left] {
		places[r.stratum]++
	}
}

// sizeOf counts the items of the given strata.
func sizeOf(strata []stratum, which []int) int {
	total := 0
	for _, i := range which {
		total += len(strata[i].ids)
	}
	return total
}
