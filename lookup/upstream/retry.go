package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"contactd/internal/insz"
)

// maxBackoff caps the pause between attempts (unless Backoff itself is
// larger): past it, the agent is better served by a quick failure.
const maxBackoff = 2 * time.Second

// retry makes up to cfg.Attempts attempts. Queries are safe reads, so a
// POST may be repeated; only failures that another attempt may cure are
// retried (network errors, timeouts, 429, 5xx). It never pauses past ctx's
// deadline: when the pause would outlast it, the last failure is returned
// at once, which tells the agent more than a deadline would. Every attempt
// carries the same trace.
func (c *Client) retry(ctx context.Context, ep endpoint, tr trace, n insz.Number, a answer) error {
	body, _ := json.Marshal(question{INSZ: n.String()})
	for attempt := 1; ; attempt++ {
		err := c.attempt(ctx, ep, body, tr, n, a)
		if ctxErr := ctx.Err(); ctxErr != nil && err != nil {
			return fmt.Errorf("upstream: %s: %w", ep.kind, ctxErr)
		}
		if !transient(err) || attempt >= c.cfg.Attempts {
			return withAttempts(err, attempt)
		}
		pause := c.backoff(attempt)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= pause {
			return withAttempts(err, attempt)
		}
		if err := sleep(ctx, pause); err != nil {
			return fmt.Errorf("upstream: %s: %w", ep.kind, err)
		}
	}
}

// backoff is the pause after failed attempt n (1-based): Backoff doubled
// n-1 times, capped, then drawn in its upper half so that clients that
// failed together do not retry together.
func (c *Client) backoff(n int) time.Duration {
	ceiling := max(maxBackoff, c.cfg.Backoff)
	d := c.cfg.Backoff
	for i := 1; i < n && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	return d/2 + rand.N(d/2+1)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// transient reports whether err is a failure another attempt may cure.
func transient(err error) bool {
	var f *failure
	return errors.As(err, &f) && f.transient
}

// withAttempts adds the number of attempts to a failure's detail.
func withAttempts(err error, attempts int) error {
	var f *failure
	if attempts > 1 && errors.As(err, &f) {
		f.detail = fmt.Sprintf("%s, after %d attempts", f.detail, attempts)
	}
	return err
}
