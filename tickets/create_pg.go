package tickets

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun/dialect"

	"contactd/audit"
	"contactd/internal/database"
)

// createAtOnce is Create's fast path on PostgreSQL for a contact without an
// idempotency key (an agent's): the ticket, its identity lookup's record,
// its first actions and its access-log entry are one statement — atomic
// like the transaction they replace, in two round trips instead of eight
// (the session, the statement). The statement takes its values as
// parameters, so that its text depends only on its shape (with or without
// a lookup, how many first actions) and each connection plans it once
// (database.QueryPrepared). ok is false when the path does not apply.
func (s *Service) createAtOnce(ctx context.Context, a audit.Actor, in NewTicket) (t Ticket, ok bool, err error) {
	if s.db.Bun.Dialect().Name() != dialect.PG || in.IdempotencyKey != "" {
		return t, false, nil
	}
	t = s.newTicket(a, in)
	var with []string
	var args []any
	add := func(name, query string, qargs []any) {
		with = append(with, name+" AS ("+query+")")
		args = append(args, qargs...)
	}
	// The ticket's number comes from its sequence inside the statement and
	// its reference from the number, as insertTicket writes it
	// (CC-<year>-<number of at least six digits>): one round trip fewer
	// than asking for the number first.
	add("n", "SELECT id, ?::text || lpad(id::text, greatest(6, length(id::text)), '0') AS ref"+
		" FROM (SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id) s",
		[]any{fmt.Sprintf("CC-%d-", t.CreatedAt.Year())})
	fromN := func(columns map[string]string) func(int, string) (string, bool) {
		return func(_ int, column string) (string, bool) {
			sql, ok := columns[column]
			return sql, ok
		}
	}
	q, qargs := s.db.Insert(&t, fromN(map[string]string{"id": "(SELECT id FROM n)", "ref": "(SELECT ref FROM n)"}))
	add("t", q, qargs)
	if in.Lookup != nil {
		in.Lookup.At, in.Lookup.TicketID = t.CreatedAt, &t.ID
		audit.PrepareConsultation(ctx, in.Lookup)
		q, qargs = s.db.Insert(in.Lookup, fromN(map[string]string{"ticket_id": "(SELECT id FROM n)", "ticket_ref": "(SELECT ref FROM n)"}))
		add("c", q+" RETURNING id", qargs)
	}
	first := s.firstActions(a, t, in)
	// The consultation action names the lookup's record, whose id the
	// statement's own insert assigns.
	q, qargs = s.db.Insert(&first, func(row int, column string) (string, bool) {
		switch {
		case column == "ticket_id":
			return "(SELECT id FROM n)", true
		case column == "consultation_ref" && first[row].Kind == ActionConsultation:
			return "(SELECT 'identity#' || id FROM c)", true
		}
		return "", false
	})
	add("a", q, qargs)
	entry := audit.Entry{Action: "ticket_create", Citizen: t.NationalNumber(), Detail: string(t.Channel)}
	audit.PrepareEntry(ctx, &entry)
	q, qargs = s.db.Insert(&entry, fromN(map[string]string{"ticket_ref": "(SELECT ref FROM n)"}))
	add("l", q, qargs)
	tail := "SELECT id, ref, NULL::bigint FROM n"
	if in.Lookup != nil {
		tail = "SELECT n.id, n.ref, c.id FROM n, c"
	}
	var lookupID *int64
	rows, err := s.db.QueryPrepared(ctx, s.db.Placeholders("WITH "+strings.Join(with, ",\n")+"\n"+tail), args...)
	if err == nil {
		defer rows.Close()
		if !rows.Next() {
			// A failure of the statement's writes (a duplicate, the
			// server gone) may surface here rather than from the query.
			if err = rows.Err(); err == nil {
				err = errors.New("tickets: the create statement returned no row")
			}
		}
		if err == nil {
			err = rows.Scan(&t.ID, &t.Ref, &lookupID)
		}
		if err == nil {
			err = rows.Close()
		}
		if err == nil {
			err = rows.Err()
		}
	}
	if err == nil && in.Lookup != nil {
		in.Lookup.ID, in.Lookup.TicketRef = *lookupID, t.Ref
	}
	if err != nil && database.IsUniqueViolation(err) {
		return t, true, &DuplicateError{cause: err}
	}
	return t, true, err
}
