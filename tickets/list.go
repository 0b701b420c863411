package tickets

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"contactd/audit"
	"contactd/internal/insz"
)

// Queue is a named view of the tickets an agent works from.
type Queue string

// The queues.
const (
	QueueNew         Queue = "new"         // new and not taken by anyone
	QueueMine        Queue = "mine"        // owned by the acting agent, open
	QueueInstitution Queue = "institution" // held by the actor's institution, open
	QueueAll         Queue = "all"         // everything the actor may see
)

// Filter selects tickets; zero fields select everything. A filter naming a
// national number is a search for a citizen, itself an access that is
// logged with that citizen (O6).
type Filter struct {
	Queue       Queue
	Status      Status
	Channel     Channel
	Portal      Portal
	Purpose     Purpose
	Institution string
	From, To    time.Time // received in [From, To)
	INSZ        string
	Ref         string
	Before      int64 // keyset cursor: tickets with a smaller id
	Limit       int   // 50 when zero, at most 200
}

// Page is one page of a list, newest first, with the cursor of the next.
type Page struct {
	Tickets []Ticket `json:"tickets"`
	Next    int64    `json:"next,omitempty"`
}

// List returns a page of the tickets the actor may see, and logs the list
// (or the search, with the citizen it names).
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	var p Page
	action := "ticket_list"
	if f.INSZ != "" || f.Ref != "" {
		action = "ticket_search"
	}
	err := s.read(ctx, audit.Entry{Action: action}, func(ctx context.Context, tx bun.IDB) error {
		a, err := actor(ctx)
		if err != nil {
			return err
		}
		if err := normalise(&f); err != nil {
			return err
		}
		entry := audit.Entry{Action: action, Citizen: f.INSZ, TicketRef: f.Ref, Detail: describe(f)}
		q := listQuery(tx, a, f, &p.Tickets)
		logged := tx.Dialect().Name() == dialect.PG
		if logged {
			// On PostgreSQL the entry is a data-modifying WITH of the
			// read itself: one statement, one round trip, atomic.
			audit.PrepareEntry(ctx, &entry)
			q = q.With("logged", tx.NewInsert().Model(&entry))
		}
		if err := q.Scan(ctx); err != nil {
			return err
		}
		if len(p.Tickets) > f.Limit {
			p.Tickets = p.Tickets[:f.Limit]
			p.Next = p.Tickets[f.Limit-1].ID
		}
		if logged {
			return nil
		}
		return audit.Record(ctx, tx, entry)
	})
	if err != nil {
		return Page{}, fmt.Errorf("tickets: list: %w", err)
	}
	return p, nil
}

func normalise(f *Filter) error {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		f.Limit = 200
	}
	if f.INSZ != "" {
		n, err := insz.Parse(f.INSZ)
		if err != nil {
			return InvalidNumber(err)
		}
		f.INSZ = n.String()
	}
	f.Ref = strings.ToUpper(strings.TrimSpace(f.Ref))
	checks := []error{}
	if f.Status != "" {
		checks = append(checks, oneOf(f.Status, Statuses, "status"))
	}
	if f.Channel != "" {
		checks = append(checks, oneOf(f.Channel, Channels, "channel"))
	}
	if f.Portal != "" {
		checks = append(checks, oneOf(f.Portal, Portals, "portal"))
	}
	if f.Purpose != "" {
		checks = append(checks, oneOf(f.Purpose, Purposes, "purpose"))
	}
	if f.Queue != "" {
		checks = append(checks, oneOf(f.Queue, []Queue{QueueNew, QueueMine, QueueInstitution, QueueAll}, "queue"))
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func listQuery(tx bun.IDB, a audit.Actor, f Filter, dst *[]Ticket) *bun.SelectQuery {
	q := visibleTo(tx.NewSelect().Model(dst), a).OrderExpr("id DESC").Limit(int64(f.Limit + 1))
	switch f.Queue {
	case QueueNew:
		q = q.Where("status = ? AND owner_id IS NULL", StatusNew)
	case QueueMine:
		q = q.Where("owner_id = ? AND status <> ?", a.UserID, StatusClosed)
	case QueueInstitution:
		q = q.Where("institution_code = ? AND status <> ?", a.Institution, StatusClosed)
	}
	eq := map[string]string{"status": string(f.Status), "channel": string(f.Channel), "portal": string(f.Portal),
		"purpose": string(f.Purpose), "institution_code": f.Institution, "insz": f.INSZ, "ref": f.Ref}
	for _, col := range []string{"status", "channel", "portal", "purpose", "institution_code", "insz", "ref"} {
		if eq[col] != "" {
			q = q.Where("? = ?", bun.Ident(col), eq[col])
		}
	}
	if !f.From.IsZero() {
		q = q.Where("received_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("received_at < ?", f.To.UTC())
	}
	if f.Before > 0 {
		q = q.Where("id < ?", f.Before)
	}
	return q
}

// describe records what was asked for in the access log, without the
// national number (which has its own column).
func describe(f Filter) string {
	parts := []string{}
	for _, kv := range [][2]string{{"queue", string(f.Queue)}, {"status", string(f.Status)}, {"channel", string(f.Channel)},
		{"portal", string(f.Portal)}, {"purpose", string(f.Purpose)}, {"institution", f.Institution}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(parts, " ")
}
