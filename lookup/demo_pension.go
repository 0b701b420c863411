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

// noPlanPercent of the citizens have no supplementary pension whatever
// their career. With those never salaried for a year, and those whose
// employers offered none, about a quarter of the population has no plan:
// most Belgian employees have one.
const noPlanPercent = 3

// retirementAge is the age the accrued benefit is projected to.
const retirementAge = 65

// SupplementaryPension returns citizen n's synthetic second-pillar rights
// at demoToday, derived from the salaried jobs of the citizen's career. It
// returns ErrNotFound for any number outside the population, and ctx's
// error when ctx is already done. A citizen without any plan has a
// SupplementaryPension with no plans.
func (d *Demo) SupplementaryPension(ctx context.Context, n insz.Number) (SupplementaryPension, error) {
	i, err := d.find(ctx, n)
	if err != nil {
		return SupplementaryPension{}, err
	}
	return d.supplementaryPension(i), nil
}

// supplementaryPension derives citizen i's plans from the pension stream
// and the career, which is regenerated from its own stream so that the
// result does not depend on whether or when the career was asked for.
func (d *Demo) supplementaryPension(i int) SupplementaryPension {
	n := d.numbers[i]
	sp := SupplementaryPension{INSZ: n, ReferenceDate: demoToday.Format(time.DateOnly), Plans: []Plan{}}
	r := citizenRand(d.seed, i, streamPension)
	if r.IntN(100) < noPlanPercent {
		return sp
	}
	for _, p := range draftPlans(r, d.careerSpells(i)) {
		sp.Plans = append(sp.Plans, p.value(approximateBirthday(n)))
	}
	slices.SortFunc(sp.Plans, func(a, b Plan) int {
		return cmp.Or(strings.Compare(a.Institution, b.Institution), strings.Compare(a.Plan, b.Plan))
	})
	return sp
}

// planDraft is a plan before it is valued: the jobs it covers and the
// terms its amounts follow.
type planDraft struct {
	plan     Plan
	jobs     []spell
	salary   int64 // monthly full-time salary, in cents
	rateBP   int64 // contribution, in basis points of the salary
	yieldBP  int64 // yearly return credited to the reserves, in basis points
	factorPC int64 // defined benefit: capital per year of service, % of a yearly salary
}

// draftPlans gives some of the salaried employers of at least a year a
// group plan of their own, and some of the others' workers the plan of
// their sector. Only the current employer's plan is still paid into.
func draftPlans(r *rand.Rand, spells []spell) []*planDraft {
	var employers []string
	jobsOf := map[string][]spell{}
	current, lastDay := "", demoToday.AddDate(0, 0, -1)
	for _, s := range spells {
		if s.Regime != RegimeSalaried || s.Assimilation != AssimilatedNone {
			continue
		}
		if _, seen := jobsOf[s.Employer]; !seen {
			employers = append(employers, s.Employer)
		}
		jobsOf[s.Employer] = append(jobsOf[s.Employer], s)
		if s.end.Equal(lastDay) {
			current = s.Employer
		}
	}
	var drafts []*planDraft
	bySector := map[string]*planDraft{}
	for _, e := range employers {
		jobs := jobsOf[e]
		if serviceDays(jobs) < 365 {
			continue
		}
		var p *planDraft
		switch sec, lang, u := sectors[jobs[0].sector], jobs[0].lang, r.IntN(100); {
		case u < 65:
			p = newGroupPlan(r, e, lang)
			drafts = append(drafts, p)
		case u < 92 && sec.sectorPlan:
			if p = bySector[sec.jc]; p == nil {
				p = newSectorPlan(r, sec, lang)
				bySector[sec.jc] = p
				drafts = append(drafts, p)
			}
		default:
			continue
		}
		p.jobs = append(p.jobs, jobs...)
		p.plan.Active = p.plan.Active || e == current
	}
	return drafts
}

