package sampling

import (
	"fmt"
	"math"
)

// Statement is the result of one period's review, as the adviser's report
// states it (O12, §16): how many consultations of the random sample were
// unjustified, the rate of unjustified consultations in the whole period
// that this sample rules out, and, beside it, what the items chosen for
// review showed.
//
// Only the random sample speaks for the period. Hard-rule hits and flagged
// items were chosen because they looked wrong, not drawn, so they are
// counted apart (HardRuleHits, Flagged) and never enter the bound: pooled
// into it, 5 justified chosen items would turn the 59-item "fewer than
// 4.96%" into a 64-item "fewer than 4.58%" that no draw supports.
type Statement struct {
	// Unjustified and Reviewed count the random sample only.
	Unjustified int
	Reviewed    int
	Confidence  float64
	// Upper is the exact one-sided Clopper–Pearson bound, a proportion in
	// [0, 1].
	Upper float64
	// UpperPercent is Upper in percent, rounded up to the next hundredth
	// strictly above it (capped at 100), so that the printed bound is never
	// lower than the computed one and "fewer than" stays literally true.
	UpperPercent float64
	// HardRuleHits and Flagged are the items reviewed beside the random
	// sample: findings to follow up, reported as counts.
	HardRuleHits Tally
	Flagged      Tally
}

// Tally counts the reviewed items of one kind and the unjustified among
// them.
type Tally struct {
	Reviewed    int
	Unjustified int
}

// Count adds one final verdict to the tally.
func (t *Tally) Count(unjustified bool) {
	t.Reviewed++
	if unjustified {
		t.Unjustified++
	}
}

// Summary computes the statement for unjustified deviations found among
// the reviewed consultations of the random sample at the given confidence.
// The caller adds the chosen items' tallies, which change nothing here.
func Summary(unjustified, reviewed int, confidence float64) (Statement, error) {
	upper, err := ClopperPearsonUpper(unjustified, reviewed, confidence)
	if err != nil {
		return Statement{}, fmt.Errorf("sampling: summary: %w", err)
	}
	return Statement{
		Unjustified:  unjustified,
		Reviewed:     reviewed,
		Confidence:   confidence,
		Upper:        upper,
		UpperPercent: percentAbove(upper),
	}, nil
}

// percentAbove turns a proportion into percent with two decimals, always
// rounding up: 0.0495076 becomes 4.96, and an exact 0.0495 becomes 4.96 too.
func percentAbove(p float64) float64 {
	if p >= 1 {
		return 100
	}
	return math.Min(100, (math.Floor(p*10000)+1)/100)
}

// confidencePercent turns the confidence into percent with at most two
// decimals, rounding down so that the text never claims more confidence than
// was computed. The tiny addend absorbs 0.95*10000 landing on 9499.999….
func confidencePercent(c float64) float64 {
	return math.Floor(c*10000+1e-6) / 100
}
