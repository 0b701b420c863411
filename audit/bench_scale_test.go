package audit

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"contactd/internal/seed"
	"contactd/internal/testdb"
)

// BenchmarkTenYears measures the witnessed log at scale on PostgreSQL
// (docs/BENCHMARKS.md): CONTACTD_BENCH_ENTRIES access-log entries (100,000
// by default; 10000000 for the figures) seeded in bulk and sealed from
// scratch with trees and a signed checkpoint per seal; a full verification
// with the Go heap's high-water mark while it runs; one day of a large
// contact centre (274,000 entries: 100 million a year) sealed and verified
// incrementally from the last verification; inclusion and consistency
// proofs.
func BenchmarkTenYears(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("CONTACTD_BENCH_ENTRIES"))
	if n <= 0 {
		n = 100_000
	}
	const day = 274_000
	ctx := context.Background()
	db := testdb.Postgres(b)
	skey, vkey, err := GenerateKey("contactd-bench")
	if err != nil {
		b.Fatal(err)
	}
	signer, _, _ := NewSigner(skey)
	verifier, _ := noteVerifier(vkey)
	sealer := Sealer{DB: db.Bun, Signer: signer}
	for b.Loop() {
		if err := seed.AccessLog(ctx, db, n); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := sealer.Seal(ctx, time.Now()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "seal-s")

		var peak atomic.Uint64
		stop := sampleHeap(&peak)
		start = time.Now()
		vs, err := VerifyAndRecordWith(ctx, db.Bun, RecordOptions{Verifier: verifier, Full: true}, time.Now())
		stop()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "full-verify-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "full-verify-heap-MB")
		b.ReportMetric(float64(vs[0].Entries), "verified")

		if err := seed.AccessLog(ctx, db, day); err != nil {
			b.Fatal(err)
		}
		if _, err := sealer.Seal(ctx, time.Now()); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		vs, err = VerifyAndRecordWith(ctx, db.Bun, RecordOptions{Verifier: verifier}, time.Now())
		if err != nil || vs[0].Full || vs[0].Entries != day {
			b.Fatalf("incremental verification: %v, %+v", err, vs)
		}
		b.ReportMetric(time.Since(start).Seconds(), "day-verify-s")

		t, err := lastTree(ctx, db.Bun, AccessLog)
		if err != nil {
			b.Fatal(err)
		}
		r := treeReader{ctx, db.Bun, AccessLog}
		rng := rand.New(rand.NewPCG(1, 2))
		var lat []time.Duration
		for range 1000 {
			leaf := rng.Int64N(t.Size)
			start := time.Now()
			if _, err := tlog.ProveRecord(t.Size, leaf, r); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "proof-p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "proof-p99-ms")
		start = time.Now()
		if _, err := tlog.ProveTree(t.Size, t.Size-day, r); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "consistency-ms")
	}
}

// sampleHeap records the highest heap in use every 20 ms until stopped.
func sampleHeap(peak *atomic.Uint64) func() {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

func noteVerifier(vkey string) (note.Verifier, error) { return note.NewVerifier(vkey) }
