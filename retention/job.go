package retention

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// RetentionArgs is the daily River job that applies the policy. AsOf fixes
// the run's cut-offs when the job is queued, so that a retry — after the
// worker was killed mid-run — completes the same run with the same result.
// It carries no personal data.
type RetentionArgs struct {
	AsOf time.Time `json:"as_of"`
}

// Kind names the job for River.
func (RetentionArgs) Kind() string { return "retention" }

// InsertOpts makes the job unique per day: a restart or a second leader
// never queues a second run the same day.
func (RetentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: Every}}
}

// Every is how often the job runs.
const Every = 24 * time.Hour

// Worker runs RetentionArgs.
type Worker struct {
	river.WorkerDefaults[RetentionArgs]
	Service *Service
}

// Work runs the retention as of the job's time.
func (w *Worker) Work(ctx context.Context, job *river.Job[RetentionArgs]) error {
	asOf := job.Args.AsOf
	if asOf.IsZero() {
		asOf = job.CreatedAt
	}
	_, err := w.Service.Run(ctx, asOf)
	return err
}

// Timeout bounds one attempt; a large first run continues at the retry
// (a run is keyed by its as-of time and counts each committed batch). It
// stays under the worker's rescue horizon (cmd/contactd).
func (w *Worker) Timeout(*river.Job[RetentionArgs]) time.Duration { return 15 * time.Minute }
