package lookup

import (
	"context"

	"contactd/internal/insz"
)

// SupplementaryPension is what the mypension view shows a citizen about
// their second-pillar rights (§8): per pension institution and plan, the
// reserves and the accrued benefits at a reference date. It is consulted
// data: shown within a ticket, never stored, logged or cached (O7).
type SupplementaryPension struct {
	INSZ insz.Number `json:"insz"`
	// ReferenceDate is the YYYY-MM-DD date the amounts are valued at.
	ReferenceDate string `json:"reference_date"`
	// Plans are sorted by Institution, then Plan.
	Plans []Plan `json:"plans"`
}

// Plan is one supplementary pension plan of the citizen.
type Plan struct {
	// Institution is the pension institution (insurer or pension fund).
	Institution string `json:"institution"`
	// Plan names the plan, e.g. the sector or the employer's group plan.
	Plan string `json:"plan"`
	// Employer is the organiser of the plan (employer or sector fund).
	Employer string `json:"employer"`
	// Kind is "defined_contribution", "defined_benefit" or "cash_balance".
	Kind string `json:"kind"`
	// Reserves and AccruedBenefit are in euro cents at ReferenceDate: the
	// acquired reserve, and the benefit acquired at retirement age.
	Reserves       int64 `json:"reserves_cents"`
	AccruedBenefit int64 `json:"accrued_benefit_cents"`
	// Active says whether contributions are still paid into the plan.
	Active bool `json:"active"`
}

// PensionSource answers supplementary-pension consultations: the mypension
// services (DB2P) in production, the demo population in development and
// tests. It follows the IdentitySource contract. A person without any plan
// has a SupplementaryPension with no plans, not ErrNotFound.
type PensionSource interface {
	SupplementaryPension(ctx context.Context, n insz.Number) (SupplementaryPension, error)
}

// Sources bundles one source per kind of consultation.
type Sources struct {
	Identity IdentitySource
	Career   CareerSource
	Pension  PensionSource
}
