package upstream

import (
	"cmp"
	"fmt"
	"slices"

	"contactd/internal/insz"
	"contactd/lookup"
)

// wireSupplementaryPension is the answer of POST /v1/supplementary-pension
// (docs/REGISTRY.md).
type wireSupplementaryPension struct {
	INSZ          *string     `json:"insz"`
	ReferenceDate *string     `json:"reference_date"`
	Plans         *[]wirePlan `json:"plans"`
}

type wirePlan struct {
	Institution    *string `json:"institution"`
	Plan           *string `json:"plan"`
	Employer       *string `json:"employer"`
	Kind           *string `json:"kind"`
	Reserves       *int64  `json:"reserves_cents"`
	AccruedBenefit *int64  `json:"accrued_benefit_cents"`
	Active         *bool   `json:"active"`
}

// planKinds are the kinds lookup.Plan documents.
var planKinds = map[string]bool{"defined_contribution": true, "defined_benefit": true, "cash_balance": true}

// check requires "plans" even when empty, like a career's periods.
func (w *wireSupplementaryPension) check(asked insz.Number) error {
	err := firstProblem(
		sameINSZ(w.INSZ, asked),
		fullDate("reference_date", w.ReferenceDate),
		present("plans", w.Plans),
	)
	if err != nil {
		return err
	}
	for i, p := range *w.Plans {
		if err := p.check(fmt.Sprintf("plans[%d].", i)); err != nil {
			return err
		}
	}
	return nil
}

// check requires every field; amounts are acquired rights, never negative.
func (p wirePlan) check(at string) error {
	return firstProblem(
		text(at+"institution", p.Institution),
		text(at+"plan", p.Plan),
		present(at+"employer", p.Employer),
		known(at+"kind", p.Kind, planKinds),
		cents(at+"reserves_cents", p.Reserves),
		cents(at+"accrued_benefit_cents", p.AccruedBenefit),
		present(at+"active", p.Active),
	)
}

func cents(field string, v *int64) error {
	if v == nil {
		return missing(field)
	}
	if *v < 0 {
		return invalid(field)
	}
	return nil
}

// pension converts a checked answer, sorted as lookup promises.
func (w *wireSupplementaryPension) pension() lookup.SupplementaryPension {
	sp := lookup.SupplementaryPension{
		INSZ: insz.Number(*w.INSZ), ReferenceDate: *w.ReferenceDate,
		Plans: make([]lookup.Plan, 0, len(*w.Plans)),
	}
	for _, p := range *w.Plans {
		sp.Plans = append(sp.Plans, lookup.Plan{
			Institution: *p.Institution, Plan: *p.Plan, Employer: *p.Employer, Kind: *p.Kind,
			Reserves: *p.Reserves, AccruedBenefit: *p.AccruedBenefit, Active: *p.Active,
		})
	}
	slices.SortStableFunc(sp.Plans, func(a, b lookup.Plan) int {
		return cmp.Or(cmp.Compare(a.Institution, b.Institution), cmp.Compare(a.Plan, b.Plan))
	})
	return sp
}
