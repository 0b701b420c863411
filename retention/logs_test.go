package retention

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// logEntries appends n access-log entries and n consultations at at.
func (b *bundle) logEntries(t *testing.T, n int, at time.Time) {
	t.Helper()
	agent := audit.WithActor(context.Background(), audit.Actor{UserID: 7, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
	for range n {
		require.NoError(t, audit.Record(agent, b.db.Bun, audit.Entry{At: at, Action: "ticket_view", TicketRef: "CC-2020-000001", Citizen: b.citizen()}))
		c := audit.Consultation{At: at, TicketRef: "CC-2020-000001", INSZ: b.citizen(), Kind: "career", Reason: "question", Outcome: audit.Found}
		require.NoError(t, audit.RecordConsultation(agent, b.db.Bun, &c))
	}
}

// seal seals what was written, and signs a checkpoint when sign is set.
func (b *bundle) seal(t *testing.T, sign bool) {
	t.Helper()
	_, err := audit.SealAll(b.ctx, b.db.Bun, now)
	require.NoError(t, err)
	if sign {
		_, err = audit.WriteCheckpoints(b.ctx, b.db.Bun, b.svc.opt.Signer, 0, now)
		require.NoError(t, err)
	}
}

func (b *bundle) verify(t *testing.T, src audit.Source) map[audit.Log]audit.Report {
	t.Helper()
	v, err := note.NewVerifier(b.signer.vkey)
	require.NoError(t, err)
	out := map[audit.Log]audit.Report{}
	for _, log := range audit.Logs {
		r, err := audit.Verify(b.ctx, src, log, v)
		require.NoError(t, err, "verify %s", log)
		out[log] = r
	}
	return out
}

// TestLogPruningKeepsTheChainVerifiable: entries older than ten years go,
// in whole sealed batches that a signed checkpoint covers, behind a signed
// horizon; `audit verify` (database and export) still passes from it; a
// seal that mixes old and young entries waits; an ordinary DELETE or
// UPDATE of an entry is still refused; a second run removes nothing.
func TestLogPruningKeepsTheChainVerifiable(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		old := now.AddDate(-11, 0, 0)
		b.logEntries(t, 3, old) // seal 1: all old
		b.seal(t, true)
		b.logEntries(t, 1, old) // seal 2: one old, one young
		b.logEntries(t, 1, now.AddDate(-1, 0, 0))
		b.seal(t, false)
		b.logEntries(t, 2, now.AddDate(0, 0, -1)) // seal 3: young
		b.seal(t, true)
		before := b.verify(t, audit.DBSource{DB: db.Bun})
		require.Equal(t, int64(7), before[audit.AccessLog].Entries)

		plan, err := b.svc.Plan(b.ctx, now)
		require.NoError(t, err)
		require.Equal(t, int64(3), plan.AccessLog.Entries)
		require.Equal(t, int64(1), plan.AccessLog.Waiting, "the old entry sealed with a young one waits")
		require.Equal(t, int64(3), plan.Consultations.Entries)

		rec, err := b.svc.Run(b.ctx, now)
		require.NoError(t, err)
		require.Equal(t, plan.AccessLog.Entries, rec.AccessLogRemoved)
		require.Equal(t, plan.Consultations.Entries, rec.ConsultationsRemoved)
		got := rec.Ranges()[CategoryAccessLog]
		require.Equal(t, Range{Count: 3, FirstID: plan.AccessLog.FirstID, LastID: plan.AccessLog.MaxID, From: plan.AccessLog.From, To: plan.AccessLog.To}, got)
		require.Contains(t, rec.Notes, "2 log entries older than the period wait")

		after := b.verify(t, audit.DBSource{DB: db.Bun})
		for _, log := range audit.Logs {
			require.Equal(t, int64(4), after[log].Entries, log)
			require.NotZero(t, after[log].Horizon, log)
			require.Zero(t, after[log].BeforeHorizon, log)
		}
		export := filepath.Join(t.TempDir(), "audit.jsonl")
		f, err := os.Create(export)
		require.NoError(t, err)
		_, err = audit.Export(b.ctx, audit.DBSource{DB: db.Bun}, f, now)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		b.verify(t, audit.FileSource{Path: export})

		// The exception is for pruning only.
		for _, stmt := range []string{"DELETE FROM access_log", "DELETE FROM consultations WHERE id = (SELECT max(id) FROM consultations)",
			"UPDATE access_log SET detail = 'x'", "DELETE FROM audit_horizons", "UPDATE audit_horizons SET last_id = 0"} {
			_, err := db.Bun.ExecContext(b.ctx, stmt)
			require.ErrorContains(t, err, "append-only", stmt)
		}

		again, err := b.svc.Run(b.ctx, now.Add(time.Hour))
		require.NoError(t, err)
		require.Zero(t, again.AccessLogRemoved+again.ConsultationsRemoved)
		horizons, err := audit.Horizons(b.ctx, db.Bun, audit.AccessLog)
		require.NoError(t, err)
		require.Len(t, horizons, 1)
	})
}

// TestForgedHorizonFailsVerification: a horizon the database holds but
// the key did not sign — what someone with write access could add to
// delete entries — makes verify fail.
func TestForgedHorizonFailsVerification(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	b := setup(t, db)
	b.logEntries(t, 2, now.AddDate(-11, 0, 0))
	b.seal(t, true)
	b.logEntries(t, 2, now)
	b.seal(t, true)
	forger, _, err := audit.GenerateKey("forger")
	require.NoError(t, err)
	b.svc.opt.Signer, _, err = audit.NewSigner(forger)
	require.NoError(t, err)
	_, err = b.svc.Run(b.ctx, now)
	require.NoError(t, err)
	v, err := note.NewVerifier(b.signer.vkey)
	require.NoError(t, err)
	_, err = audit.Verify(b.ctx, audit.DBSource{DB: db.Bun}, audit.AccessLog, v)
	var p *audit.Problem
	require.ErrorAs(t, err, &p)
	require.Equal(t, "horizon", p.What)
	require.True(t, bytes.Contains([]byte(p.Error()), []byte("signature")))
}

// TestTamperedEntriesAreNotPruned: an old entry edited past the triggers is
// evidence for the adviser: the run refuses to prune its seal, removes
// nothing and records no horizon.
func TestTamperedEntriesAreNotPruned(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	b := setup(t, db)
	b.logEntries(t, 2, now.AddDate(-11, 0, 0))
	b.seal(t, true)
	for _, stmt := range []string{"DROP TRIGGER access_log_no_update", "UPDATE access_log SET detail = 'edited' WHERE id = 1"} {
		_, err := db.Bun.ExecContext(b.ctx, stmt)
		require.NoError(t, err)
	}
	_, err := b.svc.Run(b.ctx, now)
	require.ErrorIs(t, err, audit.ErrPruneUnverified)
	var n int
	require.NoError(t, db.Bun.NewRaw("SELECT count(*) FROM access_log").Scan(b.ctx, &n))
	require.Equal(t, 2, n)
	horizons, err := audit.Horizons(b.ctx, db.Bun, audit.AccessLog)
	require.NoError(t, err)
	require.Empty(t, horizons)
}
