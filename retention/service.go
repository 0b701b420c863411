package retention

import (
	"context"
	"time"

	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/database"
)

// SessionSweeper deletes ended sessions and sign-in requests: the access
// service's sweep, reused rather than repeated here.
type SessionSweeper interface {
	Sweep(ctx context.Context) (int64, error)
}

// Options tune the service.
type Options struct {
	Policy Policy // DefaultPolicy when zero
	// Signer is the checkpoint key; without it the logs are not pruned
	// (a horizon must be signed) and each run says so.
	Signer note.Signer
	// Sessions, when set, is swept at each run as well as by its own job.
	Sessions SessionSweeper
	Batch    int              // rows per transaction; 500 when zero
	Now      func() time.Time // the clock; time.Now when nil
}

// Service applies the retention policy.
type Service struct {
	db  *database.DB
	opt Options
	// afterBatch, when set (tests), runs after each committed batch: an
	// error stops the run there, as a killed worker would.
	afterBatch func(category string) error
}

// NewService returns a Service on db.
func NewService(db *database.DB, opt Options) *Service {
	if opt.Policy == (Policy{}) {
		opt.Policy = DefaultPolicy()
	}
	if opt.Batch <= 0 {
		opt.Batch = 500
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Service{db: db, opt: opt}
}

// Policy is the policy in force.
func (s *Service) Policy() Policy { return s.opt.Policy }

func (s *Service) now() time.Time { return s.opt.Now().UTC().Truncate(time.Microsecond) }

// systemActor names the retention run in the access log when no one is
// acting (the River job).
func systemActor(ctx context.Context) context.Context {
	if _, ok := audit.ActorFrom(ctx); ok {
		return ctx
	}
	return audit.WithActor(ctx, audit.Actor{System: "retention"})
}
