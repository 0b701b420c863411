package lookup

import (
	"time"

	"contactd/internal/insz"
)

// daysPerYear is a full year of full-time work in the six-day scheme the
// Belgian pension services count in (6 days × 52 weeks).
const daysPerYear = 312

// work adds a job in regime from from — the job resumed after an absence,
// or a new one — and returns the day after it.
func (c *careerDraw) work(from time.Time, regime Regime, resumed *spell) time.Time {
	r := c.r
	s := spell{Period: Period{Regime: regime}, sector: -1, lang: c.lang, percent: 100}
	if r.IntN(100) < 15 {
		s.lang = language(r.IntN(numLanguages))
	}
	if resumed != nil {
		s.Employer, s.sector, s.lang, s.percent = resumed.Employer, resumed.sector, resumed.lang, resumed.percent
	}
	months := c.jobMonths(regime)
	switch {
	case resumed != nil:
	case regime == RegimeSelfEmployed:
		s.Employer = c.trade
	case regime == RegimeCivilServant:
		s.Employer = pick(r, publicEmployers[s.lang])
		if r.IntN(100) < 15 {
			s.percent = 80
		}
	default:
		s.sector = r.IntN(len(sectors))
		s.Employer = sectors[s.sector].name[s.lang] + " " + pick(r, lastNames[s.lang]) + " " + pick(r, legalForms[s.lang])
		partTime := 10
		if c.female {
			partTime = 35 // as in Belgium, women work part time far more often
		}
		if r.IntN(100) < partTime {
			s.percent = []int{50, 80}[r.IntN(2)]
		}
	}
	if regime == RegimeSelfEmployed {
		c.job = &s
		return c.selfEmployed(s, c.affiliationStart(from), from.AddDate(0, months, -1))
	}
	s.start, s.end = from, earliest(from.AddDate(0, months, -1), c.until)
	s.Days = workDays(s.start, s.end, s.percent)
	c.add(s)
	job := s
	c.job = &job
	if regime == RegimeSalaried && months >= 24 && r.IntN(100) < 6 {
		// A self-employed activity on the side, in whole quarters within
		// the job, so that it never meets the next self-employed period.
		side := spell{Period: Period{Regime: RegimeSelfEmployed, Employer: c.trade}, sector: -1, lang: s.lang, percent: 100}
		c.selfEmployed(side, ceilQuarter(from.AddDate(0, r.IntN(12), 0)), lastWholeQuarterEnd(s.end))
	}
	return s.end.AddDate(0, 0, 1)
}

// jobMonths draws how long a job lasts: salaried jobs are often short,
// civil servants and the self-employed mostly stay until they retire.
func (c *careerDraw) jobMonths(regime Regime) int {
	r := c.r
	switch {
	case regime != RegimeSalaried && r.IntN(10) < 6:
		return 12 * 50 // until retirement
	case regime == RegimeCivilServant:
		return 36 + r.IntN(180)
	case regime == RegimeSelfEmployed:
		return 12 + r.IntN(180)
	}
	switch u := r.IntN(100); {
	case u < 30:
		return 3 + r.IntN(12)
	case u < 75:
		return 12 + r.IntN(60)
	}
	return 60 + r.IntN(240)
}

// selfEmployed adds s over whole quarters from start to the end of the
// quarter of to, as the self-employed are insured per quarter, and
// returns the day after. Nothing is added when no whole quarter fits
// before the career ends.
func (c *careerDraw) selfEmployed(s spell, start, to time.Time) time.Time {
	end := quarterEnd(to)
	if limit := lastWholeQuarterEnd(c.until); end.After(limit) {
		end = limit
	}
	if end.Before(start) {
		return c.until.AddDate(0, 0, 1)
	}
	s.start, s.end = start, end
	s.Quarters = quarterIndex(end) - quarterIndex(start) + 1
	c.add(s)
	return end.AddDate(0, 0, 1)
}

// affiliationStart is the first day of the quarter an activity starting
// at from is insured from: its own quarter, unless the citizen was not 18
// yet when it began.
func (c *careerDraw) affiliationStart(from time.Time) time.Time {
	if s := quarterStart(from); !s.Before(c.birth.AddDate(18, 0, 0)) {
		return s
	}
	return ceilQuarter(from)
}

// workDays converts a period worked at percent of full time into days of
// the six-day scheme, at least one and never more than calendar days.
func workDays(from, to time.Time, percent int) int {
	calendar := int(to.Sub(from).Hours()/24) + 1
	return max(1, calendar*daysPerYear*percent/(365*100))
}

func quarterIndex(t time.Time) int { return t.Year()*4 + (int(t.Month())-1)/3 }

func quarterStart(t time.Time) time.Time {
	return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
}

func quarterEnd(t time.Time) time.Time { return quarterStart(t).AddDate(0, 3, -1) }

// ceilQuarter is the first day of the quarter t starts, or of the next.
func ceilQuarter(t time.Time) time.Time {
	if s := quarterStart(t); !s.Equal(t) {
		return s.AddDate(0, 3, 0)
	}
	return t
}

// lastWholeQuarterEnd is the last day of the last quarter over by t.
func lastWholeQuarterEnd(t time.Time) time.Time {
	if e := quarterEnd(t); e.Equal(t) {
		return t
	}
	return quarterStart(t).AddDate(0, 0, -1)
}

// approximateBirthday is n's birth date, mid-year or mid-month where a BIS
// number leaves the month or the day unknown.
func approximateBirthday(n insz.Number) time.Time {
	y, m, d, _ := n.BirthDate()
	if m == 0 {
		m, d = 7, 1
	}
	if d == 0 {
		d = 15
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

// ageAt is the age in whole years at t of someone born at birth.
func ageAt(birth, t time.Time) int {
	age := t.Year() - birth.Year()
	if t.YearDay() < birth.YearDay() {
		age--
	}
	return age
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
