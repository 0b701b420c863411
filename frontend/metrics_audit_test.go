package frontend_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestAuditMetrics: /metrics says how old the oldest unsealed entry is,
// how long the newest checkpoint has waited for a witness, when a witness
// last took one, and whether the last verification found tampering — so
// that a stalled sealer or a tampered log is alerted on, not discovered.
func TestAuditMetrics(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		app := apptest.New(t, db)
		b := app.Browser()
		require.NoError(t, audit.Record(audit.WithActor(ctx, audit.Actor{Role: audit.RoleFrontOffice}), db.Bun,
			audit.Entry{At: time.Now().Add(-5 * time.Minute), Action: "ticket_view"}))
		gauge := func(name, log string) float64 {
			body := b.Get(t, "/metrics").Body
			m := regexp.MustCompile(name + `\{log="` + log + `"\} (\S+)`).FindStringSubmatch(body)
			require.Len(t, m, 2, "%s{log=%q} in\n%s", name, log, body)
			v, err := strconv.ParseFloat(m[1], 64)
			require.NoError(t, err)
			return v
		}
		require.Greater(t, gauge("contactd_audit_oldest_unsealed_seconds", "access_log"), 290.0, "five minutes unsealed")

		skey, _, err := audit.GenerateKey("contactd-test")
		require.NoError(t, err)
		signer, verifier, err := audit.NewSigner(skey)
		require.NoError(t, err)
		_, err = audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now().Add(-time.Hour))
		require.NoError(t, err)
		require.Less(t, gauge("contactd_audit_oldest_unsealed_seconds", "access_log"), 60.0, "sealed")
		require.Greater(t, gauge("contactd_audit_unwitnessed_checkpoint_seconds", "access_log"), 3500.0, "an hour without a witness")

		require.NoError(t, audit.Publish(ctx, db.Bun, []audit.Witness{audit.DirWitness{Dir: t.TempDir(), Logs: mustVerifier(t, verifier)}}, time.Now()))
		require.Zero(t, gauge("contactd_audit_unwitnessed_checkpoint_seconds", "access_log"))
		require.InDelta(t, float64(time.Now().Unix()), gauge("contactd_audit_witnessed_checkpoint_timestamp_seconds", "access_log"), 60)

		_, err = audit.VerifyAndRecord(ctx, db.Bun, mustVerifier(t, verifier), time.Now())
		require.NoError(t, err)
		require.Zero(t, gauge("contactd_audit_verification_failed", "access_log"))
		tamperLog(t, db, "UPDATE access_log SET detail = 'rewritten' WHERE id = 1")
		_, err = audit.VerifyAndRecord(ctx, db.Bun, mustVerifier(t, verifier), time.Now())
		require.Error(t, err)
		require.Equal(t, 1.0, gauge("contactd_audit_verification_failed", "access_log"))
	})
}

func mustVerifier(t *testing.T, vkey string) note.Verifier {
	v, err := note.NewVerifier(vkey)
	require.NoError(t, err)
	return v
}

// tamperLog runs SQL past the append-only triggers, as a superuser would.
func tamperLog(t *testing.T, db *database.DB, stmt string) {
	err := db.RunInTx(context.Background(), func(ctx context.Context, tx bun.Tx) error {
		if db.Dialect == database.Postgres {
			if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS access_log_no_update"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, stmt)
		return err
	})
	require.NoError(t, err)
}
