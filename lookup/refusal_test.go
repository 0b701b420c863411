package lookup_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/tickets"
)

// TestConsultRefusals: every rule of §9 refuses with a precise error,
// records the refusal, never asks the source and returns no data: unknown
// ticket, closed ticket, unidentified ticket, a ticket the back office
// holds, a back-office or adviser actor (§10, O12), the identity kind on
// the panel. Input that names no consultation at all (unknown kind or
// reason) is refused before anything is looked at.
func TestConsultRefusals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		open := f.phoneTicket(t, 10)
		closed := f.phoneTicket(t, 11)
		_, err := f.tickets.Close(as(agent), closed.Ref)
		require.NoError(t, err)
		assigned := f.phoneTicket(t, 12)
		_, err = f.tickets.Assign(as(agent), assigned.Ref, "sigedis", "content question", false)
		require.NoError(t, err)
		letter, err := f.svc.CreateTicket(as(agent), tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: tickets.ChannelPost,
			Purpose: tickets.PurposeOther, Subject: "Letter", Sender: "A. Citizen"}, "")
		require.NoError(t, err)

		for _, tc := range []struct {
			name   string
			actor  audit.Actor
			ref    string
			kind   lookup.Kind
			want   error
			detail string
		}{
			{"unknown ticket", agent, "CC-2026-999999", lookup.KindCareer, tickets.ErrNotFound, "ticket_not_found"},
			{"closed ticket", agent, closed.Ref, lookup.KindCareer, tickets.ErrTicketClosed, "ticket_closed"},
			{"unidentified ticket", agent, letter.Ref, lookup.KindSupplementaryPension, tickets.ErrUnidentified, "identify_first"},
			{"ticket held by a back office", agent, assigned.Ref, lookup.KindCareer, tickets.ErrForbidden, "forbidden"},
			{"back office on its own ticket", sigedis, assigned.Ref, lookup.KindCareer, tickets.ErrForbidden, "forbidden"},
			{"security adviser", adviser, open.Ref, lookup.KindCareer, tickets.ErrForbidden, "forbidden"},
			{"identity on the panel", agent, open.Ref, lookup.KindIdentity, lookup.ErrIdentityOnIdentification, "identity_on_identification"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				calls, actions := f.src.Calls(), countActions(t, db)
				res, err := f.svc.Consult(as(tc.actor), tc.ref, tc.kind, lookup.ReasonCitizenQuestion)
				require.ErrorIs(t, err, tc.want)
				require.Nil(t, res.Career)
				require.Nil(t, res.Pension)
				require.Equal(t, calls, f.src.Calls(), "the source is not asked")
				require.Equal(t, actions, countActions(t, db), "no timeline action")
				rec := f.last(t)
				require.Equal(t, audit.Denied, rec.Outcome)
				require.Equal(t, tc.detail, rec.Detail)
				require.Equal(t, string(tc.kind), rec.Kind)
				require.Equal(t, tc.ref, rec.TicketRef)
				require.Equal(t, string(tc.actor.Role), rec.Role)
			})
		}

		logged := len(f.consultations(t))
		_, err = f.svc.Consult(as(agent), open.Ref, "salary", lookup.ReasonCitizenQuestion)
		var ve *tickets.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "kind", ve.Field)
		_, err = f.svc.Consult(as(agent), open.Ref, lookup.KindCareer, "curiosity")
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "reason", ve.Field)
		_, err = f.svc.Consult(as(agent), open.Ref, lookup.KindCareer, lookup.ReasonIdentification)
		require.ErrorAs(t, err, &ve, "the application's own reason is not the agent's to state")
		_, err = f.svc.Consult(context.Background(), open.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.ErrorIs(t, err, tickets.ErrForbidden, "no actor, no consultation")
		require.Len(t, f.consultations(t), logged)
	})
}

func countActions(t *testing.T, db *database.DB) int {
	t.Helper()
	n, err := db.Bun.NewSelect().Table("ticket_actions").Count(context.Background())
	require.NoError(t, err)
	return int(n)
}

// TestRecordFirst: the data leave the service only once their record is
// committed. When the record cannot be written — the log's table is gone
// while the source answers — the consultation fails and returns nothing.
func TestRecordFirst(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{RateLimit: -1})
		tk := f.phoneTicket(t, 20)
		f.src.during = func() {
			_, err := db.Bun.ExecContext(context.Background(), "ALTER TABLE consultations RENAME TO consultations_away")
			require.NoError(t, err)
		}
		res, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.Error(t, err)
		require.Nil(t, res.Career, "no record, no data")
		require.Empty(t, f.consultationActions(t, f.ticketID(t, tk.Ref))[1:], "no timeline action either")
	})
}

// TestConsultWhileTheTicketChanges: a ticket closed while the source
// answers is not consulted after all: the refusal is recorded under the
// ticket's lock and the data are not returned.
func TestConsultWhileTheTicketChanges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		tk := f.phoneTicket(t, 21)
		f.src.during = func() {
			_, err := f.tickets.Close(as(agent), tk.Ref)
			require.NoError(t, err)
		}
		res, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindSupplementaryPension, lookup.ReasonCitizenQuestion)
		require.ErrorIs(t, err, tickets.ErrTicketClosed)
		require.Nil(t, res.Pension)
		rec := f.last(t)
		require.Equal(t, audit.Denied, rec.Outcome)
		require.Equal(t, "ticket_closed", rec.Detail)
	})
}

// TestSourceFailures: a person the source does not know, a source that is
// down and a source that answers about someone else are each recorded with
// their outcome and show nothing; none puts a consultation on the
// timeline.
func TestSourceFailures(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		tk := f.phoneTicket(t, 30)
		id := f.ticketID(t, tk.Ref)

		f.src.fail = lookup.ErrNotFound
		_, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.ErrorIs(t, err, lookup.ErrNotFound)
		require.Equal(t, audit.NotFound, f.last(t).Outcome)

		f.src.fail = errTimeout
		_, err = f.svc.Consult(as(agent), tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.ErrorIs(t, err, lookup.ErrUnavailable)
		require.Equal(t, audit.UpstreamError, f.last(t).Outcome)
		require.Equal(t, "timeout", f.last(t).Detail)

		f.src.fail, f.src.answerFor = nil, f.demo.Citizen(31)
		res, err := f.svc.Consult(as(agent), tk.Ref, lookup.KindSupplementaryPension, lookup.ReasonCitizenQuestion)
		require.ErrorIs(t, err, lookup.ErrUnavailable)
		require.Nil(t, res.Pension, "an answer about someone else is never shown")
		require.Equal(t, audit.UpstreamError, f.last(t).Outcome)

		require.Len(t, f.consultationActions(t, id), 1, "only the identity lookup at creation")
	})
}
