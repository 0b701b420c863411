package sampling

// binomialCDF returns P(X ≤ k) for X ~ Binomial(n, p), through the identity
// P(X ≤ k) = I_{1-p}(n-k, k+1). It is exact up to floating point, unlike the
// normal approximation, which is useless at the near-zero rates an audit
// hopes to find.
func binomialCDF(k, n int, p float64) (float64, error) {
	switch {
	case k < 0:
		return 0, nil
	case k >= n:
		return 1, nil
	}
	return regularizedBeta(float64(n-k), float64(k+1), 1-p, p)
}

// binomialTail returns P(X ≥ k) for X ~ Binomial(n, p), computed directly as
// I_p(k, n-k+1) rather than as 1 - P(X ≤ k-1), which would lose precision
// when the tail is small.
func binomialTail(k, n int, p float64) (float64, error) {
	switch {
	case k <= 0:
		return 1, nil
	case k > n:
		return 0, nil
	}
	return regularizedBeta(float64(k), float64(n-k+1), p, 1-p)
}
