package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	// Full says whether the whole history was recomputed, or only what
	// was sealed after the last verification's seal (SealID then).
	Full          bool       `bun:"full_run,notnull" json:"full"`
	SealID        *int64     `bun:"seal_id" json:"seal_id,omitempty"`
	TreeSize      int64      `bun:"tree_size,notnull" json:"tree_size"`
	WitnessedSize int64      `bun:"witnessed_size,notnull" json:"witnessed_size"`
	WitnessedAt   *time.Time `bun:"witnessed_at" json:"witnessed_at,omitempty"`
	// LagWarning says that sealing or witnessing is stalled (SealLagLimit,
	// WitnessLagLimit), "" when neither is.
	LagWarning string `bun:"lag_warning,notnull" json:"lag_warning,omitempty"`
	// Note is the worker's signature of where the verification got to:
	// the next one resumes only from a record it signed.
	Note string `bun:"note,notnull" json:"-"`
}

// resumeText is what a verification's note signs.
func (v Verification) resumeText() string {
	seal := int64(0)
	if v.SealID != nil {
		seal = *v.SealID
	}
	return fmt.Sprintf("contactd/verification\n%s\n%t\n%t\n%d\n%d\n%d\n", v.Log, v.OK, v.Full, seal, v.TreeSize, v.VerifiedAt.UTC().UnixMicro())
}

// signed says whether the record's note is the signature of its columns.
func (v Verification) signed(verifier note.Verifier) bool {
	if verifier == nil || v.Note == "" {
		return false
	}
	n, err := note.Open([]byte(v.Note), note.VerifierList(verifier))
	return err == nil && n.Text == v.resumeText()
}

// LagKind names what LagWarning says is stalled — "sealing" or
// "witnessing" — for pages and reports to translate; "" when nothing is.
func (v Verification) LagKind() string {
	kind, _, _ := strings.Cut(v.LagWarning, " ")
	return kind
}

// FullVerifyEvery is how often the worker recomputes a log's whole
// history; in between, each day's verification starts from the seal the
// last one reached, whose tree a signed checkpoint states, and checks the
// witnesses' newest checkpoints against the database through consistency
// proofs — so that a day costs a day's entries, not ten years'.
const FullVerifyEvery = 7 * 24 * time.Hour

// RecordOptions say how the worker verifies.
type RecordOptions struct {
	Verifier note.Verifier // nil: the texts are checked, the signatures not
	// Signer signs each record; an incremental verification resumes only
	// from a record signed so (nil: every verification is full).
	Signer    note.Signer
	Witnesses []Witness
	// Full forces a full verification; otherwise it is full when the last
	// full one is older than FullVerifyEvery.
	Full bool
}

// VerifyAndRecord verifies both logs in db and records each outcome. A
// failed verification is recorded and returned as the log's Problem: the
// record is what the governance page, the metrics and the adviser see.
func VerifyAndRecord(ctx context.Context, db bun.IDB, verifier note.Verifier, now time.Time) ([]Verification, error) {
	return VerifyAndRecordWith(ctx, db, RecordOptions{Verifier: verifier, Full: true}, now)
}

// VerifyAndRecordWith is VerifyAndRecord with every option.
func VerifyAndRecordWith(ctx context.Context, db bun.IDB, o RecordOptions, now time.Time) ([]Verification, error) {
	src := DBSource{DB: db}
	var out []Verification
	var failed error
	lags, err := Lags(ctx, db, now)
	if err != nil {
		return nil, err
	}
	for i, log := range Logs {
		opts := VerifyOptions{Verifier: o.Verifier}
		anchors, err := WitnessAnchors(ctx, o.Witnesses, log)
		if err != nil {
			return out, err
		}
		opts.Anchors = anchors
		if !o.Full && o.Signer != nil && o.Verifier != nil {
			if opts.After, err = resumeFrom(ctx, db, log, o.Verifier, now); err != nil {
				return out, err
			}
		}
		r, err := VerifyWith(ctx, src, log, opts)
		v := Verification{Log: log, VerifiedAt: now.UTC(), OK: err == nil, Signed: o.Verifier != nil, Full: opts.After == 0,
			Entries: r.Entries, Seals: int64(r.Seals), Checkpoints: int64(r.Checkpoints), Unsealed: r.Unsealed, TreeSize: r.TreeSize,
			LagWarning: lags[i].Warning(len(o.Witnesses) > 0)}
		var p *Problem
		switch {
		case errors.As(err, &p):
			v.Problem = p.Error()
			failed = errors.Join(failed, err)
		case err != nil:
			return out, err
		default:
			if r.LastSeal != 0 {
				v.SealID = &r.LastSeal
			}
			if c := r.LastCheckpoint; c != nil {
				v.CheckpointID, v.CheckpointAt = &c.ID, &c.SignedAt
			}
			for _, a := range r.Anchors {
				if a.Size >= v.WitnessedSize {
					at := a.At
					v.WitnessedSize, v.WitnessedAt = a.Size, &at
				}
			}
		}
		v.VerifiedAt = v.VerifiedAt.Truncate(time.Microsecond)
		if o.Signer != nil {
			signed, err := note.Sign(&note.Note{Text: v.resumeText()}, o.Signer)
			if err != nil {
				return out, fmt.Errorf("audit: sign verification of %s: %w", log, err)
			}
			v.Note = string(signed)
		}
		if _, err := db.NewInsert().Model(&v).Exec(ctx); err != nil {
			return out, fmt.Errorf("audit: record verification of %s: %w", log, err)
		}
		out = append(out, v)
	}
	return out, failed
}

// resumeFrom is the seal an incremental verification of log starts after:
// the one the last verification reached, if it succeeded and a full one
// succeeded within FullVerifyEvery — both records signed by the worker's
// key, so that a row inserted behind its back cannot move the start or
// put off the full run; 0 for a full verification.
func resumeFrom(ctx context.Context, db bun.IDB, log Log, verifier note.Verifier, now time.Time) (int64, error) {
	var fulls []Verification
	err := db.NewSelect().Model(&fulls).Where("log = ? AND ok AND full_run AND verified_at > ?", log, now.Add(-FullVerifyEvery).UTC()).
		OrderExpr("id DESC").Limit(8).Scan(ctx)
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(fulls, func(v Verification) bool { return v.signed(verifier) }) {
		return 0, nil
	}
	var last Verification
	err = db.NewSelect().Model(&last).Where("log = ?", log).OrderExpr("id DESC").Limit(1).Scan(ctx)
	if err != nil || !last.OK || last.SealID == nil || !last.signed(verifier) {
		return 0, err // after a failure, with nothing sealed, or unsigned: start over
	}
	return *last.SealID, nil
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
	// Witnesses hold the checkpoints the database is checked against.
	Witnesses []Witness
	Signer    note.Signer // signs the records; nil: every run is full
	Now       func() time.Time
}

// Work verifies and records. A log found tampered with is recorded, and
// the job does not retry: verifying again finds the same thing, and the
// record is the alarm.
func (w *VerifyWorker) Work(ctx context.Context, _ *river.Job[VerifyArgs]) error {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	_, err := VerifyAndRecordWith(ctx, w.DB, RecordOptions{Verifier: w.Verifier, Signer: w.Signer, Witnesses: w.Witnesses}, now())
	var p *Problem
	if errors.As(err, &p) {
		return river.JobCancel(err)
	}
	return err
}

// Timeout bounds one run: ten million entries take about half a minute
// (docs/BENCHMARKS.md); it stays under the worker's rescue horizon.
func (w *VerifyWorker) Timeout(*river.Job[VerifyArgs]) time.Duration { return 15 * time.Minute }
