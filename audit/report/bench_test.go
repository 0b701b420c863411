package report

import (
	"context"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// BenchmarkXLSX100k writes a run of 100,000 items, reporting besides time
// and allocations the live heap's peak (what the server must have free)
// and the size of the file.
func BenchmarkXLSX100k(b *testing.B) {
	const n = 100_000
	runtime.GC()
	ctx, stop := context.WithCancel(b.Context())
	peak := watchHeap(ctx)
	var out countingWriter
	for b.Loop() {
		out = 0
		if err := WriteXLSX(&out, testRun(), testItems(n), testAgents(), "en"); err != nil {
			b.Fatal(err)
		}
	}
	stop()
	b.ReportMetric(float64(peak())/1e6, "peak-heap-MB")
	b.ReportMetric(float64(out)/1e6, "file-MB")
}

// BenchmarkCSV100k writes the same run as CSV.
func BenchmarkCSV100k(b *testing.B) {
	var out countingWriter
	for b.Loop() {
		out = 0
		if err := WriteCSV(&out, testRun(), testItems(100_000), "en"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out)/1e6, "file-MB")
}

// watchHeap samples the bytes of live and not yet swept heap objects until
// ctx ends, and returns a function that waits for that and gives the
// highest value seen.
// runtime/metrics reads without stopping the world, unlike ReadMemStats.
func watchHeap(ctx context.Context) func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var high uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			high = max(high, sample[0].Value.Uint64())
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		<-done
		return high
	}
}

// countingWriter counts the bytes written to it and keeps none.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
