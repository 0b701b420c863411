package upstream

import (
	"context"
	"errors"

	"contactd/lookup"
)

// Sentinel errors say why a consultation failed, so that the agent can be
// told what to do and operators can count failures per cause. Every one of
// them comes wrapped together with lookup.ErrUnavailable, which is what
// callers outside this package test for. Their text never contains a
// national number nor anything the registry answered.
var (
	// ErrTimeout means the registry did not answer within the time allowed
	// for each attempt, on every attempt: the agent may retry in a moment.
	ErrTimeout = errors.New("upstream: the registry did not answer in time")
	// ErrCircuitOpen means the registry failed several times in a row and
	// calls are paused for a while, so that a struggling registry is not
	// flooded: the agent should retry in a minute.
	ErrCircuitOpen = errors.New("upstream: the registry is failing; calls are paused")
	// ErrBadAnswer means the registry answered something that cannot be
	// trusted: malformed, incomplete, too large, or about another person.
	// Nothing of such an answer is ever returned. It is our integration
	// problem or the registry's, not the agent's: retrying will not help.
	ErrBadAnswer = errors.New("upstream: the registry gave an unusable answer")
	// ErrRefused means the registry refused us (401 or 403, or a TLS
	// handshake it rejected): our certificate or authorisation is not
	// accepted. Only an operator can fix it.
	ErrRefused = errors.New("upstream: the registry refused our credentials")
	// ErrUntraceable means the consultation could not be traced across
	// the network — no request id, agent or reason — so nothing was sent:
	// the registry checks and logs every exchange with them. It is our
	// bug, not the registry's, and does not count against it.
	ErrUntraceable = errors.New("upstream: the consultation cannot be traced: not sent")
	// ErrFailed is every other failure: network errors, overload (429),
	// server errors (5xx), statuses the contract does not define.
	ErrFailed = errors.New("upstream: the registry could not answer")
)

// failure is every error of the client except "not found" and the caller's
// own context ending. It names the kind of consultation and a detail for
// operators, and unwraps to its sentinel and to lookup.ErrUnavailable.
// The detail is always written by this package, never copied from an
// answer, so that no personal data can reach a log through it.
type failure struct {
	kind   lookup.Kind
	reason error
	detail string
	// transient says another attempt may succeed (network, timeout, 429,
	// 5xx); nothing else is retried.
	transient bool
}

func (f *failure) Error() string {
	return f.reason.Error() + " (" + string(f.kind) + ": " + f.detail + ")"
}

func (f *failure) Unwrap() []error { return []error{f.reason, lookup.ErrUnavailable} }

// Reason returns a stable, short code for err, for logs and metrics:
// "not_found", "timeout", "circuit_open", "bad_answer", "refused",
// "untraceable" (nothing sent), "canceled" (the caller gave up) or "unavailable" for any other failure;
// "" for nil. A caller's own deadline counts as "timeout". Codes are never
// renamed, so dashboards can rely on them.
func Reason(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, lookup.ErrNotFound):
		return "not_found"
	case errors.Is(err, ErrCircuitOpen):
		return "circuit_open"
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, ErrBadAnswer):
		return "bad_answer"
	case errors.Is(err, ErrRefused):
		return "refused"
	case errors.Is(err, ErrUntraceable):
		return "untraceable"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	return "unavailable"
}
