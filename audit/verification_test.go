package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestVerificationJobRecordsOutcome: the daily River job really runs,
// verifies both logs of a sealed, checkpointed history and records that
// they hold with the last checkpoint; once an entry is edited, the next
// run records the failure and names the entry.
func TestVerificationJobRecordsOutcome(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		history(t, db, 20)
		_, verifier := sealed(t, db)

		none, err := audit.LastVerifications(ctx, db.Bun)
		require.NoError(t, err)
		require.Empty(t, none, "nothing verified yet")

		runJob(t, db, verifier)
		last, err := audit.LastVerifications(ctx, db.Bun)
		require.NoError(t, err)
		require.Len(t, last, 2)
		for i, v := range last {
			require.Equal(t, audit.Logs[i], v.Log)
			require.True(t, v.OK, v.Problem)
			require.True(t, v.Signed)
			require.NotNil(t, v.CheckpointID, "the last checkpoint it found holding")
			require.Positive(t, v.Entries)
			require.Empty(t, v.Problem)
		}
		var checkpoint int64
		require.NoError(t, db.Bun.NewSelect().Table("audit_checkpoints").ColumnExpr("max(id)").Where("log = 'access_log'").Scan(ctx, &checkpoint))
		require.Equal(t, checkpoint, *last[0].CheckpointID)

		tamper(t, db, "UPDATE access_log SET detail = 'edited' WHERE id = (SELECT min(id) FROM access_log)")
		_, err = audit.VerifyAndRecord(ctx, db.Bun, verifier, time.Now())
		require.Error(t, err)
		last, err = audit.LastVerifications(ctx, db.Bun)
		require.NoError(t, err)
		require.False(t, last[0].OK)
		require.Contains(t, last[0].Problem, "access_log")
		require.Nil(t, last[0].CheckpointID, "a failed verification vouches for no checkpoint")
		require.True(t, last[1].OK, "the consultation log was not touched")
	})
}

// runJob runs the verification job through a real River client and waits
// for it to complete.
func runJob(t *testing.T, db *database.DB, verifier note.Verifier) {
	t.Helper()
	ctx := context.Background()
	workers := river.NewWorkers()
	river.AddWorker(workers, &audit.VerifyWorker{DB: db.Bun, Verifier: verifier})
	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}}, Workers: workers,
		FetchPollInterval: 100 * time.Millisecond,
	})
	require.NoError(t, err)
	done, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
	defer cancel()
	require.NoError(t, client.Start(ctx))
	defer func() { require.NoError(t, client.Stop(ctx)) }()
	_, err = client.Insert(ctx, audit.VerifyArgs{}, nil)
	require.NoError(t, err)
	select {
	case ev := <-done:
		require.Equal(t, river.EventKindJobCompleted, ev.Kind)
	case <-time.After(30 * time.Second):
		t.Fatal("the verification job did not finish")
	}
}
