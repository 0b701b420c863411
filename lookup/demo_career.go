package lookup

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"contactd/internal/insz"
)

// demoToday is the demo population's "today": careers run until the day
// before and pensions are valued at it. It is fixed, not the clock, so
// that a citizen's data never change from one run to the next.
var demoToday = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// firstBirthYearWithoutCareer: the demo citizens born from this year on
// were at most 19 at demoToday and have not worked yet.
const firstBirthYearWithoutCareer = 2006

// Conscription concerned the men born before 1975; it was suspended in
// 1994, so the demo calls no one up after 1993.
const lastConscriptBirthYear = 1975

var lastCallUp = time.Date(1993, time.December, 31, 0, 0, 0, 0, time.UTC)

// Career returns citizen n's synthetic career. It returns ErrNotFound for
// any number outside the population, and ctx's error when ctx is already
// done, like a real source would. A citizen too young to have worked has a
// Career with no periods.
func (d *Demo) Career(ctx context.Context, n insz.Number) (Career, error) {
	i, err := d.find(ctx, n)
	if err != nil {
		return Career{}, err
	}
	return d.career(i), nil
}

// career derives citizen i's career from (seed, i) and the citizen's
// number, through the career stream alone.
func (d *Demo) career(i int) Career {
	spells := d.careerSpells(i)
	c := Career{INSZ: d.numbers[i], Periods: make([]Period, len(spells))}
	for k, s := range spells {
		c.Periods[k] = s.Period
	}
	slices.SortFunc(c.Periods, func(a, b Period) int {
		return cmp.Or(
			cmp.Compare(slices.Index(Regimes, a.Regime), slices.Index(Regimes, b.Regime)),
			strings.Compare(a.Start, b.Start))
	})
	return c
}

// careerSpells draws citizen i's career, oldest first. The pension
// generator calls it too: the career stream makes it the same every time.
func (d *Demo) careerSpells(i int) []spell {
	return drawCareer(citizenRand(d.seed, i, streamCareer), d.numbers[i])
}

// spell is one drawn period with what pensions need besides the Period.
type spell struct {
	Period
	start, end time.Time
	sector     int // index in sectors for a company job, -1 otherwise
	lang       language
	percent    int // work time, 100 for full time
}

// careerDraw is one citizen's career while it is drawn.
type careerDraw struct {
	r      *rand.Rand
	birth  time.Time
	female bool
	lang   language  // of the region the citizen mostly works in
	fund   string    // health insurance fund, which pays sickness and maternity
	trade  string    // the activity of the citizen's self-employed periods
	until  time.Time // the last day of the career: retirement or demoToday-1
	spells []spell
	job    *spell // the job in progress, nil when out of work
	leave  bool   // the job in progress is interrupted by an absence
	worked bool   // a job was drawn already
}

// drawCareer draws a career from r: a start between 18 and 25, military
// service for some of the older men, then jobs, absences and gaps until
// retirement (60 to 65) or demoToday.
func drawCareer(r *rand.Rand, n insz.Number) []spell {
	birth := approximateBirthday(n)
	if birth.Year() >= firstBirthYearWithoutCareer {
		return nil
	}
	lang := drawWorkLanguage(r)
	c := &careerDraw{
		r: r, birth: birth, female: serialIsEven(n), lang: lang,
		fund: pick(r, healthInsuranceFunds), trade: pick(r, selfEmployedActivities[lang]),
		until: demoToday.AddDate(0, 0, -1),
	}
	if retired := birth.AddDate(60+r.IntN(6), 0, -1); retired.Before(c.until) {
		c.until = retired
	}
	from := birth.AddDate(18+r.IntN(8), 0, r.IntN(365))
	mainRegime := RegimeSalaried
	switch u := r.IntN(100); {
	case u < 12:
		mainRegime = RegimeCivilServant
	case u < 22:
		mainRegime = RegimeSelfEmployed
	}
	conscript := !c.female && birth.Year() < lastConscriptBirthYear && !from.After(lastCallUp)
	if conscript && r.IntN(10) < 8 {
		months := 12 // later shortened to ten months
		if birth.Year() >= 1958 {
			months = 10
		}
		from = c.absence(from, from.AddDate(0, months, -1), AssimilatedMilitary, payerDefence)
	}
	for !from.After(c.until) {
		from = c.step(from, mainRegime)
	}
	return c.spells
}

// step draws what comes at from — back to an interrupted job, an absence,
// unemployment, a gap or a new job — and returns where the next starts.
// Only salaried jobs are interrupted: civil servants keep their pay during
// leave, and the self-employed have no such benefits.
func (c *careerDraw) step(from time.Time, mainRegime Regime) time.Time {
	r := c.r
	if c.leave {
		c.leave = false
		if r.IntN(10) < 8 {
			return c.work(from, c.job.Regime, c.job)
		}
		c.job = nil
	}
	salaried := c.job != nil && c.job.Regime == RegimeSalaried
	age := ageAt(c.birth, from)
	mother := salaried && c.female && age >= 20 && age < 43
	// Each event has its own band of u; an event that cannot happen
	// leaves its band to a new job.
	switch u := r.IntN(100); {
	case u < 20 && mother:
		c.leave = true // 15 weeks of maternity leave
		return c.absence(from, from.AddDate(0, 0, 104), AssimilatedMaternity, c.fund)
	case u >= 20 && u < 24 && salaried:
		c.leave = true
		return c.absence(from, from.AddDate(0, 3+r.IntN(10), -1), AssimilatedCareerBreak, payerEmployment)
	case u >= 24 && u < 29 && salaried:
		c.leave = true
		return c.absence(from, from.AddDate(0, 1+r.IntN(12), -1), AssimilatedIllness, c.fund)
	case u >= 29 && u < 41 && (c.job == nil || c.job.Regime != RegimeSelfEmployed):
		c.job = nil
		return c.absence(from, from.AddDate(0, 2+r.IntN(17), -1), AssimilatedUnemployment, payerEmployment)
	case u >= 41 && u < 50 && c.worked: // a career starts with its first period
		c.job = nil
		return from.AddDate(0, 1+r.IntN(30), 0)
	}
	// Many civil servants and self-employed start out as employees.
	regime := mainRegime
	switch u := r.IntN(100); {
	case u < 50 && !c.worked:
		regime = RegimeSalaried
	case u >= 50 && u < 58:
		regime = Regimes[r.IntN(len(Regimes))]
	}
	c.worked = true
	return c.work(from, regime, nil)
}

// absence adds an assimilated period in the salaried regime, paid by
// payer, and returns the day after it.
func (c *careerDraw) absence(from, to time.Time, why Assimilation, payer string) time.Time {
	to = earliest(to, c.until)
	c.add(spell{
		Period: Period{Regime: RegimeSalaried, Employer: payer, Days: workDays(from, to, 100), Assimilation: why},
		start:  from, end: to, sector: -1, percent: 100,
	})
	return to.AddDate(0, 0, 1)
}

// add appends s with its dates written out.
func (c *careerDraw) add(s spell) {
	s.Start, s.End = s.start.Format(time.DateOnly), s.end.Format(time.DateOnly)
	c.spells = append(c.spells, s)
}

// serialIsEven tells women from men even when a +20 BIS number does not
// record the sex, as the identity does.
func serialIsEven(n insz.Number) bool { return (n[8]-'0')%2 == 0 }

// drawWorkLanguage draws the language of the region a citizen works in,
// roughly as Belgian jobs are spread.
func drawWorkLanguage(r *rand.Rand) language {
	switch u := r.IntN(100); {
	case u < 55:
		return dutch
	case u < 96:
		return french
	}
	return german
}
