package sampling_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit/sampling"
)

func TestVolumeOutliers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		counts map[string]int
		factor float64
		want   []string
	}{
		{"nobody", nil, 3, nil},
		{"a steady team", map[string]int{"ann": 40, "bob": 55, "cas": 38, "dirk": 61}, 3, nil},
		{"one far above", map[string]int{"ann": 40, "bob": 50, "cas": 45, "eve": 400}, 3, []string{"eve"}},
		{"just above three times", map[string]int{"ann": 20, "bob": 20, "cas": 61}, 3, []string{"cas"}},
		{"exactly three times is not above", map[string]int{"ann": 20, "bob": 20, "cas": 60}, 3, nil},
		// Against everyone's median (12.5) eve would stay under 3 × 12.5; against
		// her peers' (ann and bob, 5) she is far above.
		{"a small team", map[string]int{"ann": 5, "bob": 5, "eve": 20, "zoe": 80}, 3, []string{"eve", "zoe"}},
		{"too few to matter", map[string]int{"ann": 1, "bob": 2, "cas": 9}, 3, nil},
		{"peers who consulted nothing", map[string]int{"ann": 0, "bob": 0, "cas": 10}, 3, []string{"cas"}},
		{"alone", map[string]int{"ann": 1000}, 3, nil},
		{"a factor that is no factor falls back to 3", map[string]int{"ann": 20, "bob": 20, "cas": 50, "eve": 61}, 0, []string{"eve"}},
		{"two outliers, sorted", map[string]int{"zoe": 500, "ann": 10, "bob": 12, "cas": 11, "eve": 300}, 3, []string{"eve", "zoe"}},
		{"a lower factor flags more", map[string]int{"ann": 20, "bob": 22, "cas": 45}, 2, []string{"cas"}},
	} {
		require.Equal(t, c.want, sampling.VolumeOutliers(c.counts, c.factor), c.name)
	}
}
