package sampling

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
)

// Item is one consultation that may be drawn for review. Stratum is the
// agent who made it: the draw is stratified by agent so that the sample
// spreads over the team instead of landing on whoever consulted most.
type Item struct {
	ID      int64
	Stratum string
}

// stratum is one agent's consultations, IDs ascending.
type stratum struct {
	name string
	ids  []int64
}

// Draw picks n of the items for review, without replacement, and returns
// their IDs in ascending order (O12, §16: sample-based checks).
//
// The n places are split over the strata in proportion to their sizes by the
// largest-remainder method, so that each consultation has (nearly) the same
// chance to be drawn and the unweighted count of unjustified ones remains a
// fair statement about the whole period; when n is at least the number of
// strata, every stratum gets at least one place, so every agent knows they
// may be checked. Within a stratum the picks are uniformly random.
//
// The draw depends only on the set of items, n and seed: the input is sorted
// internally, so the same seed reproduces the same sample for a later review
// of the review. Each stratum draws from its own random stream, derived from
// seed and the stratum's name, so adding an agent changes another agent's
// picks only through their number of places, and then only at the end:
// the picks for k places are always among those for k+1.
//
// IDs are expected to be unique. An ID given twice is counted once, in the
// stratum whose name sorts first. If n is at least the number of distinct
// IDs, every ID is returned; if n ≤ 0 or there are no items, none is.
func Draw(items []Item, n int, seed uint64) []int64 {
	strata, total := groupByStratum(items)
	if n <= 0 || total == 0 {
		return nil
	}
	picks := make([]int64, 0, min(n, total))
	if n >= total {
		for _, s := range strata {
			picks = append(picks, s.ids...)
		}
	} else {
		places := allocate(strata, n, seed)
		for i, s := range strata {
			picks = append(picks, pickWithin(s.ids, places[i], stratumSeed(seed, s.name))...)
		}
	}
	slices.Sort(picks)
	return picks
}

// groupByStratum orders the items by ID, drops repeated IDs, and splits the
// rest by stratum, strata in name order. Input that comes from the database
// in key order is used as it is; only other input is copied and sorted, since
// copying a million items costs more than the whole draw.
func groupByStratum(items []Item) ([]stratum, int) {
	sorted := items
	if !slices.IsSortedFunc(items, byIDThenStratum) {
		sorted = slices.Clone(items)
		slices.SortFunc(sorted, byIDThenStratum)
	}
	index := make(map[string]int)
	var strata []stratum
	total := 0
	for i, item := range sorted {
		if i > 0 && item.ID == sorted[i-1].ID {
			continue
		}
		j, ok := index[item.Stratum]
		if !ok {
			j = len(strata)
			index[item.Stratum] = j
			strata = append(strata, stratum{name: item.Stratum})
		}
		strata[j].ids = append(strata[j].ids, item.ID)
		total++
	}
	slices.SortFunc(strata, func(a, b stratum) int { return strings.Compare(a.name, b.name) })
	return strata, total
}

func byIDThenStratum(a, b Item) int {
	return cmp.Or(cmp.Compare(a.ID, b.ID), strings.Compare(a.Stratum, b.Stratum))
}

// pickWithin draws k of ids uniformly without replacement by a partial
// Fisher–Yates shuffle, which it performs in place on ids. The first k
// positions of the shuffle do not depend on k, which is what makes the picks
// for k places a subset of those for k+1.
func pickWithin(ids []int64, k int, seed uint64) []int64 {
	random := rand.New(rand.NewPCG(seed, pcgStream))
	for i := range k {
		j := i + random.IntN(len(ids)-i)
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids[:k]
}
