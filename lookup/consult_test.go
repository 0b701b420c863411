package lookup_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/tickets"
)

// TestConsultRecordsThenShows: a front-office agent consults a career and a
// supplementary pension within an identified ticket; each consultation is
// in the log — who, role, when, ticket, citizen, kind, reason, outcome,
// latency, request id — and on the ticket's timeline by reference only,
// and the data are exactly the source's (O8, O9).
func TestConsultRecordsThenShows(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		tk := f.phoneTicket(t, 42)
		n := f.demo.Citizen(42)

		res, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.NoError(t, err)
		want, err := f.demo.Career(context.Background(), n)
		require.NoError(t, err)
		require.NotNil(t, res.Career)
		require.Equal(t, want.Periods, res.Career.Periods)
		require.Nil(t, res.Pension)

		rec := f.last(t)
		require.Equal(t, res.Record.ID, rec.ID)
		require.Equal(t, audit.Found, rec.Outcome)
		require.Equal(t, "career", rec.Kind)
		require.Equal(t, "citizen_question", rec.Reason)
		require.Equal(t, n.String(), rec.INSZ)
		require.Equal(t, tk.Ref, rec.TicketRef)
		require.Equal(t, f.ticketID(t, tk.Ref), *rec.TicketID)
		require.Equal(t, int64(101), *rec.UserID)
		require.Equal(t, "front_office", rec.Role)
		require.Equal(t, "req-agent", rec.RequestID)
		require.GreaterOrEqual(t, rec.LatencyUS, int64(0))
		require.False(t, rec.At.Before(tk.CreatedAt), "a consultation is never older than its ticket")

		pres, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindSupplementaryPension, lookup.ReasonErrorReport)
		require.NoError(t, err)
		wantP, err := f.demo.SupplementaryPension(context.Background(), n)
		require.NoError(t, err)
		require.Equal(t, wantP.Plans, pres.Pension.Plans)

		acts := f.consultationActions(t, f.ticketID(t, tk.Ref))
		require.Len(t, acts, 3, "the identity lookup at creation, the career, the pension")
		require.Regexp(t, `^identity#\d+$`, acts[0].ConsultationRef)
		require.Equal(t, tickets.ConsultationRef(&res.Record), acts[1].ConsultationRef)
		require.Equal(t, tickets.ConsultationRef(&pres.Record), acts[2].ConsultationRef)
	})
}

// TestIdentityLookupIsRecordedWithItsTicket: creating a phone ticket looks
// the identity up and records that lookup against the new ticket, in its
// transaction and at its creation time (O3, §4); identifying a letter does
// the same on the existing ticket.
func TestIdentityLookupIsRecordedWithItsTicket(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		tk := f.phoneTicket(t, 7)
		id, err := f.demo.Identity(context.Background(), f.demo.Citizen(7))
		require.NoError(t, err)
		require.Equal(t, id.LastName, tk.LastName)
		rec := f.last(t)
		require.Equal(t, "identity", rec.Kind)
		require.Equal(t, "identification", rec.Reason)
		require.Equal(t, audit.Found, rec.Outcome)
		require.Equal(t, tk.Ref, rec.TicketRef)
		require.True(t, rec.At.Equal(tk.CreatedAt))

		letter, err := f.svc.CreateTicket(as(agent), tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: tickets.ChannelPost,
			Purpose: tickets.PurposeComplaint, Subject: "Letter", Sender: "A. Citizen"}, "")
		require.NoError(t, err)
		before := len(f.consultations(t))
		identified, err := f.svc.IdentifyTicket(as(agent), letter.Ref, f.demo.Citizen(8).String())
		require.NoError(t, err)
		require.Equal(t, f.demo.Citizen(8).String(), identified.NationalNumber())
		all := f.consultations(t)
		require.Len(t, all, before+1)
		require.Equal(t, f.ticketID(t, letter.Ref), *all[before].TicketID)
		require.Equal(t, audit.Found, all[before].Outcome)
		acts := f.consultationActions(t, f.ticketID(t, letter.Ref))
		require.Empty(t, acts, "an identification is its own action")
		var identifiedAct tickets.Action
		require.NoError(t, db.Bun.NewSelect().Model(&identifiedAct).Where("ticket_id = ? AND kind = ?", f.ticketID(t, letter.Ref), tickets.ActionIdentified).Scan(context.Background()))
		require.Equal(t, tickets.ConsultationRef(&all[before]), identifiedAct.ConsultationRef)
	})
}

