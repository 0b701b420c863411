package retention

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestRunErasesExactlyTheExpired: tickets closed more than 24 months ago
// lose identity and free text and keep what statistics need; tickets
// closed less long ago, or still open however old, keep everything;
// quarantined e-mails go after 90 days. The plan announces exactly what
// the run does, the run is recorded with counts and ranges only, and a
// second run erases nothing.
func TestRunErasesExactlyTheExpired(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		n := b.citizen()
		old1 := b.ticket(t, n, *ago(30, 0), ago(25, 0))
		old2 := b.ticket(t, b.citizen(), *ago(40, 0), ago(24, 1))
		old3 := b.ticket(t, b.citizen(), *ago(26, 0), ago(24, 2))
		young := b.ticket(t, n, *ago(25, 0), ago(23, 28))
		open := b.ticket(t, b.citizen(), *ago(60, 0), nil)
		qOld := b.quarantine(t, now.AddDate(0, 0, -91))
		qYoung := b.quarantine(t, now.AddDate(0, 0, -89))

		plan, err := b.svc.Plan(b.ctx, now)
		require.NoError(t, err)
		require.Equal(t, Range{Count: 3, FirstID: old1.ID, LastID: old3.ID, From: ago(25, 0).UTC(), To: ago(24, 1).UTC()}, plan.Tickets)
		require.Equal(t, int64(1), plan.Quarantine.Count)
		require.Equal(t, qOld, plan.Quarantine.FirstID)

		rec, err := b.svc.Run(b.ctx, now)
		require.NoError(t, err)
		require.NotNil(t, rec.FinishedAt)
		require.Equal(t, plan.Tickets.Count, rec.TicketsErased)
		require.Equal(t, plan.Quarantine.Count, rec.QuarantineDeleted)
		require.Equal(t, plan.Tickets, rec.Ranges()[CategoryTickets], "the run erased what the plan said")
		require.Equal(t, plan.Quarantine, rec.Ranges()[CategoryQuarantine])

		for _, tk := range []int64{old1.ID, old2.ID, old3.ID} {
			got := b.load(t, tk)
			require.NotNil(t, got.ErasedAt)
			require.Equal(t, WhyRetention, got.ErasedWhy)
			require.Nil(t, got.INSZ)
			require.Empty(t, got.LastName+got.FirstName+got.Sex+got.BirthDate+got.BirthPlace+got.Address)
			require.Empty(t, got.Subject+got.Request+got.Sender)
			require.Nil(t, got.IdempotencyKey)
			require.Empty(t, b.noteText(t, tk))
			// What statistics need stays.
			require.NotEmpty(t, got.Ref)
			require.Equal(t, "closed", string(got.Status))
			require.Equal(t, "contact_centre", got.Institution)
			require.Equal(t, "mypension", string(got.Portal))
			require.NotNil(t, got.ClosedAt)
		}
		for _, tk := range []int64{young.ID, open.ID} {
			got := b.load(t, tk)
			require.Nil(t, got.ErasedAt)
			require.NotNil(t, got.INSZ)
			require.Equal(t, "My pension", got.Subject)
			require.NotEmpty(t, b.noteText(t, tk))
		}
		var left []int64
		require.NoError(t, db.Bun.NewRaw("SELECT id FROM mail_quarantine ORDER BY id").Scan(b.ctx, &left))
		require.Equal(t, []int64{qYoung}, left)

		logged := b.entries(t, "retention_run")
		require.Len(t, logged, 1)
		require.Contains(t, logged[0].Detail, "tickets=3[ids ")
		require.Contains(t, logged[0].Detail, "quarantine=1")
		require.NotContains(t, logged[0].Detail, n, "counts and ranges, never contents")

		// Idempotent: the same run again is the same record; a later run
		// erases nothing more.
		again, err := b.svc.Run(b.ctx, now)
		require.NoError(t, err)
		require.Equal(t, rec.ID, again.ID)
		later, err := b.svc.Run(b.ctx, now.Add(time.Hour))
		require.NoError(t, err)
		require.Zero(t, later.TicketsErased+later.QuarantineDeleted+later.AccessLogRemoved+later.ConsultationsRemoved)
		last, err := b.svc.LastRun(b.ctx)
		require.NoError(t, err)
		require.Equal(t, later.ID, last.ID)
		after, err := b.svc.Plan(b.ctx, now.Add(time.Hour))
		require.NoError(t, err)
		require.Zero(t, after.Tickets.Count+after.Quarantine.Count)
	})
}

// TestRunInterruptedCompletesOnce: a run killed after its first batch is
// completed by the retry of the same job (same as-of time), once, with the
// counts of an uninterrupted run and a single access-log entry.
func TestRunInterruptedCompletesOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		for range 5 {
			b.ticket(t, b.citizen(), *ago(40, 0), ago(30, 0))
		}
		_, err := b.svc.LastRun(b.ctx)
		require.ErrorIs(t, err, ErrNoRun)
		plan, err := b.svc.Plan(b.ctx, now)
		require.NoError(t, err)
		killed := errors.New("killed")
		b.svc.afterBatch = func(string) error { return killed }
		_, err = b.svc.Run(b.ctx, now)
		require.ErrorIs(t, err, killed)
		mid, err := b.svc.LastRun(b.ctx)
		require.NoError(t, err)
		require.Nil(t, mid.FinishedAt)
		require.Equal(t, int64(2), mid.TicketsErased, "the committed batch is counted")
		require.Empty(t, b.entries(t, "retention_run"))

		b.svc.afterBatch = nil
		rec, err := b.svc.Run(b.ctx, now)
		require.NoError(t, err)
		require.Equal(t, mid.ID, rec.ID)
		require.Equal(t, plan.Tickets.Count, rec.TicketsErased)
		require.Equal(t, plan.Tickets, rec.Ranges()[CategoryTickets])
		require.Len(t, b.entries(t, "retention_run"), 1)
	})
}

// TestPolicy: the defaults, the periods' syntax, and the refusals.
func TestPolicy(t *testing.T) {
	t.Parallel()
	p := DefaultPolicy()
	require.Equal(t, "24mo", p.ClosedTickets.String())
	require.Equal(t, "90d", p.Quarantine.String())
	require.Equal(t, "10y", p.Logs.String())
	require.NoError(t, p.Validate())
	require.Len(t, p.Rules(), 6)
	for _, bad := range []string{"", "0d", "-3mo", "24", "24m", "abc", "1.5y"} {
		_, err := ParsePeriod(bad)
		require.Error(t, err, bad)
	}
	short, err := ParsePeriod("12mo")
	require.NoError(t, err)
	p.Logs = short
	var ve *ValidationError
	require.ErrorAs(t, p.Validate(), &ve)
	require.Equal(t, "retain-logs", ve.Field)
	require.Equal(t, time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), Period{Months: 24}.Before(time.Date(2030, 2, 28, 0, 0, 0, 0, time.UTC)).AddDate(0, 0, 1))
}
