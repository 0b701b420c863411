package tickets

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun/dialect"

	"contactd/audit"
	"contactd/internal/database"
)

// createAtOnce is Create's fast path on PostgreSQL for a contact without an
// idempotency key (an agent's): the ticket, its identity lookup's record,
// its first actions and its access-log entry are one statement — atomic
// like the transaction they replace, in three round trips instead of
// eight (the session, the ticket's number, the statement). The statement
// takes its values as parameters, so that its text depends only on its
// shape (with or without a lookup, how many first actions) and each
// connection plans it once (database.QueryPrepared). ok is false when the
// path does not apply.
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
	var args []any
	add := func(name, query string, qargs []any) {
		with = append(with, name+" AS ("+query+")")
		args = append(args, qargs...)
	}
	q, qargs := s.db.Insert(&t, nil)
	add("t", q, qargs)
	if in.Lookup != nil {
		in.Lookup.At, in.Lookup.TicketID, in.Lookup.TicketRef = t.CreatedAt, &t.ID, t.Ref
		audit.PrepareConsultation(ctx, in.Lookup)
		q, qargs = s.db.Insert(in.Lookup, nil)
		add("c", q+" RETURNING id", qargs)
	}
	first := s.firstActions(a, t, in)
	// The consultation action names the lookup's record, whose id the
	// statement's own insert assigns.
	q, qargs = s.db.Insert(&first, func(row int, column string) (string, bool) {
		return "(SELECT 'identity#' || id FROM c)", column == "consultation_ref" && first[row].Kind == ActionConsultation
	})
	add("a", q, qargs)
	entry := audit.Entry{Action: "ticket_create", TicketRef: t.Ref, Citizen: t.NationalNumber(), Detail: string(t.Channel)}
	audit.PrepareEntry(ctx, &entry)
	q, qargs = s.db.Insert(&entry, nil)
	add("l", q, qargs)
	tail := "SELECT 1"
	if in.Lookup != nil {
		tail = "SELECT id FROM c"
	}
	rows, err := s.db.QueryPrepared(ctx, s.db.Placeholders("WITH "+strings.Join(with, ",\n")+"\n"+tail), args...)
	if err == nil {
		defer rows.Close()
		if rows.Next() && in.Lookup != nil {
			err = rows.Scan(&in.Lookup.ID)
		}
		if err == nil {
			err = rows.Close()
		}
		if err == nil {
			err = rows.Err()
		}
	}
	if err != nil && database.IsUniqueViolation(err) {
		return t, true, fmt.Errorf("%w: %v", ErrDuplicate, err)
	}
	return t, true, err
}
