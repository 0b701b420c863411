package tickets

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Refusals of a consultation that only the ticket can explain (§9).
var (
	// ErrTicketClosed: a closed ticket justifies no new consultation; the
	// agent reopens it first if the citizen came back.
	ErrTicketClosed = fmt.Errorf("%w: the ticket is closed: reopen it first", ErrTransition)
	// ErrUnidentified: a consultation concerns the ticket's citizen, so the
	// ticket must name one.
	ErrUnidentified = &ValidationError{Field: "insz", Message: "identify the ticket's citizen first", Code: "identify_first"}
)

// ConsultationRef is how a timeline action points at its consultation
// record: the kind and the record's id, e.g. "career#42" — never data.
func ConsultationRef(c *audit.Consultation) string {
	return c.Kind + "#" + strconv.FormatInt(c.ID, 10)
}

// ConsultationTicket loads the ticket a consultation names and checks what
// the ticket decides (§9): it exists, the actor may handle it, it is not
// closed, it names its citizen, and it was created before now. It writes
// nothing: the caller records the attempt, refused or not, in the
// consultation log.
func (s *Service) ConsultationTicket(ctx context.Context, ref string) (Ticket, error) {
	a, err := actor(ctx)
	if err != nil {
		return Ticket{}, err
	}
	t, err := loadTicket(ctx, s.db.Bun, ref, false)
	if err != nil {
		return t, err
	}
	return t, consultable(a, t, s.now())
}

// consultable applies the ticket's rules of §9 for actor a at now.
func consultable(a audit.Actor, t Ticket, now time.Time) error {
	switch {
	case !canHandle(a, t):
		return ErrForbidden
	case t.Status == StatusClosed:
		return ErrTicketClosed
	case !t.Identified():
		return ErrUnidentified
	case t.CreatedAt.After(now):
		// Only a clock gone backwards gets here; the log must never show a
		// consultation older than its ticket.
		return fmt.Errorf("%w: the ticket is dated after now", ErrTransition)
	}
	return nil
}

// RecordConsultation commits c against ticket t, with its action on the
// timeline when data were shown, in one transaction (O9: recorded before
// anything is shown). Under the ticket's lock it checks again that t may
// still be consulted for the same citizen — it may have been closed,
// handed over or identified otherwise since ConsultationTicket — and then
// records c as refused instead, returning the refusal.
func (s *Service) RecordConsultation(ctx context.Context, t Ticket, c *audit.Consultation) error {
	if done, err := s.recordAtOnce(ctx, t, c); done || err != nil {
		if err != nil {
			return fmt.Errorf("tickets: record consultation: %w", err)
		}
		return nil
	}
	var refusal error
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		a, err := actor(ctx)
		if err != nil {
			return err
		}
		current, err := loadTicket(ctx, tx, t.Ref, true)
		if err != nil {
			return err
		}
		c.At, c.TicketID, c.TicketRef = s.now(), &current.ID, current.Ref
		if refusal = consultable(a, current, c.At); refusal == nil && current.NationalNumber() != c.INSZ {
			refusal = fmt.Errorf("%w: the ticket now names another citizen", ErrTransition)
		}
		if refusal != nil {
			c.Outcome, c.Detail = audit.Denied, ConsultationRefusal(refusal)
		}
		if err := audit.RecordConsultation(ctx, tx, c); err != nil {
			return err
		}
		if c.Outcome != audit.Found {
			return nil
		}
		return insertAction(ctx, tx, Action{TicketID: current.ID, At: c.At, ActorID: userID(a), ActorRole: roleOf(a),
			Kind: ActionConsultation, ConsultationRef: ConsultationRef(c)})
	})
	if err != nil {
		return fmt.Errorf("tickets: record consultation: %w", err)
	}
	return refusal
}

// Now is the service's clock, so that consultation records and tickets
// are dated by the same clock.
func (s *Service) Now() time.Time { return s.now() }

// ConsultationRefusal names, for the consultation log, a refusal that the
// ticket decided.
func ConsultationRefusal(err error) string {
	var ve *ValidationError
	switch {
	case errors.Is(err, errNotVisible):
		return "ticket_not_visible"
	case errors.Is(err, ErrNotFound):
		return "ticket_not_found"
	case errors.Is(err, ErrForbidden):
		return "forbidden"
	case errors.Is(err, ErrTicketClosed):
		return "ticket_closed"
	case errors.Is(err, ErrTransition):
		return "ticket_changed"
	case errors.Is(err, ErrDuplicate):
		return "duplicate"
	case errors.As(err, &ve):
		return ve.Code
	}
	return "refused"
}
