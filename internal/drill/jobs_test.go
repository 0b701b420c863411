package drill

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/seed"
	"contactd/retention"
)

// weekStart is the Monday the drills' data is dated from, fixed so that
// two databases filled apart hold the very same rows.
var weekStart = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// TestWorkerKilledDuringRetention: the worker is killed while the
// retention job erases closed tickets batch after batch; the next worker
// completes the same run (keyed by the job's as-of time), once, and it
// erased exactly what an undisturbed run erased.
func TestWorkerKilledDuringRetention(t *testing.T) {
	t.Parallel()
	asOf := weekStart.AddDate(3, 0, 0) // every closed ticket is past its 24 months
	runJobDrill(t, jobDrill{
		fill: func(t *testing.T, db *database.DB) {
			ctx := context.Background()
			require.NoError(t, seed.Tickets(ctx, db, 6000))
			_, err := db.Bun.NewUpdate().Table("tickets").Set("closed_at = ?", weekStart).Where("status = 'closed'").Exec(ctx)
			require.NoError(t, err)
		},
		args: retention.RetentionArgs{AsOf: asOf},
		underWay: func(ctx context.Context, db *database.DB, _ *rivertype.JobRow) (bool, error) {
			n, err := db.Bun.NewSelect().Model((*retention.RunRecord)(nil)).Where("finished_at IS NULL AND tickets_erased > 0").Count(ctx)
			return n > 0, err
		},
		finished: func(ctx context.Context, db *database.DB) (bool, error) {
			n, err := db.Bun.NewSelect().Model((*retention.RunRecord)(nil)).Where("finished_at IS NOT NULL").Count(ctx)
			return n > 0, err
		},
		result: retentionResult,
	})
}

// retentionOutcome is what a retention run did, without its timestamps.
type retentionOutcome struct {
	Runs, Entries  int
	Erased         []int64
	Record         retention.RunRecord
	Ranges         map[string]retention.Range
	EntryDetail    string
	UnerasedClosed int64
}

func retentionResult(t *testing.T, db *database.DB) any {
	ctx := t.Context()
	var o retentionOutcome
	var runs []retention.RunRecord
	require.NoError(t, db.Bun.NewSelect().Model(&runs).Scan(ctx))
	require.Len(t, runs, 1, "one run")
	o.Runs, o.Record, o.Ranges = len(runs), runs[0], runs[0].Ranges()
	o.Record.ID, o.Record.StartedAt, o.Record.FinishedAt, o.Record.RangesJSON = 0, time.Time{}, nil, ""
	var details []string
	require.NoError(t, db.Bun.NewSelect().Table("access_log").Column("detail").Where("action = 'retention_run'").Scan(ctx, &details))
	require.Len(t, details, 1, "the run is recorded once in the access log")
	o.Entries, o.EntryDetail = len(details), details[0]
	require.NoError(t, db.Bun.NewSelect().Table("tickets").Column("id").Where("erased_at IS NOT NULL").Order("id").Scan(ctx, &o.Erased))
	require.NotEmpty(t, o.Erased)
	var err error
	o.UnerasedClosed, err = db.Bun.NewSelect().Table("tickets").Where("status = 'closed' AND erased_at IS NULL").Count(ctx)
	require.NoError(t, err)
	return o
}

// TestWorkerKilledDuringSampling: the worker is killed while the weekly
// sampling run reads its period; the next worker draws the run with the
// job's seed, once, and it holds the same items as an undisturbed run.
func TestWorkerKilledDuringSampling(t *testing.T) {
	t.Parallel()
	runJobDrill(t, jobDrill{
		fill: fillConsultations,
		args: audit.SampleArgs{Start: weekStart, End: weekStart.AddDate(0, 0, 7), Scope: "all", Seed: "20260105"},
		underWay: func(context.Context, *database.DB, *rivertype.JobRow) (bool, error) {
			return true, nil // running, and the run stored only when it is drawn whole
		},
		finished: func(ctx context.Context, db *database.DB) (bool, error) {
			n, err := db.Bun.NewSelect().Model((*audit.SamplingRun)(nil)).Count(ctx)
			return n > 0, err
		},
		result: samplingResult,
	})
}

// consultations is the size of the sampled week: enough that reading it
// takes the worker longer than the drill takes to kill it.
const consultations = 8000

// fillConsultations writes a week of career and pension consultations by
// 40 agents on 1,000 identified tickets, every row from its index alone.
func fillConsultations(t *testing.T, db *database.DB) {
	ctx := context.Background()
	require.NoError(t, seed.Tickets(ctx, db, 1000))
	_, err := db.Bun.NewUpdate().Table("tickets").Set("insz = 'B' || id, last_name = 'Citizen', created_at = ?", weekStart.Add(-48*time.Hour)).
		Where("1 = 1").Exec(ctx)
	require.NoError(t, err)
	for id := 1; id <= 40; id++ {
		_, err := db.Bun.ExecContext(ctx, "INSERT INTO users (id, subject, display_name, created_at) VALUES (?, ?, ?, ?)",
			id, fmt.Sprintf("drill-%d", id), fmt.Sprintf("Agent %d", id), weekStart.Add(-72*time.Hour))
		require.NoError(t, err)
	}
	batch := make([]audit.Consultation, 0, 500)
	for i := range consultations {
		user, ticket := int64(1+i%40), int64(1+i%1000)
		kind := "career"
		if i%3 == 0 {
			kind = "supplementary_pension"
		}
		batch = append(batch, audit.Consultation{
			At: weekStart.Add(time.Duration(i) * 7 * 24 * time.Hour / consultations), UserID: &user, Role: "front_office",
			Institution: "contact_centre", TicketID: &ticket, TicketRef: fmt.Sprintf("CC-2025-%07d", ticket),
			INSZ: fmt.Sprintf("B%d", ticket), Kind: kind, Reason: "citizen_question", Outcome: audit.Found, RequestID: fmt.Sprintf("r%d", i),
		})
		if len(batch) == cap(batch) {
			_, err := db.Bun.NewInsert().Model(&batch).Exec(ctx)
			require.NoError(t, err)
			batch = batch[:0]
		}
	}
}

// samplingOutcome is what a sampling run drew, without ids and times.
type samplingOutcome struct {
	Run   audit.SamplingRun
	Items []audit.SamplingItem
}

func samplingResult(t *testing.T, db *database.DB) any {
	ctx := t.Context()
	var runs []audit.SamplingRun
	require.NoError(t, db.Bun.NewSelect().Model(&runs).Scan(ctx))
	require.Len(t, runs, 1, "one run")
	o := samplingOutcome{Run: runs[0]}
	require.NoError(t, db.Bun.NewSelect().Model(&o.Items).Where("run_id = ?", o.Run.ID).Order("consultation_id").Scan(ctx))
	require.NotEmpty(t, o.Items)
	o.Run.ID, o.Run.CreatedAt = 0, time.Time{}
	for i := range o.Items {
		o.Items[i].ID, o.Items[i].RunID = 0, 0
	}
	return o
}
