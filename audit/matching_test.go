package audit_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestMatchingListsWhatTheRegistryLogged: the matching list of a period
// holds, oldest first, every consultation of [from, to) that asked the
// registry — found, not found, failed after a request may have left,
// refused after the registry answered — with the values the request
// carried, and leaves out what never left: refusals before asking, a
// paused circuit, an untraceable consultation. It names neither the
// ticket nor the citizen.
func TestMatchingListsWhatTheRegistryLogged(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		from := time.Date(2026, 3, 1, 0, 0, 0, 0, audit.Brussels)
		to := from.AddDate(0, 1, 0)
		agent := audit.WithActor(context.Background(), audit.Actor{UserID: 7, Role: audit.RoleFrontOffice, Institution: "contact_centre", RequestID: "a1b2"})
		portal := audit.WithActor(context.Background(), audit.Actor{System: "citizen-portal", RequestID: "c3d4"})
		const ref, number = "CC-2026-000123", "85073003328"
		record := func(ctx context.Context, at time.Time, kind, reason string, outcome audit.ConsultationOutcome, detail string, latency int64) {
			t.Helper()
			c := audit.Consultation{At: at, TicketRef: ref, INSZ: number, Kind: kind, Reason: reason, Outcome: outcome, Detail: detail, LatencyUS: latency}
			require.NoError(t, audit.RecordConsultation(ctx, db.Bun, &c))
		}
		record(agent, from.Add(-time.Microsecond), "career", "citizen_question", audit.Found, "", 900)         // before the period
		record(agent, from, "career", "citizen_question", audit.Found, "", 900)                                // its first instant
		record(portal, from.Add(time.Hour), "identity", "identification", audit.NotFound, "", 800)             // a system client
		record(agent, from.Add(2*time.Hour), "career", "complaint", audit.Denied, "rate_limited", 0)           // refused before asking
		record(agent, from.Add(3*time.Hour), "career", "answer_check", audit.Denied, "ticket_not_saved", 1200) // refused after the answer
		record(agent, from.Add(4*time.Hour), "supplementary_pension", "error_report", audit.UpstreamError, "circuit_open", 5)
		record(agent, from.Add(5*time.Hour), "supplementary_pension", "error_report", audit.UpstreamError, "timeout", 6000123)
		record(agent, from.Add(6*time.Hour), "career", "citizen_question", audit.UpstreamError, "untraceable", 3)
		record(agent, to, "career", "citizen_question", audit.Found, "", 900) // the period's end is excluded

		entries, err := audit.Matching(context.Background(), db.Bun, from, to, "CSSS/99/001")
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, audit.WriteMatching(&out, entries))
		require.Equal(t, "consultation_id,at,legal_context,kind,reason,agent,request_id,outcome,detail\n"+
			"a1b2.career,2026-02-28T23:00:00.000000Z,CSSS/99/001,career,citizen_question,user:7,a1b2,found,\n"+
			"c3d4.identity,2026-03-01T00:00:00.000000Z,CSSS/99/001,identity,identification,system:citizen-portal,c3d4,not_found,\n"+
			"a1b2.career,2026-03-01T02:00:00.000000Z,CSSS/99/001,career,answer_check,user:7,a1b2,refused,ticket_not_saved\n"+
			"a1b2.supplementary_pension,2026-03-01T04:00:00.000000Z,CSSS/99/001,supplementary_pension,error_report,user:7,a1b2,upstream_error,timeout\n",
			out.String())
		require.NotContains(t, out.String(), ref, "§7: nothing of the ticket")
		require.NotContains(t, out.String(), number, "nor the citizen")

		none, err := audit.Matching(context.Background(), db.Bun, to.Add(time.Hour), to.AddDate(0, 1, 0), "CSSS/99/001")
		require.NoError(t, err)
		require.Empty(t, none)
	})
}
