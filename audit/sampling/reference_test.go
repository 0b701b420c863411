package sampling_test

import "math/big"

// referencePrecision is far beyond float64, so that the reference below is an
// independent check of the package's continued fraction, not a copy of it.
const referencePrecision = 256

// referenceCDF computes P(X ≤ k | n, p) for X ~ Binomial(n, p) by summing
// the probability of each count directly, in 256-bit floats. Above n/2 it
// sums the shorter other side: P(X ≤ k) = 1 - P(n-X ≤ n-k-1), and n-X is
// Binomial(n, 1-p).
func referenceCDF(k, n int, p float64) *big.Float {
	if k >= n {
		return newFloat(1)
	}
	prob := newFloat(p)
	miss := newFloat(0).Sub(newFloat(1), prob)
	if k > n/2 {
		other := sumTerms(n-k-1, n, miss, prob)
		return other.Sub(newFloat(1), other)
	}
	return sumTerms(k, n, prob, miss)
}

// sumTerms adds P(X = i) for i from 0 to k, X ~ Binomial(n, prob), where
// miss is 1 - prob.
func sumTerms(k, n int, prob, miss *big.Float) *big.Float {
	sum := newFloat(0)
	if k < 0 {
		return sum
	}
	term := power(miss, n) // P(X = 0)
	for i := 0; ; i++ {
		sum.Add(sum, term)
		if i == k || i == n {
			return sum
		}
		// P(X = i+1) = P(X = i) · (n-i)/(i+1) · p/(1-p).
		term.Mul(term, newFloat(float64(n-i)))
		term.Quo(term, newFloat(float64(i+1)))
		term.Mul(term, prob)
		term.Quo(term, miss)
	}
}

// referenceTail computes P(X ≥ k | n, p) as 1 - P(X ≤ k-1), safe at this
// precision.
func referenceTail(k, n int, p float64) *big.Float {
	return newFloat(0).Sub(newFloat(1), referenceCDF(k-1, n, p))
}

// referenceFloat64 is a shortcut for comparisons in float64.
func referenceFloat64(f *big.Float) float64 {
	v, _ := f.Float64()
	return v
}

func newFloat(v float64) *big.Float {
	return new(big.Float).SetPrec(referencePrecision).SetFloat64(v)
}

// power raises base to the n-th power by repeated squaring.
func power(base *big.Float, n int) *big.Float {
	result, square := newFloat(1), newFloat(0).Set(base)
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			result.Mul(result, square)
		}
		square.Mul(square, square)
	}
	return result
}
