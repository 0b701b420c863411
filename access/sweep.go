package access

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// SessionSweepArgs is the periodic River job that deletes sessions and
// sign-in requests that can no longer be used (O13: keep nothing longer than
// its purpose needs). It carries no data; it is idempotent.
type SessionSweepArgs struct{}

// Kind names the job for River.
func (SessionSweepArgs) Kind() string { return "session_sweep" }

// SessionSweepEvery is how often the sweep runs.
const SessionSweepEvery = 15 * time.Minute

// SessionSweepWorker runs SessionSweepArgs.
type SessionSweepWorker struct {
	river.WorkerDefaults[SessionSweepArgs]
	Service *Service
}

// Work deletes what has ended.
func (w *SessionSweepWorker) Work(ctx context.Context, _ *river.Job[SessionSweepArgs]) error {
	_, err := w.Service.Sweep(ctx)
	return err
}

// Sweep deletes ended sessions and expired sign-in requests and says how
// many sessions it deleted.
func (s *Service) Sweep(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.db.Bun.NewDelete().Model((*Session)(nil)).
		Where("revoked_at IS NOT NULL OR expires_at <= ? OR last_seen_at < ?", now, now.Add(-s.opt.IdleTimeout)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("access: sweep sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	_, err = s.db.Bun.NewDelete().Model((*SignInRequest)(nil)).Where("expires_at <= ?", now).Exec(ctx)
	if err != nil {
		return n, fmt.Errorf("access: sweep sign-in requests: %w", err)
	}
	return n, nil
}
