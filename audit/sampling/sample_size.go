package sampling

import "fmt"

// maxSampleSize is the largest sample AttributeSampleSize will propose. An
// audit reviews items by hand, so anything near this means the inputs are
// wrong (a tolerable rate typed as 0.0005 instead of 0.05); it also keeps the
// log-gamma arithmetic well inside its precision.
const maxSampleSize = 1 << 30

// AttributeSampleSize returns the number of consultations to review so that,
// if at most expectedErrors of them turn out unjustified, the adviser can
// state with the given confidence that the period's rate of unjustified
// consultations is at most tolerableRate (O12, §16). It is the smallest n with
// P(X ≤ expectedErrors | n, tolerableRate) ≤ 1 - confidence under the exact
// binomial, equivalently the smallest n whose Clopper–Pearson upper bound for
// expectedErrors deviations is within tolerableRate. For zero deviations this
// is (1 - rate)^n ≤ 1 - confidence: 95% and 5% give the classic 59.
//
// The binomial treats the period as unbounded, which overstates the need
// slightly for a small period and so errs on the safe side; see
// FinitePopulation.
func AttributeSampleSize(confidence, tolerableRate float64, expectedErrors int) (int, error) {
	if err := checkConfidence(confidence); err != nil {
		return 0, err
	}
	if !(tolerableRate > 0 && tolerableRate < 1) {
		return 0, fmt.Errorf("%w: tolerable rate %v must lie strictly between 0 and 1 (0.05 for 5%%)", ErrInvalidArgument, tolerableRate)
	}
	if expectedErrors < 0 {
		return 0, fmt.Errorf("%w: expected errors %d must not be negative", ErrInvalidArgument, expectedErrors)
	}
	alpha := 1 - confidence
	enough := func(n int) (bool, error) {
		cdf, err := binomialCDF(expectedErrors, n, tolerableRate)
		return cdf <= alpha, err
	}
	n, err := smallestSufficient(expectedErrors, enough)
	if err != nil {
		return 0, fmt.Errorf("sampling: sample size at %v confidence, rate %v, %d errors: %w", confidence, tolerableRate, expectedErrors, err)
	}
	return n, nil
}

// smallestSufficient finds the smallest n > known for which enough holds,
// given that enough(known) is false and enough only turns from false to true
// as n grows: doubling to bracket it, then halving the bracket.
func smallestSufficient(known int, enough func(n int) (bool, error)) (int, error) {
	lo, hi := known, known+1
	for {
		ok, err := enough(hi)
		if err != nil {
			return 0, err
		}
		if ok {
			break
		}
		if hi > maxSampleSize {
			return 0, fmt.Errorf("%w: more than %d items would be needed", ErrInvalidArgument, maxSampleSize)
		}
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := enough(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// FinitePopulation adapts a sample size to a period holding population
// consultations: it never asks for more items than there are, and for a
// period no larger than the sample it returns the whole period, which the
// adviser then reviews in full.
//
// It deliberately applies no finite-population reduction below n. The usual
// correction, n / (1 + (n-1)/N), is built for estimating a proportion, not for
// attribute tests, and understates what an exact hypergeometric test needs
// (for N = 100 it gives 38 where 45 are needed for 95% / 5%). And the
// statement the job prints is the binomial Clopper–Pearson bound, which a
// reduced sample could not bring under the tolerable rate: 0 of 38 only
// proves "fewer than about 7.6%". Keeping n keeps the promise of the sample
// size.
func FinitePopulation(n, population int) int {
	return max(0, min(n, population))
}
