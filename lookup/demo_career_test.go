package lookup_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
	"contactd/lookup"
)

// demoReferenceDate is the demo population's fixed "today".
const demoReferenceDate = "2026-01-01"

func TestDemoCareerAndPensionDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b, small := population(), lookup.NewDemo(testSeed, testSize), lookup.NewDemo(testSeed, 100)
	other := lookup.NewDemo(testSeed+1, testSize)
	differ := 0
	for _, i := range []int{0, 1, 42, 99} {
		c, p := careerAndPension(t, a, i)
		// Another Demo, asking again, or a smaller population: the same data.
		for _, d := range []*lookup.Demo{b, a, small} {
			c2, p2 := careerAndPension(t, d, i)
			require.Equal(t, c, c2, "citizen %d", i)
			require.Equal(t, p, p2, "citizen %d", i)
		}
		if oc, _ := careerAndPension(t, other, i); !slices.Equal(oc.Periods, c.Periods) {
			differ++
		}
	}
	require.Positive(t, differ, "another seed must give other careers")
	// The career is the same whether or not the pension was asked first.
	fresh := lookup.NewDemo(testSeed, 100)
	_, err := fresh.SupplementaryPension(ctx, fresh.Citizen(5))
	require.NoError(t, err)
	want, _ := careerAndPension(t, a, 5)
	got, err := fresh.Career(ctx, fresh.Citizen(5))
	require.NoError(t, err)
	require.Equal(t, want, got)
}

func TestDemoCareerAndPensionNotFound(t *testing.T) {
	t.Parallel()
	d := population()
	old, err := insz.Compute(1935, 6, 15, 33, false, false)
	require.NoError(t, err)
	for _, n := range []insz.Number{old, "", "85073003329"} {
		c, err := d.Career(context.Background(), n)
		require.ErrorIs(t, err, lookup.ErrNotFound)
		require.Zero(t, c)
		p, err := d.SupplementaryPension(context.Background(), n)
		require.ErrorIs(t, err, lookup.ErrNotFound)
		require.Zero(t, p)
	}
}

func TestDemoCareerAndPensionContext(t *testing.T) {
	t.Parallel()
	d := population()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err := d.Career(ctx, d.Citizen(0))
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, c)
	p, err := d.SupplementaryPension(ctx, d.Citizen(0))
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, p)
}

// TestDemoIdentityUnchanged: careers and pensions draw from streams of
// their own, so the identities are those computed before they existed.
func TestDemoIdentityUnchanged(t *testing.T) {
	t.Parallel()
	d := population()
	want := map[int]lookup.Identity{
		0: {INSZ: "47021089401", LastName: "Peeters", FirstName: "Eline", Sex: insz.SexFemale,
			BirthDate: "1947-02-10", BirthPlace: "Sint-Niklaas",
			Address: lookup.Address{Street: "Hoogstraat", Number: "102", PostalCode: "9100", Municipality: "Sint-Niklaas", Country: "BE"}},
		42: {INSZ: "50121738347", LastName: "Leclercq", FirstName: "Olivier", Sex: insz.SexMale,
			BirthDate: "1950-12-17", BirthPlace: "Nivelles",
			Address: lookup.Address{Street: "Rue des Champs", Number: "115", PostalCode: "1400", Municipality: "Nivelles", Country: "BE"}},
		9999: {INSZ: "40121606687", LastName: "Wilmotte", FirstName: "Louise", Sex: insz.SexFemale,
			BirthDate: "1940-12-16", BirthPlace: "Liège",
			Address: lookup.Address{Street: "Rue Haute", Number: "86", Box: "6", PostalCode: "4000", Municipality: "Liège", Country: "BE"}},
	}
	for i, id := range want {
		got, err := d.Identity(context.Background(), d.Citizen(i))
		require.NoError(t, err)
		require.Equal(t, id, got, "citizen %d", i)
	}
}

// careerStats counts what the whole population's careers must contain.
type careerStats struct {
	regimes      map[lookup.Regime]int
	assimilated  map[lookup.Assimilation]int
	working, old int
}

