package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// TestPercentile: nearest rank, so every percentile is a latency that was
// measured; an empty series gives 0.
func TestPercentile(t *testing.T) {
	t.Parallel()
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = ms(i + 1)
	}
	for _, c := range []struct {
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{nil, 0.5, 0},
		{[]time.Duration{ms(7)}, 0.99, ms(7)},
		{[]time.Duration{ms(1), ms(2)}, 0.5, ms(1)},
		{[]time.Duration{ms(1), ms(2), ms(3)}, 0.5, ms(2)},
		{hundred, 0.50, ms(50)},
		{hundred, 0.95, ms(95)},
		{hundred, 0.99, ms(99)},
		{hundred, 1, ms(100)},
		{hundred, 0, ms(1)},
	} {
		require.Equal(t, c.want, percentile(c.sorted, c.q), "q=%v of %d", c.q, len(c.sorted))
	}
}

// TestRecorderStats: counts, errors (status 400 and above, or a transport
// error), rates over the run, percentiles per operation and in total, the
// scenario's order, and only the first few failures kept, cut short.
func TestRecorderStats(t *testing.T) {
	t.Parallel()
	rec := NewRecorder()
	for i := 1; i <= 100; i++ {
		rec.Record("view", ms(i), 200, nil, nil)
	}
	rec.Record("create", ms(10), 201, nil, nil)
	rec.Record("create", ms(30), 409, []byte(`{"title":"conflict"}`), nil)
	rec.Record("create", ms(20), 0, nil, errors.New("connection refused"))
	rec.Record("zz_other", ms(5), 302, nil, nil)
	for range keptErrors {
		rec.Record("note", ms(1), 500, []byte(strings.Repeat("x", 2000)), nil)
	}

	ops, total, errs := rec.Stats(2 * time.Second)
	names := make([]string, len(ops))
	for i, op := range ops {
		names[i] = op.Name
	}
	require.Equal(t, []string{"create", "view", "note", "zz_other"}, names)

	create := ops[0]
	require.Equal(t, OpStats{Name: "create", Count: 3, Errors: 2, PerSecond: 1.5, P50: 20, P95: 30, P99: 30, Max: 30}, create)
	view := ops[1]
	require.Equal(t, 0, view.Errors)
	require.InDelta(t, 50.0, view.PerSecond, 1e-9)
	require.Equal(t, []float64{50, 95, 99, 100}, []float64{view.P50, view.P95, view.P99, view.Max})
	require.Equal(t, 0, ops[3].Errors, "a redirect is no error")

	require.Equal(t, 100+3+1+keptErrors, total.Count)
	require.Equal(t, 2+keptErrors, total.Errors)
	require.Len(t, errs, keptErrors, "only the first failures are kept")
	require.Equal(t, ErrorSample{Op: "create", Status: 409, Body: `{"title":"conflict"}`}, errs[0])
	require.Equal(t, ErrorSample{Op: "create", Body: "connection refused"}, errs[1])
	require.Len(t, errs[2].Body, 500, "a long body is cut")
}

// TestRecorderEmpty: a run that sent nothing reports zeros, not a panic.
func TestRecorderEmpty(t *testing.T) {
	t.Parallel()
	ops, total, errs := NewRecorder().Stats(0)
	require.Empty(t, ops)
	require.Empty(t, errs)
	require.Equal(t, OpStats{Name: "total"}, total)
}
