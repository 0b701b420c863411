package access_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"contactd/access"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestJobCommitsWithItsRow proves the transactional enqueue on both
// databases: a job inserted in the transaction of a domain row exists if and
// only if that transaction commits, and River then runs it. The job is the
// real session sweep; its arguments carry nothing.
func TestJobCommitsWithItsRow(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		ctx := context.Background()
		in, err := b.svc.SignIn(ctx, access.Identity{Subject: "sweeper"})
		require.NoError(t, err)
		*b.now = b.now.Add(11 * time.Hour) // the session is now past its absolute timeout

		workers := river.NewWorkers()
		river.AddWorker(workers, &access.SessionSweepWorker{Service: b.svc})
		client, err := river.NewClient(db.RiverDriver(), &river.Config{
			Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}, Workers: workers,
			FetchPollInterval: 100 * time.Millisecond,
		})
		require.NoError(t, err)

		insertWithRow := func(subject string, commit bool) {
			errRollback := errors.New("rollback")
			err := db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				if _, err := tx.NewInsert().Model(&access.User{Subject: &subject, CreatedAt: *b.now}).Exec(ctx); err != nil {
					return err
				}
				if _, err := client.InsertTx(ctx, tx.Tx, access.SessionSweepArgs{}, nil); err != nil {
					return err
				}
				if !commit {
					return errRollback
				}
				return nil
			})
			if !commit {
				require.ErrorIs(t, err, errRollback)
			} else {
				require.NoError(t, err)
			}
		}
		insertWithRow("rolled-back", false)
		require.Zero(t, count(t, db, "river_job"), "a rolled-back transaction leaves no job")
		require.Zero(t, countWhere(t, db, "users", "subject = 'rolled-back'"), "nor its row")
		insertWithRow("committed", true)
		require.Equal(t, 1, count(t, db, "river_job"))
		require.Equal(t, 1, countWhere(t, db, "users", "subject = 'committed'"))

		events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		defer cancel()
		require.NoError(t, client.Start(ctx))
		defer client.Stop(ctx)
		select {
		case ev := <-events:
			require.Equal(t, river.EventKindJobCompleted, ev.Kind, "job failed: %+v", ev.Job.Errors)
			require.JSONEq(t, `{}`, string(ev.Job.EncodedArgs), "jobs carry no data")
		case <-time.After(20 * time.Second):
			t.Fatal("the job did not run within 20 s")
		}
		_, err = b.svc.Resume(ctx, in.Token)
		require.ErrorIs(t, err, access.ErrSessionEnded)
		require.Zero(t, count(t, db, "sessions"), "the sweep deleted the ended session")
	})
}

func count(t *testing.T, db *database.DB, table string) int {
	return countWhere(t, db, table, "1 = 1")
}

func countWhere(t *testing.T, db *database.DB, table, where string) int {
	t.Helper()
	var n int
	err := db.Bun.NewRaw("SELECT count(*) FROM "+table+" WHERE "+where).Scan(context.Background(), &n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0
	}
	require.NoError(t, err)
	return n
}
