package upstream

import (
	"cmp"
	"fmt"
	"slices"

	"contactd/internal/insz"
	"contactd/lookup"
)

// wireCareer is the answer of POST /v1/career (docs/REGISTRY.md).
type wireCareer struct {
	INSZ    *string       `json:"insz"`
	Periods *[]wirePeriod `json:"periods"`
}

type wirePeriod struct {
	Regime       *string `json:"regime"`
	Employer     *string `json:"employer"`
	Start        *string `json:"start"`
	End          *string `json:"end"`
	Days         int     `json:"days"`
	Quarters     int     `json:"quarters"`
	Assimilation *string `json:"assimilation"`
}

// regimes and assimilations are the closed lists of lookup.
var (
	regimes = map[string]int{
		string(lookup.RegimeSalaried): 0, string(lookup.RegimeSelfEmployed): 1, string(lookup.RegimeCivilServant): 2,
	}
	assimilations = map[string]bool{
		string(lookup.AssimilatedNone): true, string(lookup.AssimilatedUnemployment): true,
		string(lookup.AssimilatedIllness): true, string(lookup.AssimilatedMaternity): true,
		string(lookup.AssimilatedCareerBreak): true, string(lookup.AssimilatedMilitary): true,
	}
)

// check requires "periods" even when empty: a person without a career yet
// has "periods": [], and a missing list is a broken answer.
func (w *wireCareer) check(asked insz.Number) error {
	if err := firstProblem(sameINSZ(w.INSZ, asked), present("periods", w.Periods)); err != nil {
		return err
	}
	for i, p := range *w.Periods {
		if err := p.check(fmt.Sprintf("periods[%d].", i)); err != nil {
			return err
		}
	}
	return nil
}

// check enforces lookup.Period's rule: days for salaried and civil-servant
// periods, quarters for self-employed ones, exactly one of them.
func (p wirePeriod) check(at string) error {
	err := firstProblem(
		known(at+"regime", p.Regime, regimes),
		text(at+"employer", p.Employer),
		fullDate(at+"start", p.Start),
		fullDate(at+"end", p.End),
	)
	if err != nil {
		return err
	}
	if p.Assimilation != nil && !assimilations[*p.Assimilation] {
		return invalid(at + "assimilation")
	}
	if err := ordered(at+"end", *p.Start, *p.End); err != nil {
		return err
	}
	if *p.Regime == string(lookup.RegimeSelfEmployed) {
		if p.Quarters <= 0 || p.Days != 0 {
			return invalid(at + "quarters")
		}
	} else if p.Days <= 0 || p.Quarters != 0 {
		return invalid(at + "days")
	}
	return nil
}

// career converts a checked answer, sorted as lookup.Career promises
// whatever order the registry used.
func (w *wireCareer) career() lookup.Career {
	c := lookup.Career{INSZ: insz.Number(*w.INSZ), Periods: make([]lookup.Period, 0, len(*w.Periods))}
	for _, p := range *w.Periods {
		c.Periods = append(c.Periods, lookup.Period{
			Regime: lookup.Regime(*p.Regime), Employer: *p.Employer, Start: *p.Start, End: *p.End,
			Days: p.Days, Quarters: p.Quarters, Assimilation: lookup.Assimilation(deref(p.Assimilation)),
		})
	}
	slices.SortStableFunc(c.Periods, func(a, b lookup.Period) int {
		return cmp.Or(cmp.Compare(regimes[string(a.Regime)], regimes[string(b.Regime)]), cmp.Compare(a.Start, b.Start))
	})
	return c
}
