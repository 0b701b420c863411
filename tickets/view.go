package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"contactd/audit"
)

// View is a ticket as its page shows it: the ticket, its timeline, and the
// citizen's other tickets the viewer may see, so the citizen never has to
// repeat themselves (O2).
type View struct {
	Ticket  Ticket   `json:"ticket"`
	Actions []Action `json:"actions"`
	History []Ticket `json:"history"`
}

// historyLimit bounds the earlier tickets shown on a ticket.
const historyLimit = 50

// ByRef shows a ticket to an actor who may see it, and logs the view —
// unless the request already logged an access to that ticket (a refused
// change shown again with its ticket: one request, one entry, O6).
func (s *Service) ByRef(ctx context.Context, ref string) (View, error) {
	logged := audit.Logged(ctx, ref)
	if a, err := actor(ctx); err == nil && !logged {
		if v, ok, err := s.viewAtOnce(ctx, a, ref); ok {
			if err != nil {
				return View{}, fmt.Errorf("tickets: view %s: %w", ref, err)
			}
			return v, nil
		}
	}
	var v View
	err := s.read(ctx, audit.Entry{Action: "ticket_view", TicketRef: ref}, func(ctx context.Context, tx bun.IDB) error {
		a, err := actor(ctx)
		if err != nil {
			return err
		}
		if v.Ticket, err = loadTicket(ctx, tx, ref, false); err != nil {
			return err
		}
		if err := tx.NewSelect().Model(&v.Actions).Where("ticket_id = ?", v.Ticket.ID).OrderExpr("id").Scan(ctx); err != nil {
			return err
		}
		if v.History, err = history(ctx, tx, a, v.Ticket); err != nil {
			return err
		}
		if logged {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "ticket_view", TicketRef: v.Ticket.Ref, Citizen: v.Ticket.NationalNumber()})
	})
	if err != nil {
		return View{}, fmt.Errorf("tickets: view %s: %w", ref, err)
	}
	return v, nil
}

// history lists the citizen's other tickets that the actor may see.
func history(ctx context.Context, tx bun.IDB, a audit.Actor, t Ticket) ([]Ticket, error) {
	out := []Ticket{}
	if !t.Identified() {
		return out, nil
	}
	q := tx.NewSelect().Model(&out).Where("insz = ? AND id <> ?", *t.INSZ, t.ID).OrderExpr("id DESC").Limit(historyLimit)
	q = visibleTo(q, a)
	return out, q.Scan(ctx)
}

// visibleTo narrows a query to the tickets an actor may see, so lists and
// searches apply the same rule as canView.
func visibleTo(q *bun.SelectQuery, a audit.Actor) *bun.SelectQuery {
	cond, args := visibility(a, "?TableAlias")
	return q.Where(cond, args...)
}

// visibility is canView as an SQL condition on the tickets row named alias:
// the front office and the adviser see every ticket, a back office only
// those its institution holds (O8, O13), anyone else none.
func visibility(a audit.Actor, alias string) (string, []any) {
	switch a.Role {
	case audit.RoleFrontOffice, audit.RoleSecurityAdviser:
		return "TRUE", nil
	case audit.RoleBackOffice:
		return alias + ".institution_code = ?", []any{a.Institution}
	}
	return "FALSE", nil
}

// loadTicket reads a ticket by reference; forUpdate locks its row on
// PostgreSQL (SQLite's immediate transactions already serialise writers).
// A ticket the request's actor may not see is ErrNotFound, as an unknown
// reference is: every view, change and consultation loads its ticket
// here, so none of them tells a back office which references exist in
// another institution (O8). The caller's refusal entry in the access log
// still names the reference asked; the ticket is returned with the error
// for the consultation log's record of the refusal, never shown.
func loadTicket(ctx context.Context, tx bun.IDB, ref string, forUpdate bool) (Ticket, error) {
	var t Ticket
	q := tx.NewSelect().Model(&t).Where("ref = ?", ref)
	if forUpdate && tx.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	err := q.Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if a, ok := audit.ActorFrom(ctx); ok && err == nil && !canView(a, t) {
		return t, errNotVisible
	}
	return t, err
}