func TestDemoCareerInvariants(t *testing.T) {
	t.Parallel()
	d := population()
	stats := careerStats{regimes: map[lookup.Regime]int{}, assimilated: map[lookup.Assimilation]int{}}
	for i := range d.Size() {
		n := d.Citizen(i)
		c, err := d.Career(context.Background(), n)
		require.NoError(t, err)
		require.Equal(t, n, c.INSZ)
		require.NotNil(t, c.Periods, "an empty career is an empty list")
		if y, _, _, _ := n.BirthDate(); y >= 2006 {
			require.Empty(t, c.Periods, "citizen %d, born %d, is too young", i, y)
		}
		checkCareer(t, n, c, &stats)
	}
	for _, r := range lookup.Regimes {
		require.Greater(t, stats.regimes[r], 500, "citizens with %s periods", r)
	}
	for _, a := range []lookup.Assimilation{lookup.AssimilatedUnemployment, lookup.AssimilatedIllness,
		lookup.AssimilatedMaternity, lookup.AssimilatedCareerBreak, lookup.AssimilatedMilitary} {
		require.Greater(t, stats.assimilated[a], 500, "%s periods", a)
	}
	require.Greater(t, stats.working, 3000, "citizens still working at the reference date")
	require.Greater(t, stats.old, 1000, "citizens retired before it")
}

// checkCareer checks one citizen's periods: sorted, no overlap within a
// regime, dates valid and before the reference date, a first job at 18 to
// 25, units as each regime counts, maternity for women only, military
// service for men born before 1975 only.
func checkCareer(t *testing.T, n insz.Number, c lookup.Career, stats *careerStats) {
	t.Helper()
	y, m, day, _ := n.BirthDate()
	adult := time.Date(y+18, time.Month(max(m, 1)), max(day, 1), 0, 0, 0, 0, time.UTC)
	female := (n[8]-'0')%2 == 0
	seen := map[lookup.Regime]bool{}
	var prev lookup.Period
	first, last := "9999", ""
	for k, p := range c.Periods {
		start, end := date(t, p.Start), date(t, p.End)
		require.False(t, end.Before(start), "%+v", p)
		require.Less(t, p.End, demoReferenceDate, "%+v", p)
		require.False(t, start.Before(adult), "%s: %+v before 18", n, p)
		require.NotEmpty(t, p.Employer)
		if p.Regime == lookup.RegimeSalaried && p.Assimilation == lookup.AssimilatedNone {
			require.True(t, isCompany(p.Employer), "%q is a demo company", p.Employer)
		}
		require.Contains(t, lookup.Regimes, p.Regime)
		if k > 0 && p.Regime == prev.Regime {
			require.Greater(t, p.Start, prev.End, "%s: overlap of %+v and %+v", n, prev, p)
		} else if k > 0 {
			require.Greater(t, slices.Index(lookup.Regimes, p.Regime), slices.Index(lookup.Regimes, prev.Regime), "sorted by regime")
		}
		prev, first, last = p, min(first, p.Start), max(last, p.End)
		seen[p.Regime] = true
		stats.assimilated[p.Assimilation]++

		calendar := int(end.Sub(start).Hours()/24) + 1
		if p.Regime == lookup.RegimeSelfEmployed {
			require.Zero(t, p.Days)
			require.Equal(t, 1, start.Day(), "self-employed periods cover whole quarters")
			require.Equal(t, time.January, (start.Month()-1)%3+1)
			require.Equal(t, 1, end.AddDate(0, 0, 1).Day())
			require.Equal(t, quarterOf(end)-quarterOf(start)+1, p.Quarters, "%+v", p)
			require.Equal(t, lookup.AssimilatedNone, p.Assimilation)
		} else {
			require.Zero(t, p.Quarters)
			require.Positive(t, p.Days)
			require.LessOrEqual(t, p.Days, calendar, "%+v", p)
		}
		switch p.Assimilation {
		case lookup.AssimilatedNone:
		case lookup.AssimilatedMaternity:
			require.True(t, female, "%s: maternity for a man", n)
		case lookup.AssimilatedMilitary:
			require.True(t, !female && y < 1975, "%s: military service", n)
		}
		if p.Assimilation != lookup.AssimilatedNone {
			require.Equal(t, lookup.RegimeSalaried, p.Regime)
		}
	}
	for r := range seen {
		stats.regimes[r]++
	}
	if len(c.Periods) > 0 {
		// By 26 at the latest, the month (or year) of birth being all a
		// BIS number may tell.
		latest := time.Date(y+27, time.January, 1, 0, 0, 0, 0, time.UTC)
		if m > 0 {
			latest = time.Date(y+26, time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC)
		}
		require.True(t, date(t, first).Before(latest), "%s starts working by 25", n)
		if last == "2025-12-31" {
			stats.working++
		} else {
			stats.old++
		}
	}
}

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err, s)
	require.Equal(t, s, d.Format(time.DateOnly))
	return d
}

