package upstream

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"contactd/lookup"
)

// switchable answers 503 until healthy is set, then the identity.
func switchable(healthy *atomic.Bool) respond {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		if healthy.Load() {
			writeJSON(w, http.StatusOK, identityJSON)
			return
		}
		writeJSON(w, http.StatusServiceUnavailable, `{}`)
	}
}

func breakerConfig(c *Config) {
	c.Attempts, c.BreakerThreshold, c.BreakerCooldown = 1, 2, 30*time.Second
}

func TestBreakerOpensAndStopsCalling(t *testing.T) {
	t.Parallel()
	var healthy atomic.Bool
	b := setup(t, switchable(&healthy), breakerConfig)
	for range 2 {
		_, err := b.client.Identity(consulting(t), asked)
		requireFailure(t, err, ErrFailed)
	}
	healthy.Store(true) // too late: the circuit is open
	for range 5 {
		_, err := b.client.Identity(consulting(t), asked)
		requireFailure(t, err, ErrCircuitOpen)
		require.Equal(t, "circuit_open", Reason(err))
	}
	require.EqualValues(t, 2, b.calls.Load())
}

func TestBreakerProbeCloses(t *testing.T) {
	t.Parallel()
	var healthy atomic.Bool
	b := setup(t, switchable(&healthy), breakerConfig)
	for range 2 {
		b.client.Identity(consulting(t), asked)
	}
	healthy.Store(true)
	b.clock.Advance(29 * time.Second)
	_, err := b.client.Identity(consulting(t), asked)
	require.ErrorIs(t, err, ErrCircuitOpen, "still cooling down")
	b.clock.Advance(time.Second)
	_, err = b.client.Identity(consulting(t), asked)
	require.NoError(t, err, "the probe succeeds and closes the circuit")
	_, err = b.client.Identity(consulting(t), asked)
	require.NoError(t, err)
	require.EqualValues(t, 4, b.calls.Load())
}

func TestBreakerProbeReopens(t *testing.T) {
	t.Parallel()
	var healthy atomic.Bool
	b := setup(t, switchable(&healthy), breakerConfig)
	for range 2 {
		b.client.Identity(consulting(t), asked)
	}
	b.clock.Advance(30 * time.Second)
	_, err := b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrFailed) // the probe reached the registry
	_, err = b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrCircuitOpen)
	require.EqualValues(t, 3, b.calls.Load())
	b.clock.Advance(30 * time.Second)
	healthy.Store(true)
	_, err = b.client.Identity(consulting(t), asked)
	require.NoError(t, err)
}

// "Not found" is a working registry: it resets the count of failures.
func TestBreakerNotFoundIsSuccess(t *testing.T) {
	t.Parallel()
	b := setup(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n%2 == 0 {
			writeJSON(w, http.StatusNotFound, notFoundBody)
			return
		}
		writeJSON(w, http.StatusServiceUnavailable, `{}`)
	}, breakerConfig)
	for range 6 {
		_, err := b.client.Identity(consulting(t), asked)
		require.NotErrorIs(t, err, ErrCircuitOpen)
	}
	require.EqualValues(t, 6, b.calls.Load())
}

// While the probe is in flight, every other call fails at once.
func TestBreakerOneProbeAtATime(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	probing := make(chan struct{})
	b := setup(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n <= 2 {
			writeJSON(w, http.StatusServiceUnavailable, `{}`)
			return
		}
		close(probing)
		<-release
		writeJSON(w, http.StatusOK, identityJSON)
	}, breakerConfig)
	for range 2 {
		b.client.Identity(consulting(t), asked)
	}
	b.clock.Advance(time.Minute)
	probe := make(chan error)
	go func() {
		_, err := b.client.Identity(consulting(t), asked)
		probe <- err
	}()
	<-probing
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := b.client.Identity(consulting(t), asked)
			assert.ErrorIs(t, err, ErrCircuitOpen)
		})
	}
	wg.Wait()
	close(release)
	require.NoError(t, <-probe)
	require.EqualValues(t, 3, b.calls.Load())
}

// Many goroutines through a flapping registry: the race detector's test.
func TestBreakerConcurrent(t *testing.T) {
	t.Parallel()
	b := setup(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n%3 == 0 {
			writeJSON(w, http.StatusOK, identityJSON)
			return
		}
		writeJSON(w, http.StatusBadGateway, `{}`)
	}, breakerConfig)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 10 {
				_, err := b.client.Identity(consulting(t), asked)
				if err != nil {
					assert.ErrorIs(t, err, lookup.ErrUnavailable)
				}
				b.clock.Advance(10 * time.Second)
			}
		})
	}
	wg.Wait()
}
