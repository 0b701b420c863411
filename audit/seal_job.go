package audit

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
)

// SealArgs is the periodic River job that seals both logs, signs a
// checkpoint of each seal and hands the newest to the witnesses. It carries no data and is idempotent:
// a retry seals what is left.
type SealArgs struct{}

// Kind names the job for River.
func (SealArgs) Kind() string { return "audit_seal" }

// SealEvery is how often entries are sealed: an edit is caught by verify
// once its entry is sealed, so the window stays short.
const SealEvery = 10 * time.Second

// SealWorker runs SealArgs.
type SealWorker struct {
	river.WorkerDefaults[SealArgs]
	DB        bun.IDB
	Signer    note.Signer // nil: seal without checkpoints
	Witnesses []Witness   // where each run's newest checkpoints go
	Now       func() time.Time
}

// Work seals and signs each seal, then hands the newest checkpoints to
// the witnesses. A run that finds another sealer at work leaves it be.
func (w *SealWorker) Work(ctx context.Context, _ *river.Job[SealArgs]) error {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	unlock, ok, err := trySealLock(ctx, w.DB)
	if err != nil || !ok {
		return err
	}
	defer unlock()
	if _, err := (Sealer{DB: w.DB, Signer: w.Signer}).Seal(ctx, now()); err != nil {
		return err
	}
	return Publish(ctx, w.DB, w.Witnesses, now())
}

// Timeout bounds one run; a large backlog continues at the next.
func (w *SealWorker) Timeout(*river.Job[SealArgs]) time.Duration { return 5 * time.Minute }
