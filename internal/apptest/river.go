package apptest

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/retention"
)

// startRiver runs River on the test's database with the jobs the pages
// queue (sampling runs) and the retention job, so that a test sees them
// really run.
func startRiver(t testing.TB, db *database.DB, log *slog.Logger, ret *retention.Service) *river.Client[*sql.Tx] {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, &audit.SampleWorker{DB: db.Bun})
	river.AddWorker(workers, &audit.VerifyWorker{DB: db.Bun})
	river.AddWorker(workers, &retention.Worker{Service: ret})
	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Logger:            log.With("component", "river"),
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:           workers,
		FetchPollInterval: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("apptest: river: %v", err)
	}
	if err := client.Start(context.Background()); err != nil {
		t.Fatalf("apptest: river: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		client.Stop(ctx)
	})
	return client
}
