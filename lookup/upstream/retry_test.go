package upstream

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// hang never answers: it waits until the client gives up on the request.
// It reads the body first, without which the server would not notice the
// client closing the connection. The guard keeps a broken client from
// hanging the suite.
func hang(_ http.ResponseWriter, r *http.Request, _ int) {
	io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// Each attempt is cut at Timeout and the attempts are bounded. Were either
// not so, the call would end at the test's own deadline instead, with the
// context's error rather than ErrTimeout.
func TestSlowRegistryTimesOut(t *testing.T) {
	t.Parallel()
	const timeout = 250 * time.Millisecond // room for a TLS handshake on a busy machine under -race
	b := setup(t, hang, func(c *Config) { c.Timeout = timeout })
	ctx, cancel := context.WithTimeout(consulting(t), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := b.client.Identity(ctx, asked)
	requireFailure(t, err, ErrTimeout)
	require.Equal(t, "timeout", Reason(err))
	require.NoError(t, ctx.Err())
	require.EqualValues(t, 3, b.calls.Load())
	require.GreaterOrEqual(t, time.Since(start), 3*timeout, "every attempt waited its own timeout")
}

// The caller's deadline wins over the attempt's timeout, and is reported
// as the caller's.
func TestCallerDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t, hang)
	ctx, cancel := context.WithTimeout(consulting(t), 50*time.Millisecond)
	defer cancel()
	_, err := b.client.Identity(ctx, asked)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotErrorIs(t, err, ErrTimeout)
	require.Equal(t, "timeout", Reason(err))
	require.LessOrEqual(t, b.calls.Load(), int32(1), "no second attempt after the caller's deadline (the first may not even arrive on a busy machine)")
}

// A pause that would outlast the caller's deadline is not taken: the last
// failure comes back at once, while the caller still has time.
func TestNoPausePastDeadline(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(http.StatusServiceUnavailable, `{}`), func(c *Config) { c.Backoff = time.Minute })
	ctx, cancel := context.WithTimeout(consulting(t), 20*time.Second)
	defer cancel()
	_, err := b.client.Identity(ctx, asked)
	requireFailure(t, err, ErrFailed)
	require.NoError(t, ctx.Err())
	require.EqualValues(t, 1, b.calls.Load())
}

// Cancelling the caller's context ends the pause between attempts.
func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(consulting(t))
	answered := make(chan struct{})
	b := setup(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusServiceUnavailable, `{}`)
		close(answered)
	}, func(c *Config) { c.Backoff = time.Minute })
	go func() {
		<-answered
		cancel()
	}()
	_, err := b.client.Identity(ctx, asked)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, "canceled", Reason(err))
	require.EqualValues(t, 1, b.calls.Load())
}

func TestBackoffGrowsCappedWithJitter(t *testing.T) {
	t.Parallel()
	c := &Client{cfg: Config{Backoff: 100 * time.Millisecond}}
	for n, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 10: maxBackoff} {
		for range 100 {
			d := c.backoff(n)
			require.GreaterOrEqual(t, d, ceiling/2)
			require.LessOrEqual(t, d, ceiling)
		}
	}
}
