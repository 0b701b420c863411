package seed_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"contactd/internal/seed"
	"contactd/internal/testdb"
)

// BenchmarkSeed measures how fast the seeders fill PostgreSQL for the
// large-table figures: CONTACTD_BENCH_TICKETS tickets and
// CONTACTD_BENCH_ENTRIES access-log entries (1,000,000 each by default;
// the load issue's figures use 1,000,000 and 10,000,000).
func BenchmarkSeed(b *testing.B) {
	tickets, entries := envInt("CONTACTD_BENCH_TICKETS", 1_000_000), envInt("CONTACTD_BENCH_ENTRIES", 1_000_000)
	for b.Loop() {
		db := testdb.Postgres(b)
		ctx := context.Background()
		start := time.Now()
		if err := seed.Tickets(ctx, db, tickets); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(tickets)/time.Since(start).Seconds(), "tickets/s")
		start = time.Now()
		if err := seed.AccessLog(ctx, db, entries); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(entries)/time.Since(start).Seconds(), "entries/s")
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
