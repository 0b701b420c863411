package sampling

import "slices"

// DefaultOutlierFactor is the suggested factor for VolumeOutliers: three
// times what a typical colleague did is well beyond the day-to-day spread of
// a contact centre's queues, yet low enough to catch an agent browsing files
// on the side.
const DefaultOutlierFactor = 3

// MinOutlierVolume is the fewest consultations an agent must have made in a
// period to be flagged, so that a quiet period (12 against a median of 3)
// does not flag noise.
const MinOutlierVolume = 10

// VolumeOutliers returns, sorted, the agents whose number of consultations in
// the period is far above their peers': more than factor times the median of
// the other agents' counts, and at least MinOutlierVolume. It complements the
// random draw with a risk-based one (O12, §16): the adviser can review these
// agents' consultations more closely.
//
// The median and not the mean, because one heavy consulter would pull the
// mean up and hide themselves and others; the median of the others and not of
// everyone, because in a small team the agent's own count would drag the
// reference towards themselves. Counts should include every active agent,
// even with zero consultations, so that the median reflects the team; an agent
// whose peers consulted nothing is flagged once past MinOutlierVolume. With a
// single agent there are no peers and nobody is flagged. A factor that is not
// a positive number (or NaN) is replaced by DefaultOutlierFactor.
func VolumeOutliers(counts map[string]int, factor float64) []string {
	if !(factor > 0) {
		factor = DefaultOutlierFactor
	}
	sorted := make([]int, 0, len(counts))
	for _, c := range counts {
		sorted = append(sorted, c)
	}
	slices.Sort(sorted)
	var flagged []string
	for agent, c := range counts {
		if c < MinOutlierVolume {
			continue
		}
		if peers, ok := medianWithout(sorted, c); ok && float64(c) > factor*peers {
			flagged = append(flagged, agent)
		}
	}
	slices.Sort(flagged)
	return flagged
}

// medianWithout returns the median of sorted once one occurrence of v is left
// out, and false when nothing is left. Which occurrence does not matter: the
// remaining values are the same.
func medianWithout(sorted []int, v int) (float64, bool) {
	skip, _ := slices.BinarySearch(sorted, v)
	others := len(sorted) - 1
	if others == 0 {
		return 0, false
	}
	at := func(j int) float64 {
		if j >= skip {
			j++
		}
		return float64(sorted[j])
	}
	if others%2 == 1 {
		return at(others / 2), true
	}
	return (at(others/2-1) + at(others/2)) / 2, true
}
