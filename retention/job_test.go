package retention

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestJobRuns: the retention job really runs under River, erases as of its
// own time, and is unique per day.
func TestJobRuns(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		old := b.ticket(t, b.citizen(), *ago(40, 0), ago(30, 0))
		workers := river.NewWorkers()
		river.AddWorker(workers, &Worker{Service: b.svc})
		client, err := river.NewClient(db.RiverDriver(), &river.Config{
			Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}}, Workers: workers,
			FetchPollInterval: 100 * time.Millisecond,
		})
		require.NoError(t, err)
		ctx := context.Background()
		require.NoError(t, client.Start(ctx))
		t.Cleanup(func() { client.Stop(context.Background()) })

		res, err := client.Insert(ctx, RetentionArgs{AsOf: now}, nil)
		require.NoError(t, err)
		require.Eventually(t, func() bool {
			job, err := client.JobGet(ctx, res.Job.ID)
			return err == nil && job.State == rivertype.JobStateCompleted
		}, 20*time.Second, 50*time.Millisecond)
		rec, err := b.svc.LastRun(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(1), rec.TicketsErased)
		require.True(t, rec.AsOf.Equal(now))
		require.NotNil(t, b.load(t, old.ID).ErasedAt)

		dup, err := client.Insert(ctx, RetentionArgs{AsOf: now.Add(time.Minute)}, nil)
		require.NoError(t, err)
		require.True(t, dup.UniqueSkippedAsDuplicate, "one run a day")
	})
}
