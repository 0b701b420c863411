package main

import (
	"math"
	"slices"
	"sync"
	"time"
)

// keptErrors is how many failed requests the report shows in full.
const keptErrors = 5

// Recorder collects every request's latency and outcome, for agents that
// record at once.
type Recorder struct {
	mu      sync.Mutex
	ops     map[string]*samples
	failure []ErrorSample
	acked   []string // references of the tickets whose creation was acknowledged
}

type samples struct {
	latencies []time.Duration
	errors    int
}

// ErrorSample is one failed request as the report shows it.
type ErrorSample struct {
	Op     string `json:"op"`
	Status int    `json:"status,omitempty"` // 0 for a transport error
	Body   string `json:"body"`             // the answer's start, or the error
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{ops: map[string]*samples{}} }

// Record counts one request of op. It failed if err is set or the status
// is 400 or above; the first few failures are kept with their answer.
func (r *Recorder) Record(op string, took time.Duration, status int, body []byte, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.ops[op]
	if s == nil {
		s = &samples{}
		r.ops[op] = s
	}
	s.latencies = append(s.latencies, took)
	if err == nil && status < 400 {
		return
	}
	s.errors++
	if len(r.failure) < keptErrors {
		text := string(body)
		if err != nil {
			text = err.Error()
		}
		if len(text) > 500 {
			text = text[:500]
		}
		r.failure = append(r.failure, ErrorSample{Op: op, Status: status, Body: text})
	}
}

// Ack records the reference of a ticket the server acknowledged creating.
func (r *Recorder) Ack(ref string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.acked = append(r.acked, ref)
}

// Acked lists the acknowledged references, in the order they were
// acknowledged.
func (r *Recorder) Acked() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.acked)
}

// OpStats is what one operation did over the run.
type OpStats struct {
	Name      string  `json:"name"`
	Count     int     `json:"count"`
	Errors    int     `json:"errors"`
	PerSecond float64 `json:"requests_per_second"`
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms"`
}

// Stats summarises every operation, in the order of the scenario, and all
// of them together, over a run that took elapsed.
func (r *Recorder) Stats(elapsed time.Duration) (ops []OpStats, total OpStats, errs []ErrorSample) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var all []time.Duration
	total.Name = "total"
	for _, name := range opOrder(r.ops) {
		s := r.ops[name]
		ops = append(ops, summarise(name, s.latencies, s.errors, elapsed))
		all = append(all, s.latencies...)
		total.Errors += s.errors
	}
	total = summarise("total", all, total.Errors, elapsed)
	return ops, total, slices.Clone(r.failure)
}

// opOrder lists the recorded operations: the scenario's first, in its
// order, then any other by name.
func opOrder(ops map[string]*samples) []string {
	var out []string
	for _, name := range operations {
		if _, ok := ops[name]; ok {
			out = append(out, name)
		}
	}
	var rest []string
	for name := range ops {
		if !slices.Contains(operations, name) {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func summarise(name string, lat []time.Duration, errors int, elapsed time.Duration) OpStats {
	sorted := slices.Clone(lat)
	slices.Sort(sorted)
	s := OpStats{Name: name, Count: len(sorted), Errors: errors,
		P50: millis(percentile(sorted, 0.50)), P95: millis(percentile(sorted, 0.95)),
		P99: millis(percentile(sorted, 0.99)), Max: millis(percentile(sorted, 1))}
	if elapsed > 0 {
		s.PerSecond = float64(len(sorted)) / elapsed.Seconds()
	}
	return s
}

// percentile is the nearest-rank percentile of sorted latencies: the
// smallest value with at least q of the samples at or below it; 0 when
// there are none.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
