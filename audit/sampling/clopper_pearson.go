package sampling

import (
	"fmt"
	"math"
)

// ClopperPearsonUpper returns the exact one-sided upper confidence bound on a
// deviation rate after k deviations in n reviewed items: the rate p at which
// seeing k or fewer deviations has probability 1 - confidence. This is the
// figure the security adviser reports (O12, §16): "with 95% confidence, fewer
// than p of the period's consultations were unjustified". Clopper–Pearson is
// chosen because it never covers less than the stated confidence, which is
// what a supervisor expects of an audit, and because it stays meaningful at
// zero deviations, where approximate intervals collapse to nothing.
//
// For k = n (including n = 0) the bound is 1: the sample rules nothing out.
func ClopperPearsonUpper(k, n int, confidence float64) (float64, error) {
	if err := checkCounts(k, n); err != nil {
		return 0, err
	}
	if err := checkConfidence(confidence); err != nil {
		return 0, err
	}
	upper, err := upperBound(k, n, 1-confidence)
	if err != nil {
		return 0, fmt.Errorf("sampling: upper bound for %d of %d: %w", k, n, err)
	}
	return upper, nil
}

// ClopperPearsonInterval returns the exact two-sided interval at the given
// confidence, each side holding (1 - confidence)/2. The adviser's question is
// one-sided ("at most how many?"), so the job reports ClopperPearsonUpper;
// the interval is here for reports that also want a lower end.
func ClopperPearsonInterval(k, n int, confidence float64) (lower, upper float64, err error) {
	if err := checkCounts(k, n); err != nil {
		return 0, 0, err
	}
	if err := checkConfidence(confidence); err != nil {
		return 0, 0, err
	}
	alpha := (1 - confidence) / 2
	if lower, err = lowerBound(k, n, alpha); err != nil {
		return 0, 0, fmt.Errorf("sampling: lower bound for %d of %d: %w", k, n, err)
	}
	if upper, err = upperBound(k, n, alpha); err != nil {
		return 0, 0, fmt.Errorf("sampling: upper bound for %d of %d: %w", k, n, err)
	}
	return lower, upper, nil
}

// upperBound solves P(X ≤ k | n, p) = alpha for p. Of the two floats that
// bracket the root it returns the higher one, so that rounding never
// understates the bound.
func upperBound(k, n int, alpha float64) (float64, error) {
	switch {
	case k == n:
		return 1, nil
	case k == 0:
		// (1-p)^n = alpha, written with Expm1 to keep digits for large n.
		return -math.Expm1(math.Log(alpha) / float64(n)), nil
	}
	_, hi, err := bisect(func(p float64) (bool, error) {
		cdf, err := binomialCDF(k, n, p)
		return cdf <= alpha, err
	})
	return hi, err
}

// lowerBound solves P(X ≥ k | n, p) = alpha for p and returns the lower of
// the two bracketing floats, so that the lower end is never overstated.
func lowerBound(k, n int, alpha float64) (float64, error) {
	switch {
	case k == 0:
		return 0, nil
	case k == n:
		// p^n = alpha.
		return math.Exp(math.Log(alpha) / float64(n)), nil
	}
	lo, _, err := bisect(func(p float64) (bool, error) {
		tail, err := binomialTail(k, n, p)
		return tail >= alpha, err
	})
	return lo, err
}

// bisect narrows [0, 1] to two adjacent floats around the point where reached
// turns from false to true; reached must be monotone in p. It takes about 53
// halvings, plus one per factor of two the root lies below 1. Bisection
// rather than Newton because the binomial CDF is monotone but very flat far
// from the root, where Newton steps overshoot out of [0, 1].
func bisect(reached func(p float64) (bool, error)) (lo, hi float64, err error) {
	lo, hi = 0, 1
	for {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			return lo, hi, nil
		}
		ok, err := reached(mid)
		if err != nil {
			return lo, hi, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
}
