package lookup

import (
	"context"

	"contactd/internal/insz"
)

// Regime is a social-security scheme a career period belongs to.
type Regime string

// The regimes the mycareer view shows (§8), each a stable identifier.
const (
	RegimeSalaried     Regime = "salaried"
	RegimeSelfEmployed Regime = "self_employed"
	RegimeCivilServant Regime = "civil_servant"
)

// Regimes lists the regimes in the order the portal shows them.
var Regimes = []Regime{RegimeSalaried, RegimeSelfEmployed, RegimeCivilServant}

// Assimilation is the status behind a period that was not worked but counts
// for the pension ("assimilated" period); empty for a worked period.
type Assimilation string

// The assimilated statuses the mycareer view names.
const (
	AssimilatedNone         Assimilation = ""
	AssimilatedUnemployment Assimilation = "unemployment"
	AssimilatedIllness      Assimilation = "illness"
	AssimilatedMaternity    Assimilation = "maternity"
	AssimilatedCareerBreak  Assimilation = "career_break"
	AssimilatedMilitary     Assimilation = "military_service"
)

// Career is what the mycareer view shows a citizen (§8): every period of
// their career, per regime, oldest first. It is consulted data: it is shown
// to the agent within a ticket and never stored, logged or cached (O7).
type Career struct {
	INSZ insz.Number `json:"insz"`
	// Periods are sorted by Regime (in Regimes order), then Start.
	Periods []Period `json:"periods"`
}

// Period is one line of a career.
type Period struct {
	Regime Regime `json:"regime"`
	// Employer is the employer (salaried), the activity (self-employed) or
	// the public institution (civil servant); for an assimilated period,
	// the body that paid the benefit.
	Employer string `json:"employer"`
	// Start and End are YYYY-MM-DD, both included.
	Start string `json:"start"`
	End   string `json:"end"`
	// Days counts the days of a salaried or civil-servant period; Quarters
	// the quarters of a self-employed period. Exactly one is non-zero.
	Days     int `json:"days,omitempty"`
	Quarters int `json:"quarters,omitempty"`
	// Assimilation is the status behind an assimilated period.
	Assimilation Assimilation `json:"assimilation,omitempty"`
}

// CareerSource answers career consultations: the mycareer services in
// production, the demo population in development and tests. It follows the
// IdentitySource contract (ErrNotFound, ErrUnavailable, ctx, no logging, no
// keeping). A person known to the register without any career yet has a
// Career with no periods, not ErrNotFound.
type CareerSource interface {
	Career(ctx context.Context, n insz.Number) (Career, error)
}
