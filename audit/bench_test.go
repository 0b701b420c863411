package audit_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"contactd/audit"
	"contactd/internal/seed"
	"contactd/internal/testdb"
)

// BenchmarkAccessLogAppend measures access-log appends, each committed on
// its own as a view's is, from 1, 8 and 32 concurrent writers on both
// databases, numbering trigger included; it reports entries per second and
// the p50 and p99 of one append — what the log adds to a request.
//
// "postgres-unsealed" is the same without the numbering trigger (the
// column default numbers entries), for the cost of tamper evidence;
// "postgres-sealing" seals every 100 ms meanwhile, a hundred times as
// often as the worker does.
func BenchmarkAccessLogAppend(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres", "postgres-unsealed", "postgres-sealing"} {
		b.Run(name, func(b *testing.B) {
			open := testdb.Postgres
			if name == "sqlite" {
				open = testdb.SQLite
			}
			db := open(b)
			if name == "postgres-sealing" {
				stop := make(chan struct{})
				done := make(chan struct{})
				go func() {
					defer close(done)
					for {
						select {
						case <-stop:
							return
						case <-time.After(100 * time.Millisecond):
						}
						if _, err := audit.SealAll(context.Background(), db.Bun, time.Now()); err != nil {
							b.Error(err)
						}
					}
				}()
				defer func() { close(stop); <-done }()
			}
			if name == "postgres-unsealed" {
				_, err := db.Bun.ExecContext(context.Background(), "DROP TRIGGER access_log_number ON access_log; "+
					"ALTER TABLE access_log ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence('access_log', 'id'))")
				if err != nil {
					b.Fatal(err)
				}
			}
			for _, writers := range []int{1, 8, 32} {
				b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
					lat := make([]time.Duration, b.N)
					var next atomic.Int64
					var wg sync.WaitGroup
					b.ResetTimer()
					start := time.Now()
					for range writers {
						wg.Go(func() {
							for {
								i := int(next.Add(1) - 1)
								if i >= b.N {
									return
								}
								t0 := time.Now()
								if err := audit.Record(agentCtx, db.Bun, audit.Entry{Action: "ticket_view", TicketRef: "CC-2026-000001"}); err != nil {
									b.Error(err)
									return
								}
								lat[i] = time.Since(t0)
							}
						})
					}
					wg.Wait()
					elapsed := time.Since(start)
					b.StopTimer()
					slices.Sort(lat)
					b.ReportMetric(float64(b.N)/elapsed.Seconds(), "entries/s")
					b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
				})
			}
		})
	}
}

// BenchmarkSealAndVerify fills the access log with CONTACTD_BENCH_ENTRIES
// entries (100,000 by default; e.g. 10000000) in bulk, then times sealing
// all of them and verifying the chain on PostgreSQL.
func BenchmarkSealAndVerify(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("CONTACTD_BENCH_ENTRIES"))
	if n <= 0 {
		n = 100_000
	}
	ctx := context.Background()
	db := testdb.Postgres(b)
	if err := seed.AccessLog(ctx, db, n); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		start := time.Now()
		sealed, err := audit.SealAll(ctx, db.Bun, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		sealTime := time.Since(start)
		start = time.Now()
		r, err := audit.Verify(ctx, audit.DBSource{DB: db.Bun}, audit.AccessLog, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sealed), "sealed")
		b.ReportMetric(sealTime.Seconds(), "seal-s")
		b.ReportMetric(time.Since(start).Seconds(), "verify-s")
		b.ReportMetric(float64(r.Entries), "verified")
	}
}