func quarterOf(d time.Time) int { return d.Year()*4 + int(d.Month()-1)/3 }

func careerAndPension(t *testing.T, d *lookup.Demo, i int) (lookup.Career, lookup.SupplementaryPension) {
	t.Helper()
	c, err := d.Career(context.Background(), d.Citizen(i))
	require.NoError(t, err)
	p, err := d.SupplementaryPension(context.Background(), d.Citizen(i))
	require.NoError(t, err)
	return c, p
}

// isCompany tells a company name of the demo lists by its legal form.
func isCompany(name string) bool {
	for _, form := range []string{"NV", "BV", "BVBA", "CV", "SA", "SRL", "SPRL", "SC", "AG", "GmbH", "PGmbH"} {
		if strings.HasSuffix(name, " "+form) {
			return true
		}
	}
	return false
}

func TestDemoSupplementaryPension(t *testing.T) {
	t.Parallel()
	d := population()
	kinds := map[string]int{}
	var none, active int
	var shortSum, shortN, longSum, longN int64
	for i := range d.Size() {
		c, p := careerAndPension(t, d, i)
		require.Equal(t, c.INSZ, p.INSZ)
		require.Equal(t, demoReferenceDate, p.ReferenceDate)
		require.NotNil(t, p.Plans, "no plan is an empty list")
		if len(p.Plans) == 0 {
			none++
		}
		service, current := salariedService(c)
		if len(service) == 0 {
			require.Empty(t, p.Plans, "citizen %d was never salaried", i)
		}
		require.True(t, slices.IsSortedFunc(p.Plans, func(a, b lookup.Plan) int {
			return strings.Compare(a.Institution+"\x00"+a.Plan, b.Institution+"\x00"+b.Plan)
		}), "citizen %d: plans sorted", i)
		activeHere := 0
		for _, pl := range p.Plans {
			kinds[pl.Kind]++
			require.NotEmpty(t, pl.Institution)
			require.NotEmpty(t, pl.Plan)
			require.Positive(t, pl.Reserves, "%+v", pl)
			require.GreaterOrEqual(t, pl.AccruedBenefit, pl.Reserves, "%+v", pl)
			days, employer := service[pl.Employer]
			if employer {
				if pl.Kind == "defined_contribution" && days < 3*365 {
					shortSum, shortN = shortSum+pl.Reserves, shortN+1
				} else if pl.Kind == "defined_contribution" && days > 15*365 {
					longSum, longN = longSum+pl.Reserves, longN+1
				}
			} else {
				require.Regexp(t, `^(Sociaal Fonds PC|Fonds social CP|Sozialfonds PK) \d{3}$`, pl.Employer,
					"a plan is organised by a former employer or a sector fund")
			}
			if pl.Active {
				activeHere++
				require.NotEmpty(t, current, "citizen %d: an active plan needs a current employer", i)
				require.True(t, !employer || pl.Employer == current, "citizen %d: %s's plan is active", i, pl.Employer)
			}
		}
		require.LessOrEqual(t, activeHere, 1, "citizen %d: only the current employer's plan is active", i)
		active += activeHere
	}
	require.InDelta(t, 25, 100*float64(none)/float64(d.Size()), 4, "citizens without any plan: %d", none)
	require.Greater(t, active, 1000, "plans still paid into")
	for _, k := range []string{"defined_contribution", "defined_benefit", "cash_balance"} {
		require.Greater(t, kinds[k], 500, k)
	}
	require.Len(t, kinds, 3)
	require.Greater(t, longSum/longN, 3*(shortSum/shortN), "reserves grow with the years of service")
}

// salariedService gives the calendar days worked for each salaried
// employer of c (assimilated periods aside), and the employer still
// worked for at the reference date, if any.
func salariedService(c lookup.Career) (map[string]int, string) {
	days, current := map[string]int{}, ""
	for _, p := range c.Periods {
		if p.Regime != lookup.RegimeSalaried || p.Assimilation != lookup.AssimilatedNone {
			continue
		}
		start, _ := time.Parse(time.DateOnly, p.Start)
		end, _ := time.Parse(time.DateOnly, p.End)
		days[p.Employer] += int(end.Sub(start).Hours()/24) + 1
		if p.End == "2025-12-31" {
			current = p.Employer
		}
	}
	return days, current
}
