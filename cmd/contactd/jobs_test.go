package main

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/testdb"
)

// TestSealJobRunsAgainAndAgain: the periodic sealing job is inserted again
// once the previous run completed — River keeps completed jobs a day, and
// a uniqueness that counted them would seal once a day — and each run
// seals what was written since.
func TestSealJobRunsAgainAndAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.SQLite(t)
	workers := river.NewWorkers()
	river.AddWorker(workers, &audit.SealWorker{DB: db.Bun})
	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}}, Workers: workers,
		FetchPollInterval: 100 * time.Millisecond,
	})
	require.NoError(t, err)
	require.NoError(t, client.Start(ctx))
	t.Cleanup(func() { client.Stop(context.Background()) })
	actor := audit.WithActor(ctx, audit.Actor{UserID: 1, Role: audit.RoleFrontOffice})

	for round := 1; round <= 2; round++ {
		require.NoError(t, audit.Record(actor, db.Bun, audit.Entry{Action: "ticket_view"}))
		args, opts := sealJob()
		res, err := client.Insert(ctx, args, opts)
		require.NoError(t, err)
		require.False(t, res.UniqueSkippedAsDuplicate, "round %d is a new job", round)
		require.Eventually(t, func() bool {
			job, err := client.JobGet(ctx, res.Job.ID)
			return err == nil && job.State == rivertype.JobStateCompleted
		}, 20*time.Second, 50*time.Millisecond)
		var seals int
		require.NoError(t, db.Bun.NewSelect().Table("audit_seals").ColumnExpr("count(*)").Scan(ctx, &seals))
		require.Equal(t, round, seals, "each run seals what was written since")
	}
}
