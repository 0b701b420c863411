package tickets

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
)

// ContactCentre is the institution that holds a ticket until it is handed
// to a back office, and again when it is handed back.
const ContactCentre = "contact_centre"

// Options tune the service.
type Options struct {
	DueIn time.Duration    // time to answer from reception; 10 days when zero
	Now   func() time.Time // the clock; time.Now when nil
}

// Service opens, changes and lists tickets.
type Service struct {
	db  *database.DB
	opt Options

	viewQueries sync.Map // the view statement per visibility rule (view_pg.go)
}

// NewService returns a Service on db.
func NewService(db *database.DB, opt Options) *Service {
	if opt.DueIn <= 0 {
		opt.DueIn = 10 * 24 * time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Service{db: db, opt: opt}
}

func (s *Service) now() time.Time { return s.opt.Now().UTC().Truncate(time.Microsecond) }

// inTx runs fn as one transaction. When fn is refused (not found, not
// allowed, an illegal transition), the refusal is written to the access log
// in a transaction of its own, since the refused one rolls back.
func (s *Service) inTx(ctx context.Context, refusal audit.Entry, fn func(ctx context.Context, tx bun.Tx) error) error {
	return s.logRefusal(ctx, refusal, s.db.RunInTx(ctx, fn))
}

// read runs a read that ends with its access-log entry, without a
// transaction: the reads need no snapshot, and the entry is one statement
// that commits on its own — before any data leaves the service. Two round
// trips fewer than a transaction on every view and list.
func (s *Service) read(ctx context.Context, refusal audit.Entry, fn func(ctx context.Context, db bun.IDB) error) error {
	return s.logRefusal(ctx, refusal, fn(ctx, s.db.Bun))
}

// logRefusal writes a refusal to the access log in a transaction of its own.
func (s *Service) logRefusal(ctx context.Context, refusal audit.Entry, err error) error {
	if err == nil || !isRefusal(err) {
		return err
	}
	refusal.Outcome, refusal.Detail = audit.Refused, refusalCode(err)
	if logErr := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, refusal)
	}); logErr != nil {
		return fmt.Errorf("%w (and the refusal could not be logged: %v)", err, logErr)
	}
	return err
}

func isRefusal(err error) bool {
	var ve *ValidationError
	var we *WarningError
	return errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) || errors.Is(err, ErrTransition) ||
		errors.Is(err, ErrDuplicate) || errors.As(err, &ve) || errors.As(err, &we)
}

func refusalCode(err error) string {
	var ve *ValidationError
	var we *WarningError
	switch {
	case errors.Is(err, errNotVisible):
		return "not_visible"
	case errors.Is(err, ErrNotFound):
		return "not_found"
	case errors.Is(err, ErrForbidden):
		return "forbidden"
	case errors.Is(err, ErrTransition):
		return "illegal_transition"
	case errors.Is(err, ErrDuplicate):
		return "duplicate"
	case errors.As(err, &ve):
		return "invalid:" + ve.Field
	case errors.As(err, &we):
		return "warning:" + we.Field
	}
	return "refused"
}

// actor is the request's actor, or ErrForbidden when there is none.
func actor(ctx context.Context) (audit.Actor, error) {
	a, ok := audit.ActorFrom(ctx)
	if !ok {
		return a, ErrForbidden
	}
	return a, nil
}

func userID(a audit.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

func roleOf(a audit.Actor) string {
	if a.Role == "" && a.System != "" {
		return "system:" + a.System
	}
	return string(a.Role)
}
