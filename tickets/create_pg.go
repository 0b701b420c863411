package tickets

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun/dialect"

	"contactd/audit"
	"contactd/internal/database"
)

// consultationRefSlot stands, in the rendered actions, for the reference
// to the identity lookup's record, whose id the statement itself assigns.
const consultationRefSlot = "identity#\x7fslot\x7f"

// createAtOnce is Create's fast path on PostgreSQL for a contact without an
// idempotency key (an agent's): the ticket, its identity lookup's record,
// its first actions and its access-log entry are one statement — atomic
// like the transaction they replace, in three round trips instead of
// eight (the session, the ticket's number, the statement). ok is false
// when the path does not apply.
func (s *Service) createAtOnce(ctx context.Context, a audit.Actor, in NewTicket) (t Ticket, ok bool, err error) {
	if s.db.Bun.Dialect().Name() != dialect.PG || in.IdempotencyKey != "" {
		return t, false, nil
	}
	var id int64
	if err := s.db.Bun.NewRaw("SELECT nextval(pg_get_serial_sequence('tickets', 'id'))").Scan(ctx, &id); err != nil {
		return t, true, err
	}
	t = s.newTicket(a, in)
	t.ID, t.Ref = id, fmt.Sprintf("CC-%d-%06d", t.CreatedAt.Year(), id)
	var with []string
	with = append(with, "t AS ("+s.db.Bun.NewInsert().Model(&t).String()+")")
	if in.Lookup != nil {
		in.Lookup.At, in.Lookup.TicketID, in.Lookup.TicketRef = t.CreatedAt, &t.ID, t.Ref
		audit.PrepareConsultation(ctx, in.Lookup)
		with = append(with, "c AS ("+s.db.Bun.NewInsert().Model(in.Lookup).Returning("id").String()+")")
	}
	first := s.firstActions(a, t, in)
	for i := range first {
		if first[i].Kind == ActionConsultation {
			first[i].ConsultationRef = consultationRefSlot
		}
	}
	actions := s.db.Bun.NewInsert().Model(&first).String()
	actions = strings.Replace(actions, "'"+consultationRefSlot+"'", "(SELECT 'identity#' || id FROM c)", 1)
	with = append(with, "a AS ("+actions+")")
	entry := audit.Entry{Action: "ticket_create", TicketRef: t.Ref, Citizen: t.NationalNumber(), Detail: string(t.Channel)}
	audit.PrepareEntry(ctx, &entry)
	with = append(with, "l AS ("+s.db.Bun.NewInsert().Model(&entry).String()+")")
	// The values are already written into the text, as bun writes them:
	// the statement goes to the driver as it is, with no placeholders.
	if in.Lookup == nil {
		_, err = s.db.Bun.DB.ExecContext(ctx, "WITH "+strings.Join(with, ",\n")+"\nSELECT 1")
	} else {
		err = s.db.Bun.DB.QueryRowContext(ctx, "WITH "+strings.Join(with, ",\n")+"\nSELECT id FROM c").Scan(&in.Lookup.ID)
	}
	if err != nil && database.IsUniqueViolation(err) {
		return t, true, fmt.Errorf("%w: %v", ErrDuplicate, err)
	}
	return t, true, err
}
