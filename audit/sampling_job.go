package audit

import (
	"context"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"contactd/audit/sampling"
)

// SampleArgs is the River job that makes one sampling run. Its seed is
// chosen when the job is inserted, so a retry after a crash draws the same
// run; it carries no personal data.
type SampleArgs struct {
	Start       time.Time `json:"start" river:"unique"`
	End         time.Time `json:"end" river:"unique"`
	Scope       string    `json:"scope" river:"unique"`
	Seed        string    `json:"seed"`
	RequestedBy int64     `json:"requested_by,omitempty"`
}

// Kind names the job for River.
func (SampleArgs) Kind() string { return "sampling_run" }

// InsertOpts makes the job unique per period and scope.
func (SampleArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// NewSampleArgs asks for the run of a period and scope with a fresh seed.
func NewSampleArgs(start, end time.Time, scope string, requestedBy int64) SampleArgs {
	return SampleArgs{Start: start.UTC(), End: end.UTC(), Scope: scope, Seed: strconv.FormatUint(sampling.NewSeed(), 10), RequestedBy: requestedBy}
}

// PreviousWeek is the week before the one now falls in, Monday to Monday
// in loc: what the weekly run samples.
func PreviousWeek(now time.Time, loc *time.Location) (start, end time.Time) {
	local := now.In(loc)
	daysSinceMonday := (int(local.Weekday()) + 6) % 7
	end = time.Date(local.Year(), local.Month(), local.Day()-daysSinceMonday, 0, 0, 0, 0, loc)
	return end.AddDate(0, 0, -7), end
}

// SampleWorker runs SampleArgs.
type SampleWorker struct {
	river.WorkerDefaults[SampleArgs]
	DB      bun.IDB
	Options SamplingOptions
}

// Work makes the run (or finds it made).
func (w *SampleWorker) Work(ctx context.Context, job *river.Job[SampleArgs]) error {
	a := job.Args
	seed, err := strconv.ParseUint(a.Seed, 10, 64)
	if err != nil {
		return river.JobCancel(err) // a malformed job never gets better
	}
	var by *int64
	if a.RequestedBy != 0 {
		by = &a.RequestedBy
	}
	_, err = DrawRun(ctx, w.DB, a.Start, a.End, a.Scope, seed, w.Options, by)
	return err
}

// Timeout allows a run over a million consultations.
func (w *SampleWorker) Timeout(*river.Job[SampleArgs]) time.Duration { return 10 * time.Minute }
