package upstream

import (
	"sync"
	"time"
)

// outcome is what a finished call tells the circuit breaker.
type outcome int

const (
	// succeeded: the registry answered usefully (a person not found too).
	succeeded outcome = iota
	// failed: unavailable, timed out, refused us, or answered badly.
	failed
	// abandoned: the caller's context ended first, which says nothing
	// about the registry.
	abandoned
)

// breaker stops calling a registry that keeps failing, so that agents get
// an immediate "try again later" instead of waiting for timeouts, and the
// registry gets room to recover.
//
// Closed, it lets every call through and counts consecutive failures; at
// threshold it opens. Open, it refuses every call until cooldown has
// passed since the last failure, then lets exactly one probe through
// (half-open): a success closes it, a failure opens it for another
// cooldown. It is safe for concurrent use.
type breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu       sync.Mutex
	failures int       // consecutive failed calls
	openedAt time.Time // time of the last failure that kept it open
	probing  bool      // a half-open probe is in flight
}

func newBreaker(threshold int, cooldown time.Duration, now func() time.Time) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown, now: now}
}

// allow reports whether a call may go ahead, and whether it is the
// half-open probe. Every call let through must report its outcome to done.
func (b *breaker) allow() (ok, probe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures < b.threshold {
		return true, false
	}
	if b.probing || b.now().Sub(b.openedAt) < b.cooldown {
		return false, false
	}
	b.probing = true
	return true, true
}

// done records the outcome of a call that allow let through.
func (b *breaker) done(probe bool, o outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch o {
	case succeeded:
		b.failures = 0
	case failed:
		b.failures++
		if b.failures >= b.threshold {
			b.openedAt = b.now()
		}
	}
	if probe {
		// Whatever its outcome, the probe is over: an abandoned probe
		// must not keep the breaker half-open for ever.
		b.probing = false
	}
}
