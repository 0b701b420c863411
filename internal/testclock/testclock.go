// Package testclock is a settable clock for tests that must move time —
// expire a session, close a circuit breaker, leave a rate-limit window —
// without sleeping.
package testclock

import (
	"sync"
	"time"
)

// Clock is a time that only moves when told to. It is safe for concurrent
// use, so the code under test may read it from its own goroutines.
type Clock struct {
	mu sync.Mutex
	at time.Time
}

// At returns a clock showing t.
func At(t time.Time) *Clock { return &Clock{at: t} }

// Now is the clock's time; pass it where the code takes a func() time.Time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}
