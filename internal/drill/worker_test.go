package drill

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/retention"
)

// workerEnv, set to a database URL, makes the test binary a River worker
// process on that database (see TestMain).
const workerEnv = "CONTACTD_DRILL_WORKER_URL"

// rescueAfter is how long a job may stay running before the worker that
// follows a killed one rescues it. Production keeps River's hour (and
// retention's one-hour timeout); a drill bounded to a minute cannot wait
// that long, so the drill's workers shorten both, and nothing else.
const rescueAfter = 6 * time.Second

// workerProcess runs the production workers of the two jobs — retention
// in batches of 10 rows, so that a run spans many transactions — until
// SIGTERM, or until the drill kills it.
func workerProcess(url string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := database.Open(ctx, url)
	if err != nil {
		logger.Error("open", "err", err)
		return 1
	}
	defer db.Close()
	workers := river.NewWorkers()
	river.AddWorker[retention.RetentionArgs](workers, quickRescue[retention.RetentionArgs]{
		&retention.Worker{Service: retention.NewService(db, retention.Options{Batch: 10})}})
	river.AddWorker[audit.SampleArgs](workers, quickRescue[audit.SampleArgs]{&audit.SampleWorker{DB: db.Bun}})
	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}, Workers: workers, Logger: logger,
		JobTimeout: rescueAfter, RescueStuckJobsAfter: rescueAfter, FetchPollInterval: 100 * time.Millisecond,
		RetryPolicy: quickRetry{},
	})
	if err == nil {
		err = client.Start(ctx)
	}
	if err != nil {
		logger.Error("river", "err", err)
		return 1
	}
	<-ctx.Done()
	_ = client.Stop(context.Background())
	return 0
}

// quickRescue is a production worker whose timeout is the drill's rescue
// horizon: River rescues a stuck job only after the longer of its rescue
// horizon and the worker's own timeout.
type quickRescue[T river.JobArgs] struct{ river.Worker[T] }

func (quickRescue[T]) Timeout(*river.Job[T]) time.Duration { return rescueAfter }

// quickRetry retries a failed attempt after a second. On a loaded machine
// (the whole suite, with the race detector) an attempt can outrun the
// drill's short timeout; production's backoff (attempt⁴ seconds) would
// then outlast the drill, though each attempt goes on where the last one
// stopped.
type quickRetry struct{}

func (quickRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Second) }

// jobDrill is one job to kill in the middle: its data, its arguments, how
// to see it under way and what its result is.
type jobDrill struct {
	fill     func(t *testing.T, db *database.DB)
	args     river.JobArgs
	underWay func(ctx context.Context, db *database.DB, job *rivertype.JobRow) (bool, error)
	finished func(ctx context.Context, db *database.DB) (bool, error)
	result   func(t *testing.T, db *database.DB) any
}

// runJobDrill runs the job undisturbed on one database and, on a second
// one with the same data, kills its worker in the middle, starts another
// and waits for the job to complete; the results must be equal.
func runJobDrill(t *testing.T, jd jobDrill) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			url := map[string]func(testing.TB) string{"sqlite": testdb.SQLiteURL, "postgres": testdb.PostgresURL}[engine]
			calm, crashed := openFilled(t, url(t), jd.fill), openFilled(t, url(t), jd.fill)
			logs := t.TempDir()

			w := startWorker(t, calm, filepath.Join(logs, "calm.log"))
			job := insertJob(t, calm.db, jd.args)
			waitCompleted(t, calm.db, job.ID)
			require.NoError(t, w.stop(t))

			w = startWorker(t, crashed, filepath.Join(logs, "crashed.log"))
			job = insertJob(t, crashed.db, jd.args)
			await(t, "the job under way", 30*time.Second, func() (bool, error) {
				row, err := getJob(t, crashed.db, job.ID)
				if err != nil || row.State != rivertype.JobStateRunning {
					return false, err
				}
				return jd.underWay(t.Context(), crashed.db, row)
			})
			release := holdWrites(t, crashed.db) // the job cannot finish between this check and the kill
			done, err := jd.finished(t.Context(), crashed.db)
			require.NoError(t, err)
			require.False(t, done, "the job finished before the kill: give it more data")
			w.kill(t)
			killedAt := time.Now()
			release()

			w = startWorker(t, crashed, filepath.Join(logs, "restarted.log"))
			row := waitCompleted(t, crashed.db, job.ID)
			require.NoError(t, w.stop(t))
			require.GreaterOrEqual(t, row.Attempt, 2, "the killed attempt, then the one that completed")
			t.Logf("worker killed mid-job; the next worker completed it %s later, attempt %d (errors: %v)", time.Since(killedAt).Round(100*time.Millisecond), row.Attempt, row.Errors)
			require.Equal(t, jd.result(t, calm.db), jd.result(t, crashed.db), "the same result as an undisturbed run")
		})
	}
}

