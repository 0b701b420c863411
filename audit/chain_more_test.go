package audit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestLogsAreAppendOnly: the database itself refuses to change or remove
// a log entry, a seal or a checkpoint (and, on PostgreSQL, to truncate).
func TestLogsAreAppendOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		history(t, db, 3)
		_, verifier := sealed(t, db)
		ctx := context.Background()
		require.NoError(t, audit.Publish(ctx, db.Bun, []audit.Witness{audit.DirWitness{Dir: t.TempDir(), Logs: verifier}}, time.Now()))
		for table, key := range map[string]string{"access_log": "id", "consultations": "id", "audit_seals": "id",
			"audit_checkpoints": "id", "audit_tree": "seal_id", "audit_witnessed": "id"} {
			for _, stmt := range []string{"UPDATE " + table + " SET " + key + " = " + key, "DELETE FROM " + table} {
				_, err := db.Bun.ExecContext(ctx, stmt)
				require.Error(t, err, stmt)
				require.Contains(t, err.Error(), "append-only", stmt)
			}
			if db.Dialect == database.Postgres {
				_, err := db.Bun.ExecContext(ctx, "TRUNCATE "+table+" CASCADE")
				require.ErrorContains(t, err, "append-only")
			}
		}
	})
}

// TestCheckpointProvesHistory: history rewritten wholesale — an entry
// edited, then every seal and checkpoint deleted and the log sealed again —
// verifies on its own, but not against a checkpoint kept outside the
// database; and a checkpoint edited in the database fails its signature.
func TestCheckpointProvesHistory(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		history(t, db, 8)
		signer, verifier := sealed(t, db)
		var kept audit.Checkpoint
		require.NoError(t, db.Bun.NewSelect().Model(&kept).Where("log = ?", audit.AccessLog).OrderExpr("id DESC").Limit(1).Scan(ctx))
		require.NoError(t, verifyAll(db, verifier, []byte(kept.Note)))

		tamper(t, db, "UPDATE access_log SET detail = 'rewritten' WHERE id = 1",
			"DELETE FROM audit_checkpoints", "DELETE FROM audit_tree", "DELETE FROM audit_seals")
		_, err := audit.SealAll(ctx, db.Bun, time.Now())
		require.NoError(t, err)
		_, err = audit.WriteCheckpoints(ctx, db.Bun, signer, time.Hour, time.Now())
		require.NoError(t, err)
		require.NoError(t, verifyAll(db, verifier), "a rewrite with the key verifies on its own…")
		err = verifyAll(db, verifier, []byte(kept.Note))
		var p *audit.Problem
		require.ErrorAs(t, err, &p, "…but not against the copy kept outside")
		require.Equal(t, "forked", p.What)

		tamper(t, db, "UPDATE audit_checkpoints SET note = replace(note, 'contactd/access_log', 'contactd/access_log ') WHERE log = 'access_log'")
		err = verifyAll(db, verifier)
		require.ErrorAs(t, err, &p)
		require.Equal(t, "checkpoint", p.What)
		require.Contains(t, p.Detail, "signature")
	})
}

// TestSealingUnderConcurrentWriters: writers append while the sealer runs
// again and again; at the end every entry is sealed exactly once, in id
// order, and the chain verifies — no entry committed late is skipped.
func TestSealingUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := range 8 {
			wg.Go(func() {
				for i := range 40 {
					require.NoError(t, audit.Record(agentCtx, db.Bun, audit.Entry{Action: "ticket_view", Detail: fmt.Sprintf("%d/%d", w, i)}))
				}
			})
		}
		sealerDone := make(chan struct{})
		go func() {
			defer close(sealerDone)
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, err := audit.SealAll(ctx, db.Bun, time.Now())
				require.NoError(t, err)
			}
		}()
		wg.Wait()
		close(stop)
		<-sealerDone
		_, err := audit.SealAll(ctx, db.Bun, time.Now())
		require.NoError(t, err)
		r, err := audit.Verify(ctx, audit.DBSource{DB: db.Bun}, audit.AccessLog, nil)
		require.NoError(t, err)
		require.Equal(t, int64(320), r.Entries)
		require.Zero(t, r.Unsealed)
	})
}
