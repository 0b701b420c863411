package lookup_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testclock"
	"contactd/lookup"
	"contactd/tickets"
)

// Actors of the service tests.
var (
	agent   = audit.Actor{UserID: 101, Role: audit.RoleFrontOffice, Institution: tickets.ContactCentre, RequestID: "req-agent"}
	sigedis = audit.Actor{UserID: 202, Role: audit.RoleBackOffice, Institution: "sigedis", RequestID: "req-sigedis"}
	adviser = audit.Actor{UserID: 303, Role: audit.RoleSecurityAdviser, Institution: tickets.ContactCentre}
)

func as(a audit.Actor) context.Context { return audit.WithActor(context.Background(), a) }

// fixture is a lookup service on a real database, with the demo population
// behind a source that lets a test step in during a call.
type fixture struct {
	db      *database.DB
	tickets *tickets.Service
	svc     *lookup.Service
	demo    *lookup.Demo
	src     *steppingSource
	clock   *testclock.Clock
}

func newFixture(t *testing.T, db *database.DB, opt lookup.Options) *fixture {
	t.Helper()
	f := &fixture{db: db, demo: population(), clock: testclock.At(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))}
	for _, a := range []audit.Actor{agent, sigedis, adviser} {
		_, err := db.Bun.ExecContext(context.Background(), "INSERT INTO users (id, subject, created_at) VALUES (?, ?, ?)",
			a.UserID, "test-"+string(a.Role), f.clock.Now())
		require.NoError(t, err)
	}
	f.tickets = tickets.NewService(db, tickets.Options{Now: f.clock.Now})
	f.src = &steppingSource{demo: f.demo}
	f.svc = lookup.NewService(db, f.tickets, lookup.Sources{Identity: f.src, Career: f.src, Pension: f.src}, opt)
	return f
}

// phoneTicket opens an identified phone ticket for citizen i of the demo.
func (f *fixture) phoneTicket(t *testing.T, i int) tickets.Ticket {
	t.Helper()
	tk, err := f.svc.CreateTicket(as(agent), tickets.NewTicket{Portal: tickets.PortalMyCareer, Channel: tickets.ChannelPhone,
		Purpose: tickets.PurposeContentQuestion, Subject: "Missing period", Check: &tickets.ControlCheck{Put: 2, Passed: true}}, f.demo.Citizen(i).String())
	require.NoError(t, err)
	return tk
}

// consultations lists the consultation log, oldest first.
func (f *fixture) consultations(t *testing.T) []audit.Consultation {
	t.Helper()
	var out []audit.Consultation
	require.NoError(t, f.db.Bun.NewSelect().Model(&out).OrderExpr("id").Scan(context.Background()))
	return out
}

func (f *fixture) last(t *testing.T) audit.Consultation {
	t.Helper()
	all := f.consultations(t)
	require.NotEmpty(t, all)
	return all[len(all)-1]
}

// timeline lists a ticket's actions of kind consultation.
func (f *fixture) consultationActions(t *testing.T, ticketID int64) []tickets.Action {
	t.Helper()
	var out []tickets.Action
	require.NoError(t, f.db.Bun.NewSelect().Model(&out).Where("ticket_id = ? AND kind = ?", ticketID, tickets.ActionConsultation).OrderExpr("id").Scan(context.Background()))
	return out
}

func (f *fixture) ticketID(t *testing.T, ref string) int64 {
	t.Helper()
	var id int64
	require.NoError(t, f.db.Bun.NewSelect().Table("tickets").Column("id").Where("ref = ?", ref).Scan(context.Background(), &id))
	return id
}

// steppingSource answers from the demo population, unless a test set
// fail (the source's error) or during (run while the call is in flight,
// e.g. to close the ticket or break the database) or answerFor (answer
// about another person).
type steppingSource struct {
	demo      *lookup.Demo
	mu        sync.Mutex
	fail      error
	during    func()
	answerFor insz.Number
	calls     int
}

func (s *steppingSource) step() (insz.Number, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.during != nil {
		s.during()
	}
	return s.answerFor, s.fail
}

func (s *steppingSource) Identity(ctx context.Context, n insz.Number) (lookup.Identity, error) {
	other, err := s.step()
	if err != nil {
		return lookup.Identity{}, err
	}
	if other != "" {
		n = other
	}
	return s.demo.Identity(ctx, n)
}

func (s *steppingSource) Career(ctx context.Context, n insz.Number) (lookup.Career, error) {
	other, err := s.step()
	if err != nil {
		return lookup.Career{}, err
	}
	if other != "" {
		n = other
	}
	return s.demo.Career(ctx, n)
}

func (s *steppingSource) SupplementaryPension(ctx context.Context, n insz.Number) (lookup.SupplementaryPension, error) {
	other, err := s.step()
	if err != nil {
		return lookup.SupplementaryPension{}, err
	}
	if other != "" {
		n = other
	}
	return s.demo.SupplementaryPension(ctx, n)
}

func (s *steppingSource) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// errTimeout is an upstream failure as a real source reports it.
var errTimeout = errors.Join(lookup.ErrUnavailable, context.DeadlineExceeded)
