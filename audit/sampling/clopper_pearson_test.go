package sampling_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit/sampling"
)

// accuracy is what the bounds promise.
const accuracy = 1e-9

// requireUpperBound checks independently that p is the Clopper–Pearson upper
// bound for k of n: the reference CDF at p equals 1 - confidence, and moving
// p by the promised accuracy puts the CDF on either side of it.
func requireUpperBound(t *testing.T, k, n int, confidence, p float64) {
	t.Helper()
	alpha := 1 - confidence
	// Loose, because the CDF is ill-conditioned near p = 1 (it moves by
	// n·δp) and log-gamma of a million carries 1e-9 of relative error; the
	// bracket below is the real test of the promised accuracy.
	require.InEpsilon(t, alpha, referenceFloat64(referenceCDF(k, n, p)), 1e-6, "CDF at the bound, %d of %d", k, n)
	require.Greater(t, referenceFloat64(referenceCDF(k, n, p-accuracy)), alpha, "bound too high")
	require.Less(t, referenceFloat64(referenceCDF(k, n, p+accuracy)), alpha, "bound too low")
}

// requireLowerBound is requireUpperBound's mirror for P(X ≥ k).
func requireLowerBound(t *testing.T, k, n int, alpha, p float64) {
	t.Helper()
	require.InEpsilon(t, alpha, referenceFloat64(referenceTail(k, n, p)), 1e-6, "tail at the bound, %d of %d", k, n)
	require.Less(t, referenceFloat64(referenceTail(k, n, p-accuracy)), alpha, "bound too high")
	require.Greater(t, referenceFloat64(referenceTail(k, n, p+accuracy)), alpha, "bound too low")
}

func TestClopperPearsonUpperKnownValues(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		k, n       int
		confidence float64
		want       float64
	}{
		{0, 59, 0.95, 0.049508}, // 1 - 0.05^(1/59): "fewer than 4.96%", not 4.95%
		// Often quoted as 0.0785; the reference check below confirms 0.07790
		// ((1-p)^59 + 59p(1-p)^58 = 0.05 at p = 0.07790).
		{1, 59, 0.95, 0.07790},
		{0, 100, 0.95, 0.0295},
		{5, 100, 0.95, 0.1023},
	} {
		t.Run(fmt.Sprintf("%d of %d", c.k, c.n), func(t *testing.T) {
			t.Parallel()
			got, err := sampling.ClopperPearsonUpper(c.k, c.n, c.confidence)
			require.NoError(t, err)
			require.InDelta(t, c.want, got, 5e-5)
			requireUpperBound(t, c.k, c.n, c.confidence, got)
		})
	}
}

func TestClopperPearsonUpperMatchesReferenceAcrossSizes(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 7, 59, 300, 5000, 1_000_000} {
		for _, k := range []int{1, 2, n / 10, n / 2, n - 1} {
			if k < 1 || k >= n || min(k, n-k) > 5000 {
				continue // keeps the 256-bit reference sums fast
			}
			for _, confidence := range []float64{0.8, 0.95, 0.999} {
				got, err := sampling.ClopperPearsonUpper(k, n, confidence)
				require.NoError(t, err)
				requireUpperBound(t, k, n, confidence, got)
			}
		}
	}
}

func TestClopperPearsonUpperClosedForms(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 59, 1000, 1 << 30} {
		got, err := sampling.ClopperPearsonUpper(0, n, 0.95)
		require.NoError(t, err)
		// (1-p)^n = 0.05, checked in 256 bits: math.Pow(0.05, 1/n) itself
		// loses digits for large n.
		require.InEpsilon(t, 0.05, referenceFloat64(referenceCDF(0, n, got)), 1e-12, "k = 0, n = %d", n)

		got, err = sampling.ClopperPearsonUpper(n, n, 0.95)
		require.NoError(t, err)
		require.Equal(t, 1.0, got, "k = n = %d: nothing ruled out", n)
	}
	got, err := sampling.ClopperPearsonUpper(0, 0, 0.95)
	require.NoError(t, err)
	require.Equal(t, 1.0, got, "nothing reviewed, nothing ruled out")
}

func TestClopperPearsonUpperGrowsWithDeviations(t *testing.T) {
	t.Parallel()
	previous := 0.0
	for k := 0; k <= 59; k++ {
		got, err := sampling.ClopperPearsonUpper(k, 59, 0.95)
		require.NoError(t, err)
		require.Greater(t, got, previous, "k = %d", k)
		previous = got
	}
}

func TestClopperPearsonInterval(t *testing.T) {
	t.Parallel()
	lower, upper, err := sampling.ClopperPearsonInterval(5, 100, 0.95)
	require.NoError(t, err)
	require.InDelta(t, 0.01643, lower, 5e-6)
	require.InDelta(t, 0.11283, upper, 5e-6)
	requireLowerBound(t, 5, 100, 0.025, lower)
	requireUpperBound(t, 5, 100, 0.975, upper)

	lower, upper, err = sampling.ClopperPearsonInterval(0, 59, 0.95)
	require.NoError(t, err)
	require.Zero(t, lower)
	require.InEpsilon(t, 1-math.Pow(0.025, 1.0/59), upper, 1e-12)

	lower, upper, err = sampling.ClopperPearsonInterval(59, 59, 0.95)
	require.NoError(t, err)
	require.InEpsilon(t, math.Pow(0.025, 1.0/59), lower, 1e-12)
	require.Equal(t, 1.0, upper)

	lower, upper, err = sampling.ClopperPearsonInterval(0, 0, 0.95)
	require.NoError(t, err)
	require.Equal(t, [2]float64{0, 1}, [2]float64{lower, upper})
}

func TestClopperPearsonRefusesImpossibleInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		k, n       int
		confidence float64
	}{
		{-1, 10, 0.95},
		{0, -1, 0.95},
		{11, 10, 0.95},
		{0, 10, 0},
		{0, 10, 1},
		{0, 10, 95},
		{0, 10, math.NaN()},
	} {
		_, err := sampling.ClopperPearsonUpper(c.k, c.n, c.confidence)
		require.ErrorIs(t, err, sampling.ErrInvalidArgument, "%+v", c)
		_, _, err = sampling.ClopperPearsonInterval(c.k, c.n, c.confidence)
		require.ErrorIs(t, err, sampling.ErrInvalidArgument, "%+v", c)
	}
}