// newGroupPlan is employer's own plan: mostly defined contribution, some
// older defined-benefit plans, a few cash-balance plans.
func newGroupPlan(r *rand.Rand, employer string, lang language) *planDraft {
	p := newPlanDraft(r)
	p.plan.Employer = employer
	p.plan.Plan = groupPlanName[lang] + " " + employer
	switch u := r.IntN(100); {
	case u < 60:
		p.plan.Kind = "defined_contribution"
	case u < 85:
		p.plan.Kind = "defined_benefit"
		p.plan.Plan = pensionPlanName[lang] + " " + employer
	default:
		p.plan.Kind = "cash_balance"
	}
	return p
}

// newSectorPlan is the plan the sector fund of joint committee s.jc runs
// for the employers without their own.
func newSectorPlan(r *rand.Rand, s sector, lang language) *planDraft {
	p := newPlanDraft(r)
	p.plan.Employer = sectorFundName[lang] + " " + s.jc
	p.plan.Plan = sectorPlanName[lang] + " " + s.jc
	p.plan.Kind = "defined_contribution"
	if r.IntN(2) == 0 {
		p.plan.Kind = "cash_balance"
	}
	return p
}

func newPlanDraft(r *rand.Rand) *planDraft {
	return &planDraft{
		plan:     Plan{Institution: pick(r, pensionInstitutions)},
		salary:   int64(2200+r.IntN(2800)) * 100,
		rateBP:   int64(150 + r.IntN(650)),
		yieldBP:  int64(150 + r.IntN(250)),
		factorPC: int64(8 + r.IntN(12)),
	}
}

func serviceDays(jobs []spell) int {
	days := 0
	for _, s := range jobs {
		days += int(s.end.Sub(s.start).Hours()/24) + 1
	}
	return days
}

// value computes p's amounts at demoToday, in integers so that they are
// the same on every platform. A defined-contribution or cash-balance
// reserve is the monthly contributions of the covered jobs with the
// returns until demoToday; a defined benefit is a capital per year of
// service, and its reserve that capital discounted from retirementAge.
// The accrued benefit is the reserve projected to retirementAge at 1.75%,
// the legal minimum return, so it is never below the reserve.
func (p *planDraft) value(birth time.Time) Plan {
	spans := p.monthSpans()
	var reserves, service int64 // service in months × work-time percent
	k := 0
	for m := spans[0].from; m < monthIndex(demoToday); m++ {
		reserves += reserves * p.yieldBP / 120_000
		for k < len(spans) && spans[k].to < m {
			k++
		}
		if k < len(spans) && spans[k].from <= m {
			reserves += p.salary * spans[k].percent / 100 * p.rateBP / 10_000
			service += spans[k].percent
		}
	}
	plan := p.plan
	years := max(0, retirementAge-ageAt(birth, demoToday))
	if plan.Kind == "defined_benefit" {
		plan.AccruedBenefit = p.salary * service * p.factorPC / 10_000
		plan.Reserves = plan.AccruedBenefit
		for range years {
			plan.Reserves = plan.Reserves * 10_000 / 10_325
		}
		return plan
	}
	plan.Reserves, plan.AccruedBenefit = reserves, reserves
	for range years {
		plan.AccruedBenefit += plan.AccruedBenefit * 175 / 10_000
	}
	return plan
}

// monthSpan is the months, as monthIndex, a covered job runs.
type monthSpan struct {
	from, to int
	percent  int64
}

// monthSpans lists the months of the covered jobs, oldest first.
func (p *planDraft) monthSpans() []monthSpan {
	spans := make([]monthSpan, len(p.jobs))
	for k, s := range p.jobs {
		spans[k] = monthSpan{monthIndex(s.start), monthIndex(s.end), int64(s.percent)}
	}
	slices.SortFunc(spans, func(a, b monthSpan) int { return a.from - b.from })
	return spans
}

func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }
