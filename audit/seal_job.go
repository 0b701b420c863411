package audit

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
)

// SealArgs is the periodic River job that seals both logs and signs a
// checkpoint of each now and then. It carries no data and is idempotent:
// a retry seals what is left.
type SealArgs struct{}

// Kind names the job for River.
func (SealArgs) Kind() string { return "audit_seal" }

// SealEvery is how often entries are sealed: an edit is caught by verify
// once its entry is sealed, so the window stays short.
const SealEvery = 10 * time.Second

// CheckpointEvery is how often a signed checkpoint is written (when
// something was sealed since the last one).
const CheckpointEvery = time.Hour

// SealWorker runs SealArgs.
type SealWorker struct {
	river.WorkerDefaults[SealArgs]
	DB     bun.IDB
	Signer note.Signer // nil: seal without checkpoints
	Now    func() time.Time
}

// Work seals, then signs.
func (w *SealWorker) Work(ctx context.Context, _ *river.Job[SealArgs]) error {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	if _, err := SealAll(ctx, w.DB, now()); err != nil {
		return err
	}
	if w.Signer == nil {
		return nil
	}
	_, err := WriteCheckpoints(ctx, w.DB, w.Signer, CheckpointEvery, now())
	return err
}

// Timeout bounds one run; a large backlog continues at the next.
func (w *SealWorker) Timeout(*river.Job[SealArgs]) time.Duration { return 5 * time.Minute }
