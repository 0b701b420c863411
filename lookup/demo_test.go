package lookup_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
	"contactd/lookup"
)

const (
	testSeed = 20160046
	testSize = 10_000
)

// population is shared by the read-only tests: a Demo is safe for
// concurrent use.
var population = sync.OnceValue(func() *lookup.Demo { return lookup.NewDemo(testSeed, testSize) })

func TestDemoDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := population(), lookup.NewDemo(testSeed, testSize)
	other := lookup.NewDemo(testSeed+1, testSize)
	require.Equal(t, testSize, a.Size())
	same := 0
	for i := range testSize {
		require.Equal(t, a.Citizen(i), b.Citizen(i))
		if a.Citizen(i) == other.Citizen(i) {
			same++
		}
	}
	require.Less(t, same, 10, "another seed must give another population")

	for _, i := range []int{0, 1, 4999, testSize - 1} {
		x, err := a.Identity(ctx, a.Citizen(i))
		require.NoError(t, err)
		y, err := b.Identity(ctx, b.Citizen(i))
		require.NoError(t, err)
		require.Equal(t, x, y)
		// Asking twice gives the same answer.
		z, err := a.Identity(ctx, a.Citizen(i))
		require.NoError(t, err)
		require.Equal(t, x, z)
	}

	// A citizen's data do not depend on the population size.
	small := lookup.NewDemo(testSeed, 100)
	for i := range small.Size() {
		require.Equal(t, a.Citizen(i), small.Citizen(i))
		x, err := a.Identity(ctx, a.Citizen(i))
		require.NoError(t, err)
		y, err := small.Identity(ctx, small.Citizen(i))
		require.NoError(t, err)
		require.Equal(t, x, y)
	}
}

func TestDemoNumbers(t *testing.T) {
	t.Parallel()
	d := population()
	seen := make(map[insz.Number]int, d.Size())
	var from2000, bis, bis20, bis40, male, female, partial int
	for i := range d.Size() {
		n := d.Citizen(i)
		parsed, err := insz.Parse(n.String())
		require.NoError(t, err, "citizen %d", i)
		require.Equal(t, n, parsed)
		prev, dup := seen[n]
		require.False(t, dup, "citizens %d and %d share a number", prev, i)
		seen[n] = i

		y, _, _, ok := n.BirthDate()
		if !ok {
			partial++
		}
		if n.BornFrom2000() {
			from2000++
		}
		switch {
		case n.IsBIS():
			bis++
			if n.Sex() == insz.SexUnknown {
				bis20++
			} else {
				bis40++
			}
			require.True(t, y >= 1950 && y <= 2005, "BIS birth year %d", y)
		case n.BornFrom2000():
			require.True(t, y >= 2000 && y <= 2008, "birth year %d", y)
		default:
			require.True(t, y >= 1940 && y <= 1999, "birth year %d", y)
			require.True(t, ok, "national numbers have a full birth date")
		}
		switch n.Sex() {
		case insz.SexMale:
			male++
		case insz.SexFemale:
			female++
		}
	}
	pct := func(c int) float64 { return 100 * float64(c) / float64(d.Size()) }
	require.InDelta(t, 3.2, pct(from2000), 1, "born from 2000: %d", from2000)
	require.InDelta(t, 2, pct(bis), 0.8, "BIS: %d", bis)
	require.Positive(t, bis20, "BIS +20")
	require.Positive(t, bis40, "BIS +40")
	require.Positive(t, partial, "incomplete birth dates")
	require.InDelta(t, 49.5, pct(male), 3, "male: %d", male)
	require.InDelta(t, 49.5, pct(female), 3, "female: %d", female)
}

func TestDemoIdentity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := population()
	var abroad, box int
	for i := range d.Size() {
		n := d.Citizen(i)
		id, err := d.Identity(ctx, n)
		require.NoError(t, err, "citizen %d", i)
		require.Equal(t, n, id.INSZ)
		for name, v := range map[string]string{
			"last name": id.LastName, "first name": id.FirstName, "birth place": id.BirthPlace,
			"street": id.Address.Street, "house number": id.Address.Number,
			"municipality": id.Address.Municipality, "country": id.Address.Country,
		} {
			require.NotEmpty(t, v, "citizen %d: %s", i, name)
		}
		require.Equal(t, n.Sex(), id.Sex, "citizen %d", i)
		if !n.IsBIS() {
			require.NotEqual(t, insz.SexUnknown, id.Sex)
			require.Equal(t, "BE", id.Address.Country)
			require.NotContains(t, id.BirthPlace, "(", "born in Belgium")
		} else {
			require.Regexp(t, `^.+ \([A-Z]{2}\)$`, id.BirthPlace, "born abroad")
		}
		if id.Address.Country == "BE" {
			require.Regexp(t, `^\d{4}$`, id.Address.PostalCode)
		} else {
			abroad++
		}
		if id.Address.Box != "" {
			box++
		}
		y, m, day, _ := n.BirthDate()
		require.Equal(t, fmt.Sprintf("%04d-%02d-%02d", y, m, day), id.BirthDate)
		require.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, id.BirthDate)
		require.NotEmpty(t, id.Address.String())
		require.False(t, strings.Contains(id.Address.String(), n.String()))
	}
	require.Positive(t, abroad, "some BIS holders live abroad")
	require.Positive(t, box, "some addresses have a box")
}

func TestDemoNotFound(t *testing.T) {
	t.Parallel()
	d := population()
	// Valid numbers the drawing rules cannot produce: a national number born
	// in 1935 and a BIS number born in 1945.
	old, err := insz.Compute(1935, 6, 15, 33, false, false)
	require.NoError(t, err)
	bis, err := insz.Compute(1945, 6, 15, 34, true, true)
	require.NoError(t, err)
	for _, n := range []insz.Number{old, bis, "", "123", "85073003329"} {
		id, err := d.Identity(context.Background(), n)
		require.ErrorIs(t, err, lookup.ErrNotFound)
		require.Zero(t, id)
		if n != "" {
			require.NotContains(t, err.Error(), n.String())
		}
	}
	empty := lookup.NewDemo(testSeed, 0)
	require.Zero(t, empty.Size())
	_, err = empty.Identity(context.Background(), d.Citizen(0))
	require.ErrorIs(t, err, lookup.ErrNotFound)
}

func TestDemoContext(t *testing.T) {
	t.Parallel()
	d := population()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	id, err := d.Identity(ctx, d.Citizen(0))
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, id)

	ctx, cancel = context.WithTimeout(context.Background(), 0)
	defer cancel()
	_, err = d.Identity(ctx, d.Citizen(1))
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestDemoConcurrent(t *testing.T) {
	t.Parallel()
	d := population()
	want, err := d.Identity(context.Background(), d.Citizen(7))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				id, err := d.Identity(context.Background(), d.Citizen((g*200+i)%d.Size()))
				if err != nil || (g*200+i)%d.Size() == 7 && id != want {
					t.Errorf("concurrent lookup failed")
				}
			}
		})
	}
	wg.Wait()
}

func TestDemoPanics(t *testing.T) {
	t.Parallel()
	require.Panics(t, func() { lookup.NewDemo(1, -1) })
	require.Panics(t, func() { lookup.NewDemo(1, 1_000_001) })
	d := lookup.NewDemo(1, 3)
	require.Panics(t, func() { d.Citizen(3) })
	require.Panics(t, func() { d.Citizen(-1) })
}

// The interface is what callers hold; Demo must satisfy it.
var _ lookup.IdentitySource = (*lookup.Demo)(nil)
