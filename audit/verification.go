package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
)

// Verification is the outcome of one verification of a log by the worker:
// what it recomputed, the last checkpoint it found holding, and the
// problem when it failed. The governance page shows the latest of each log
// (O13: the institution can show that its logs are intact).
type Verification struct {
	bun.BaseModel `bun:"table:audit_verifications"`

	ID           int64      `bun:"id,pk,autoincrement" json:"-"`
	Log          Log        `bun:"log,notnull" json:"log"`
	VerifiedAt   time.Time  `bun:"verified_at,notnull" json:"verified_at"`
	OK           bool       `bun:"ok,notnull" json:"ok"`
	Signed       bool       `bun:"signed,notnull" json:"signatures_checked"`
	Entries      int64      `bun:"entries,notnull" json:"entries"`
	Seals        int64      `bun:"seals,notnull" json:"seals"`
	Checkpoints  int64      `bun:"checkpoints,notnull" json:"checkpoints"`
	Unsealed     int64      `bun:"unsealed,notnull" json:"unsealed"`
	CheckpointID *int64     `bun:"checkpoint_id" json:"checkpoint_id,omitempty"`
	CheckpointAt *time.Time `bun:"checkpoint_at" json:"checkpoint_signed_at,omitempty"`
	Problem      string     `bun:"problem,notnull" json:"problem,omitempty"`
}

// VerifyAndRecord verifies both logs in db and records each outcome. A
// failed verification is recorded and returned as the log's Problem: the
// record is what the governance page and the adviser see. Signatures are
// checked when verifier is not nil.
func VerifyAndRecord(ctx context.Context, db bun.IDB, verifier note.Verifier, now time.Time) ([]Verification, error) {
	src := DBSource{DB: db}
	var out []Verification
	var failed error
	for _, log := range Logs {
		checkpoints, err := src.Checkpoints(ctx, log)
		if err != nil {
			return out, err
		}
		r, err := Verify(ctx, src, log, verifier)
		v := Verification{Log: log, VerifiedAt: now.UTC(), OK: err == nil, Signed: verifier != nil,
			Entries: r.Entries, Seals: int64(r.Seals), Checkpoints: int64(r.Checkpoints), Unsealed: r.Unsealed}
		var p *Problem
		switch {
		case errors.As(err, &p):
			v.Problem = p.Error()
			failed = errors.Join(failed, err)
		case err != nil:
			return out, err
		case len(checkpoints) > 0:
			last := checkpoints[len(checkpoints)-1]
			v.CheckpointID, v.CheckpointAt = &last.ID, &last.SignedAt
		}
		if _, err := db.NewInsert().Model(&v).Exec(ctx); err != nil {
			return out, fmt.Errorf("audit: record verification of %s: %w", log, err)
		}
		out = append(out, v)
	}
	return out, failed
}

// LastVerifications returns the latest verification of each log that has
// one, in the order of Logs.
func LastVerifications(ctx context.Context, db bun.IDB) ([]Verification, error) {
	out := []Verification{}
	for _, log := range Logs {
		var v Verification
		err := db.NewSelect().Model(&v).Where("log = ?", log).OrderExpr("id DESC").Limit(1).Scan(ctx)
		if err == nil {
			out = append(out, v)
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("audit: last verification of %s: %w", log, err)
		}
	}
	return out, nil
}

// VerifyArgs is the daily River job that verifies both logs. It carries no
// data; a retry verifies again from the start.
type VerifyArgs struct{}

// Kind names the job for River.
func (VerifyArgs) Kind() string { return "audit_verify" }

// VerifyEvery is how often the worker verifies the logs: daily, so that
// an edit is found within a day of its seal, at a cost (reading every
// entry) that a night absorbs.
const VerifyEvery = 24 * time.Hour

// VerifyWorker runs VerifyArgs.
type VerifyWorker struct {
	river.WorkerDefaults[VerifyArgs]
	DB       bun.IDB
	Verifier note.Verifier // nil: the chain is checked, the signatures not
	Now      func() time.Time
}

// Work verifies and records. A log found tampered with is recorded, and
// the job does not retry: verifying again finds the same thing, and the
// record is the alarm.
func (w *VerifyWorker) Work(ctx context.Context, _ *river.Job[VerifyArgs]) error {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	_, err := VerifyAndRecord(ctx, w.DB, w.Verifier, now())
	var p *Problem
	if errors.As(err, &p) {
		return river.JobCancel(err)
	}
	return err
}

// Timeout bounds one run: ten million entries take about half a minute
// (docs/BENCHMARKS.md); it stays under the worker's rescue horizon.
func (w *VerifyWorker) Timeout(*river.Job[VerifyArgs]) time.Duration { return 15 * time.Minute }
