package sampling

import (
	"fmt"
	"math"
)

// The continued fraction needs about √max(a, b) terms in the worst case
// (Numerical Recipes, §6.4), so this budget covers samples of well over a
// hundred million items while still bounding a runaway loop.
const maxFractionTerms = 100_000

// fractionTolerance is the relative change at which the continued fraction is
// taken as converged: a few ulps, far below the 1e-9 the bounds promise.
const fractionTolerance = 1e-15

// fractionFloor keeps Lentz's method away from dividing by zero.
const fractionFloor = 1e-300

// regularizedBeta returns I_x(a, b), the regularized incomplete beta function.
// y is 1 - x passed separately, so that a tiny y (a tiny deviation rate) keeps
// its full precision instead of being rounded away in 1 - x.
func regularizedBeta(a, b, x, y float64) (float64, error) {
	if x <= 0 {
		return 0, nil
	}
	if y <= 0 {
		return 1, nil
	}
	// x^a y^b / (a B(a, b)), the factor in front of the continued fraction.
	front := math.Exp(logGamma(a+b) - logGamma(a) - logGamma(b) + a*math.Log(x) + b*math.Log(y))
	// The fraction converges fast only below the mean, so above it the
	// symmetry I_x(a, b) = 1 - I_y(b, a) is used instead.
	if x < (a+1)/(a+b+2) {
		f, err := betaFraction(a, b, x)
		return front * f / a, err
	}
	f, err := betaFraction(b, a, y)
	return 1 - front*f/b, err
}

// betaFraction evaluates the continued fraction of the incomplete beta
// function with the modified Lentz method, as in Numerical Recipes' betacf.
func betaFraction(a, b, x float64) (float64, error) {
	c, d := 1.0, avoidZero(1-(a+b)*x/(a+1))
	d = 1 / d
	h := d
	for m := 1.0; m <= maxFractionTerms; m++ {
		// Even step of the recurrence.
		num := m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m))
		d, c = 1/avoidZero(1+num*d), avoidZero(1+num/c)
		h *= d * c
		// Odd step.
		num = -(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1))
		d, c = 1/avoidZero(1+num*d), avoidZero(1+num/c)
		step := d * c
		h *= step
		if math.Abs(step-1) < fractionTolerance {
			return h, nil
		}
	}
	return h, fmt.Errorf("%w: a=%g b=%g x=%g after %d terms", ErrNoConvergence, a, b, x, maxFractionTerms)
}

func avoidZero(v float64) float64 {
	if math.Abs(v) < fractionFloor {
		return fractionFloor
	}
	return v
}

// logGamma is ln Γ(v) for the positive arguments used here, where the sign
// math.Lgamma also returns is always +1.
func logGamma(v float64) float64 {
	l, _ := math.Lgamma(v)
	return l
}
