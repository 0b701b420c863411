package tickets

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// change is one modification of a ticket: it checks and mutates the ticket
// and returns the action that records it on the timeline.
type change func(a audit.Actor, t *Ticket) (Action, error)

// update applies a change in one transaction: lock the ticket, check the
// actor may handle it, apply, save, append the action and the access-log
// entry. A refused change writes nothing but its refusal in the log.
func (s *Service) update(ctx context.Context, ref, op string, fn change) (Ticket, error) {
	var t Ticket
	err := s.inTx(ctx, audit.Entry{Action: "ticket_update", TicketRef: ref, Detail: op}, func(ctx context.Context, tx bun.Tx) error {
		a, err := actor(ctx)
		if err != nil {
			return err
		}
		if t, err = loadTicket(ctx, tx, ref, true); err != nil {
			return err
		}
		if !canHandle(a, t) {
			return ErrForbidden
		}
		from := t.Status
		act, err := fn(a, &t)
		if err != nil {
			return err
		}
		t.UpdatedAt = s.now()
		act.TicketID, act.At, act.ActorID, act.ActorRole = t.ID, t.UpdatedAt, userID(a), roleOf(a)
		if act.ToStatus == "" && t.Status != from {
			act.FromStatus, act.ToStatus = from, t.Status
		}
		if _, err := tx.NewUpdate().Model(&t).WherePK().Exec(ctx); err != nil {
			return err
		}
		if c := act.consultation; c != nil {
			c.At, c.TicketID, c.TicketRef = act.At, &t.ID, t.Ref
			if err := audit.RecordConsultation(ctx, tx, c); err != nil {
				return err
			}
			act.ConsultationRef = ConsultationRef(c)
		}
		if err := insertAction(ctx, tx, act); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "ticket_update", TicketRef: t.Ref, Citizen: t.NationalNumber(), Detail: op})
	})
	if err != nil {
		return t, fmt.Errorf("tickets: %s %s: %w", op, ref, err)
	}
	return t, nil
}

// moveTo changes the status if the transition makes sense.
func moveTo(t *Ticket, next Status) error {
	if !t.Status.CanBecome(next) {
		return fmt.Errorf("%w: %s → %s", ErrTransition, t.Status, next)
	}
	t.Status = next
	return nil
}