// filled is a migrated database with the drill's data, and its URL for
// the worker processes.
type filled struct {
	url string
	db  *database.DB
}

func openFilled(t *testing.T, url string, fill func(*testing.T, *database.DB)) filled {
	db, err := database.Open(context.Background(), url)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	_, err = db.Migrate(context.Background())
	require.NoError(t, err)
	fill(t, db)
	return filled{url: url, db: db}
}

// startWorker starts this test binary again as a River worker on f.
func startWorker(t *testing.T, f filled, logFile string) *proc {
	self, err := os.Executable()
	require.NoError(t, err)
	return start(t, logFile, nil, []string{workerEnv + "=" + f.url}, self, "-test.run=^$")
}

// insertJob queues args through an insert-only client, as the page or the
// periodic scheduler would.
func insertJob(t *testing.T, db *database.DB, args river.JobArgs) *rivertype.JobRow {
	client, err := river.NewClient(db.RiverDriver(), &river.Config{})
	require.NoError(t, err)
	res, err := client.Insert(t.Context(), args, nil)
	require.NoError(t, err)
	return res.Job
}

func getJob(t *testing.T, db *database.DB, id int64) (*rivertype.JobRow, error) {
	client, err := river.NewClient(db.RiverDriver(), &river.Config{})
	if err != nil {
		return nil, err
	}
	return client.JobGet(t.Context(), id)
}

// waitCompleted waits for the job to complete; a killed worker's job is
// rescued once the old leader's lease and the rescue horizon have passed.
// Alone it completes within about 25 s; under the whole suite's load a
// rescued attempt can itself be retried (a busy database), so the bound
// leaves room for a third attempt: a slow machine must not fail the drill.
func waitCompleted(t *testing.T, db *database.DB, id int64) *rivertype.JobRow {
	var row *rivertype.JobRow
	await(t, "the job completed", 2*time.Minute, func() (bool, error) {
		var err error
		row, err = getJob(t, db, id)
		if err != nil {
			return false, err
		}
		require.NotEqual(t, rivertype.JobStateDiscarded, row.State, "errors: %+v", row.Errors)
		return row.State == rivertype.JobStateCompleted, nil
	})
	return row
}

// holdWrites takes the database's write lock — SQLite's one writer, or on
// PostgreSQL the tables where both jobs record their result — so that the
// job under way cannot commit more until the release.
func holdWrites(t *testing.T, db *database.DB) (release func()) {
	tx, err := db.Bun.BeginTx(t.Context(), nil)
	require.NoError(t, err)
	lock := `DELETE FROM sampling_items WHERE 1 = 0`
	if db.Dialect == database.Postgres {
		lock = `LOCK TABLE retention_runs, sampling_runs IN EXCLUSIVE MODE`
	}
	_, err = tx.ExecContext(t.Context(), lock)
	require.NoError(t, err)
	return func() { _ = tx.Rollback() }
}