// TestIdentityLookupFailures: a number the register does not know, or a
// register that is down, creates no ticket and identifies nothing, and the
// lookup is recorded all the same; an invalid number never reaches the
// register.
func TestIdentityLookupFailures(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		unknown := unknownNumber(t, f.demo)

		phone := tickets.NewTicket{Portal: tickets.PortalMyCareer, Channel: tickets.ChannelPhone, Purpose: tickets.PurposeContentQuestion, Subject: "Call"}
		_, err := f.svc.CreateTicket(as(agent), phone, unknown)
		require.ErrorIs(t, err, lookup.ErrUnknownPerson)
		rec := f.last(t)
		require.Equal(t, audit.NotFound, rec.Outcome)
		require.Nil(t, rec.TicketID)
		require.Equal(t, 0, countTickets(t, db))

		f.src.fail = errTimeout
		_, err = f.svc.CreateTicket(as(agent), phone, f.demo.Citizen(1).String())
		require.ErrorIs(t, err, lookup.ErrUnavailable)
		rec = f.last(t)
		require.Equal(t, audit.UpstreamError, rec.Outcome)
		require.Equal(t, "timeout", rec.Detail)
		require.Equal(t, 0, countTickets(t, db))
		f.src.fail = nil

		calls, logged := f.src.Calls(), len(f.consultations(t))
		_, err = f.svc.CreateTicket(as(agent), phone, "85073003329")
		var ve *tickets.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, calls, f.src.Calls(), "an invalid number never reaches the register")
		require.Len(t, f.consultations(t), logged)
	})
}

// unknownNumber is a valid number outside the demo population: born in
// 1930, before anyone the demo draws.
func unknownNumber(t *testing.T, d *lookup.Demo) string {
	t.Helper()
	n, err := insz.Compute(1930, 5, 5, 17, false, false)
	require.NoError(t, err)
	_, err = d.Identity(context.Background(), n)
	require.ErrorIs(t, err, lookup.ErrNotFound)
	return n.String()
}

func countTickets(t *testing.T, db *database.DB) int {
	t.Helper()
	n, err := db.Bun.NewSelect().Table("tickets").Count(context.Background())
	require.NoError(t, err)
	return int(n)
}

// TestConsultRateLimit: beyond the hourly allowance a consultation is
// refused with a clear error and recorded; an hour later it is allowed
// again.
func TestConsultRateLimit(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{RateLimit: 3})
		tk := f.phoneTicket(t, 3) // the identity lookup is the first of three
		for range 2 {
			_, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
			require.NoError(t, err)
		}
		calls := f.src.Calls()
		res, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.ErrorIs(t, err, lookup.ErrRateLimited)
		require.Nil(t, res.Career)
		require.Equal(t, calls, f.src.Calls())
		rec := f.last(t)
		require.Equal(t, audit.Denied, rec.Outcome)
		require.Equal(t, "rate_limited", rec.Detail)

		f.clock.Advance(time.Hour + time.Second)
		_, err = f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.NoError(t, err)
	})
}

// TestRacingRetryRecordsItsLookup: two posts of the portal with the same
// idempotency key both pass the first check and both ask the register;
// the one that loses the race makes no ticket, and its lookup is recorded
// all the same, as refused (duplicate), its answer never shown.
func TestRacingRetryRecordsItsLookup(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		portal := audit.WithActor(context.Background(), audit.Actor{System: "citizen-portal"})
		form := tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: tickets.ChannelPortalForm, Purpose: tickets.PurposeContentQuestion,
			Subject: "Form", IdempotencyKey: "k-1", Confirmed: true}
		number := f.demo.Citizen(50).String()
		var first tickets.Ticket
		f.src.during = func() {
			f.src.during = nil // the retry's own lookup runs normally
			f.src.mu.Unlock()
			defer f.src.mu.Lock()
			var err error
			first, err = f.svc.CreateTicket(portal, form, number)
			require.NoError(t, err)
		}
		_, err := f.svc.CreateTicket(portal, form, number)
		require.ErrorIs(t, err, tickets.ErrDuplicate)
		require.Equal(t, 1, countTickets(t, db))
		all := f.consultations(t)
		require.Len(t, all, 2, "both lookups are recorded")
		var refused audit.Consultation
		for _, c := range all {
			if c.Outcome == audit.Denied {
				refused = c
			}
		}
		require.Equal(t, "duplicate", refused.Detail)
		require.Equal(t, tickets.ContactCentre, refused.Institution, "on behalf of the contact centre")
		require.NotEmpty(t, first.Ref)
	})
}
