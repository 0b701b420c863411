package lookup

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
)

func TestDemoRedraws(t *testing.T) {
	t.Parallel()
	// With 200,000 citizens in ~22 million possible numbers, collisions
	// are certain (about a thousand expected); each is re-drawn and the
	// result is still unique and reproducible.
	d := NewDemo(7, 200_000)
	require.Positive(t, d.redraws)
	require.Len(t, d.index, d.Size())
	again := NewDemo(7, 200_000)
	require.Equal(t, d.redraws, again.redraws)
	require.Equal(t, d.numbers, again.numbers)
}

func TestDemoRegenerateAlone(t *testing.T) {
	t.Parallel()
	// Without collisions, a citizen's number comes from (seed, i) alone.
	d := NewDemo(11, 1000)
	require.Zero(t, d.redraws)
	for _, i := range []int{0, 500, 999} {
		require.Equal(t, d.Citizen(i), drawNumber(citizenRand(11, i, streamNumber)))
	}
}

func TestDemoFirstNameFollowsSex(t *testing.T) {
	t.Parallel()
	d := NewDemo(3, 5000)
	for i := range d.Size() {
		n := d.Citizen(i)
		id, err := d.Identity(context.Background(), n)
		require.NoError(t, err)
		sex := 0
		if n[8]%2 == 0 {
			sex = 1
		}
		if id.Sex != insz.SexUnknown {
			require.Equal(t, id.Sex == insz.SexFemale, sex == 1)
		}
		found := false
		for l := range numLanguages {
			found = found || slices.Contains(firstNames[l][sex], id.FirstName)
		}
		require.True(t, found, "citizen %d: first name of the other sex", i)
	}
}

func TestDemoLists(t *testing.T) {
	t.Parallel()
	// Lists the brief sizes: about 60 last names and 60 first names per
	// sex, about 40 municipalities, and no duplicates that would skew draws.
	var last, male, female []string
	for l := range numLanguages {
		last = append(last, lastNames[l]...)
		male = append(male, firstNames[l][0]...)
		female = append(female, firstNames[l][1]...)
		require.NotEmpty(t, streets[l])
	}
	for _, list := range [][]string{last, male, female} {
		require.GreaterOrEqual(t, len(list), 55)
		sorted := slices.Clone(list)
		slices.Sort(sorted)
		require.Len(t, slices.Compact(sorted), len(list))
	}
	require.GreaterOrEqual(t, len(municipalities), 40)
	codes := map[string]bool{}
	for _, m := range municipalities {
		require.Regexp(t, `^\d{4}$`, m.postalCode)
		require.False(t, codes[m.postalCode], m.name)
		codes[m.postalCode] = true
	}
	for _, p := range foreignPlaces {
		require.NotEqual(t, "BE", p.Country)
		require.NotEmpty(t, p.Streets)
	}
}
