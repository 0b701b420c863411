package lookup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/tickets"
)

// ErrRateLimited refuses a consultation beyond an agent's hourly allowance:
// a burst of consultations is a sign of browsing, not of answering
// citizens (§13). The refusal is recorded.
var ErrRateLimited = errors.New("lookup: too many consultations in the last hour: wait, or ask your local manager")

// DefaultRateLimit is the consultations an agent may make per hour unless
// configured otherwise: about one a minute, several times what a phone
// agent needs.
const DefaultRateLimit = 60

// Options tune the Service.
type Options struct {
	// RateLimit is the consultations an agent may make per Window;
	// DefaultRateLimit when zero, none when negative.
	RateLimit int
	// Window is the period of the rate limit; one hour when zero.
	Window time.Duration
	// FailureCode names a source's failure (timeout, circuit open, bad
	// answer…) for the record; the sources' own classifier, since only
	// they know their errors. Nil: ctx's errors and "unavailable".
	FailureCode func(error) string
}

// Service is the only way to consult a citizen's data (O9): it enforces the
// rules of §9 against the ticket named, asks the source, and commits the
// consultation record before it returns any data. Pages and handlers call
// it; they never call a source.
type Service struct {
	db      *database.DB
	tickets *tickets.Service
	src     Sources
	opt     Options
}

// NewService returns a Service that consults src within tickets of ts.
func NewService(db *database.DB, ts *tickets.Service, src Sources, opt Options) *Service {
	if opt.RateLimit == 0 {
		opt.RateLimit = DefaultRateLimit
	}
	if opt.Window <= 0 {
		opt.Window = time.Hour
	}
	return &Service{db: db, tickets: ts, src: src, opt: opt}
}

// allow refuses a user's consultation beyond the rate limit. System
// clients are not limited: the portal looks up its own signed-in citizen.
// Two consultations racing at the limit may both pass; the limit is a
// brake on browsing, not a quota to the unit.
func (s *Service) allow(ctx context.Context, a audit.Actor, at time.Time) error {
	if !a.IsUser() || s.opt.RateLimit < 0 {
		return nil
	}
	n, err := audit.ConsultationsSince(ctx, s.db.Bun, a.UserID, at.Add(-s.opt.Window))
	if err != nil {
		return err
	}
	if n >= int64(s.opt.RateLimit) {
		return ErrRateLimited
	}
	return nil
}

// log records a consultation that changes no ticket — refused, failed, or
// asked for a ticket that was then not created — in a transaction of its
// own, and returns cause: refused and failed consultations are recorded
// too (§9).
func (s *Service) log(ctx context.Context, c *audit.Consultation, cause error) error {
	if c.At.IsZero() {
		c.At = s.tickets.Now()
	}
	// The record outlives the request: a caller who hung up while the
	// source answered was still the one who asked.
	err := s.db.RunInTx(context.WithoutCancel(ctx), func(ctx context.Context, tx bun.Tx) error {
		return audit.RecordConsultation(ctx, tx, c)
	})
	if err != nil {
		// Not a client's mistake any more: a consultation went unrecorded.
		return fmt.Errorf("lookup: the consultation could not be recorded (%v): %w", cause, err)
	}
	return cause
}

// unstored records a register lookup whose ticket was then not saved —
// refused (a retry that raced) or failed — so that every lookup is in the
// log (O9); its answer was never shown.
func (s *Service) unstored(ctx context.Context, rec *audit.Consultation, err error) error {
	rec.ID, rec.Outcome, rec.Detail = 0, audit.Denied, "ticket_not_saved"
	if isRefusal(err) {
		rec.Detail = refusalCode(err)
	}
	return s.log(ctx, rec, err)
}

// timed calls a source and measures its latency for the record.
func (s *Service) timed(c *audit.Consultation, call func() error) error {
	start := time.Now()
	err := call()
	c.LatencyUS = time.Since(start).Microseconds()
	switch {
	case err == nil:
		c.Outcome = audit.Found
	case errors.Is(err, ErrNotFound):
		c.Outcome = audit.NotFound
	default:
		c.Outcome, c.Detail = audit.UpstreamError, s.failureCode(err)
	}
	return err
}

// failureCode names a source's failure for the record, from the sources'
// shared errors and ctx's, never from the error's text.
func (s *Service) failureCode(err error) string {
	switch {
	case s.opt.FailureCode != nil:
		return s.opt.FailureCode(err)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return "unavailable"
}

// refusalCode names a refusal for the record.
func refusalCode(err error) string {
	if errors.Is(err, ErrRateLimited) {
		return "rate_limited"
	}
	return tickets.ConsultationRefusal(err)
}

// isRefusal says whether err is a refusal the consultation log records,
// as opposed to a failure of our own.
func isRefusal(err error) bool {
	var ve *tickets.ValidationError
	return errors.Is(err, ErrRateLimited) || errors.Is(err, tickets.ErrNotFound) || errors.Is(err, tickets.ErrForbidden) ||
		errors.Is(err, tickets.ErrTransition) || errors.Is(err, tickets.ErrDuplicate) || errors.As(err, &ve)
}
