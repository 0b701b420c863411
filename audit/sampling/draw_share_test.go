package sampling_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit/sampling"
)

func TestDrawShareSize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		items   int
		share   float64
		minimum int
		want    int
	}{
		{30, 0.1, 0, 3}, // 0.1 × 30 is 3.0000000000000004 in binary
		{10, 0.25, 0, 3},
		{30, 0.1, 5, 5},
		{30, 0.5, 100, 30},
		{1000, 0.013, 0, 13},
		{10, 0, 0, 0},
		{10, 0, 2, 2},
		{10, -1, 0, 0},
		{10, math.NaN(), 2, 2},
		{10, 2, 0, 10},
		{0, 0.5, 3, 0},
	} {
		got := sampling.DrawShare(teamItems(c.items), c.share, c.minimum, 1)
		require.Len(t, got, c.want, "%+v", c)
	}
}

func TestDrawShareDrawsLikeDraw(t *testing.T) {
	t.Parallel()
	items := teamItems(70, 30)
	require.Equal(t, sampling.Draw(items, 10, 77), sampling.DrawShare(items, 0.1, 1, 77))
}

func TestNewSeedIsFresh(t *testing.T) {
	t.Parallel()
	// Two equal 64-bit seeds in a row would be a 1 in 2^64 event.
	require.NotEqual(t, sampling.NewSeed(), sampling.NewSeed())
}
