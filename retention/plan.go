package retention

import (
	"context"
	"fmt"
	"time"

	"contactd/audit"
)

// Plan is what a run as of AsOf would erase: counts and ranges per
// category, never contents. Sessions are not counted: the session sweep
// deletes them at once, whatever the plan.
type Plan struct {
	AsOf          time.Time       `json:"as_of"`
	Policy        []Rule          `json:"policy"`
	TicketsBefore time.Time       `json:"tickets_closed_before"`
	Tickets       Range           `json:"tickets"`
	QuarantineBef time.Time       `json:"quarantine_received_before"`
	Quarantine    Range           `json:"quarantine"`
	AccessLog     audit.PrunePlan `json:"access_log"`
	Consultations audit.PrunePlan `json:"consultations"`
}

// Plan says what Run(ctx, asOf) would erase, and changes nothing.
func (s *Service) Plan(ctx context.Context, asOf time.Time) (Plan, error) {
	asOf = asOf.UTC()
	p := Plan{AsOf: asOf, Policy: s.opt.Policy.Rules(),
		TicketsBefore: s.opt.Policy.ClosedTickets.Before(asOf), QuarantineBef: s.opt.Policy.Quarantine.Before(asOf)}
	db := s.db.Bun
	var err error
	if p.Tickets, err = planTickets(ctx, db, p.TicketsBefore); err != nil {
		return p, fmt.Errorf("retention: plan tickets: %w", err)
	}
	if p.Quarantine, err = planQuarantine(ctx, db, p.QuarantineBef); err != nil {
		return p, fmt.Errorf("retention: plan quarantine: %w", err)
	}
	logsBefore := s.opt.Policy.Logs.Before(asOf)
	if p.AccessLog, err = audit.PlanPrune(ctx, db, audit.AccessLog, logsBefore); err != nil {
		return p, fmt.Errorf("retention: %w", err)
	}
	if p.Consultations, err = audit.PlanPrune(ctx, db, audit.ConsultationLog, logsBefore); err != nil {
		return p, fmt.Errorf("retention: %w", err)
	}
	return p, nil
}
