package main

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun/dialect/pgdialect"

	"contactd/audit"
	"contactd/internal/database"
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

// TestSealingResumesAfterAKilledWorker: a worker killed in the middle of
// a seal leaves its job "running" until River rescues it twenty minutes
// later. That job must not stop the next periodic one from sealing:
// another worker seals what is written after it within a minute. Before
// the sealing job stopped being unique while running, the periodic insert
// was skipped as a duplicate and nothing was sealed for twenty minutes.
func TestSealingResumesAfterAKilledWorker(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		inserter, err := river.NewClient(db.RiverDriver(), &river.Config{})
		require.NoError(t, err)
		args, opts := sealJob()
		res, err := inserter.Insert(ctx, args, opts)
		require.NoError(t, err)
		_, err = db.Bun.ExecContext(ctx, "UPDATE river_job SET state = 'running', attempt = 1, attempted_at = ?, attempted_by = ? WHERE id = ?",
			time.Now().UTC(), deadWorker(db), res.Job.ID)
		require.NoError(t, err, "the job of the killed worker")

		workers := river.NewWorkers()
		river.AddWorker(workers, &audit.SealWorker{DB: db.Bun})
		client, err := river.NewClient(db.RiverDriver(), &river.Config{
			Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}, Workers: workers,
			FetchPollInterval: 200 * time.Millisecond, RescueStuckJobsAfter: rescueStuckJobsAfter,
			PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(audit.SealEvery), sealJob,
				&river.PeriodicJobOpts{ID: "audit_seal", RunOnStart: true})},
		})
		require.NoError(t, err)
		require.NoError(t, audit.Record(audit.WithActor(ctx, audit.Actor{UserID: 1, Role: audit.RoleFrontOffice}), db.Bun, audit.Entry{Action: "ticket_view"}))
		start := time.Now()
		require.NoError(t, client.Start(ctx))
		t.Cleanup(func() { client.Stop(context.Background()) })
		require.Eventually(t, func() bool {
			var sealed int64
			err := db.Bun.NewRaw("SELECT count(*) FROM audit_seals").Scan(ctx, &sealed)
			return err == nil && sealed > 0
		}, time.Minute, 200*time.Millisecond, "another worker seals within a minute")
		t.Logf("sealed %s after the new worker started, beside the dead one's job", time.Since(start).Round(time.Millisecond))
		job, err := client.JobGet(ctx, res.Job.ID)
		require.NoError(t, err)
		require.Equal(t, rivertype.JobStateRunning, job.State, "the dead worker's job is still there, and did not block")
	})
}

// deadWorker is River's attempted_by of a client that no longer runs, as
// each driver stores it.
func deadWorker(db *database.DB) any {
	if db.Dialect == database.Postgres {
		return pgdialect.Array([]string{"killed-worker"})
	}
	return `["killed-worker"]`
}
