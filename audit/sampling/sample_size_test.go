package sampling_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit/sampling"
)

func TestAttributeSampleSizeMatchesAuditTables(t *testing.T) {
	t.Parallel()
	// The sample sizes of the AICPA attribute-sampling tables, each checked
	// again against the 256-bit reference: n is enough, n-1 is not.
	for _, c := range []struct {
		confidence, rate float64
		errors, want     int
	}{
		{0.95, 0.05, 0, 59},
		{0.95, 0.05, 1, 93},
		{0.95, 0.05, 2, 124},
		{0.95, 0.05, 3, 153},
		{0.95, 0.10, 0, 29},
		{0.95, 0.10, 1, 46},
		{0.90, 0.05, 0, 45},
		{0.90, 0.10, 0, 22},
		{0.99, 0.05, 0, 90},
	} {
		t.Run(fmt.Sprintf("%v/%v/%d", c.confidence, c.rate, c.errors), func(t *testing.T) {
			t.Parallel()
			got, err := sampling.AttributeSampleSize(c.confidence, c.rate, c.errors)
			require.NoError(t, err)
			require.Equal(t, c.want, got)
			requireSmallestSufficient(t, c.confidence, c.rate, c.errors, got)
		})
	}
}

// requireSmallestSufficient checks with the reference CDF that n items prove
// the rate and n-1 do not.
func requireSmallestSufficient(t *testing.T, confidence, rate float64, errors, n int) {
	t.Helper()
	alpha := 1 - confidence
	require.LessOrEqual(t, referenceFloat64(referenceCDF(errors, n, rate)), alpha, "n = %d is not enough", n)
	require.Greater(t, referenceFloat64(referenceCDF(errors, n-1, rate)), alpha, "n - 1 = %d is already enough", n-1)
}

func TestAttributeSampleSizeAgreesWithClopperPearson(t *testing.T) {
	t.Parallel()
	for _, errors := range []int{0, 1, 4, 20} {
		for _, rate := range []float64{0.005, 0.02, 0.3} {
			n, err := sampling.AttributeSampleSize(0.95, rate, errors)
			require.NoError(t, err)
			upper, err := sampling.ClopperPearsonUpper(errors, n, 0.95)
			require.NoError(t, err)
			require.LessOrEqual(t, upper, rate, "%d errors, rate %v: n = %d", errors, rate, n)
			before, err := sampling.ClopperPearsonUpper(errors, n-1, 0.95)
			require.NoError(t, err)
			require.Greater(t, before, rate, "%d errors, rate %v: n-1 = %d", errors, rate, n-1)
		}
	}
}

func TestAttributeSampleSizeForTinyRates(t *testing.T) {
	t.Parallel()
	// One in a million: ln(0.05)/ln(1-1e-6), about three million items.
	got, err := sampling.AttributeSampleSize(0.95, 1e-6, 0)
	require.NoError(t, err)
	require.Equal(t, int(math.Ceil(math.Log(0.05)/math.Log1p(-1e-6))), got)

	_, err = sampling.AttributeSampleSize(0.95, 1e-12, 0)
	require.ErrorIs(t, err, sampling.ErrInvalidArgument, "a trillion items is not an audit")
}

func TestAttributeSampleSizeRefusesImpossibleInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		confidence, rate float64
		errors           int
	}{
		{0, 0.05, 0},
		{1, 0.05, 0},
		{95, 0.05, 0},
		{math.NaN(), 0.05, 0},
		{0.95, 0, 0},
		{0.95, 1, 0},
		{0.95, 5, 0},
		{0.95, math.NaN(), 0},
		{0.95, 0.05, -1},
	} {
		_, err := sampling.AttributeSampleSize(c.confidence, c.rate, c.errors)
		require.ErrorIs(t, err, sampling.ErrInvalidArgument, "%+v", c)
	}
}

func TestFinitePopulation(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ n, population, want int }{
		{59, 100_000, 59}, // no reduction: the binomial statement needs all 59
		{59, 60, 59},
		{59, 59, 59},
		{59, 40, 40}, // a small period is reviewed in full
		{59, 0, 0},
		{0, 100, 0},
		{59, -1, 0},
	} {
		require.Equal(t, c.want, sampling.FinitePopulation(c.n, c.population), "%+v", c)
	}
}
