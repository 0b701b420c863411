package audit_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"contactd/audit"
	"contactd/internal/seed"
	"contactd/internal/testdb"
)

// BenchmarkSamplingRun times one sampling run over a period holding
// CONTACTD_BENCH_CONSULTATIONS consultations (100,000 by default; e.g.
// 1000000) spread over 40 agents and a tenth as many tickets, on
// PostgreSQL, and reports the process's peak resident memory (VmHWM) and
// the items the run drew.
func BenchmarkSamplingRun(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("CONTACTD_BENCH_CONSULTATIONS"))
	if n <= 0 {
		n = 100_000
	}
	ctx := context.Background()
	db := testdb.Postgres(b)
	if err := seed.Tickets(ctx, db, n/10); err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(-24 * time.Hour)
	// A realistic period: 40 agents; identified tickets (with placeholder
	// citizens, "B" and the ticket id: no one's number) created before
	// their consultations, each with a note; a few consultations that
	// break a rule.
	for _, stmt := range []string{
		`INSERT INTO users (id, subject, display_name, created_at) SELECT g, 'bench-' || g, 'Agent ' || g, now() FROM generate_series(1, 40) AS g`,
		`UPDATE tickets SET insz = 'B' || id, last_name = 'Citizen', created_at = now() - interval '2 days'`,
		`INSERT INTO ticket_actions (ticket_id, at, actor_role, kind, text) SELECT id, now() - interval '1 day', 'front_office', 'note', 'called back' FROM tickets`,
	} {
		if _, err := db.Bun.ExecContext(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
	_, err := db.Bun.ExecContext(ctx, `INSERT INTO consultations (at, user_id, role, institution_code, ticket_id, ticket_ref, insz, kind, reason, outcome, request_id)
		SELECT ?::timestamptz + make_interval(secs => g * 80000.0 / ?::int), 1 + g % 40, 'front_office', 'contact_centre', t.id, t.ref,
		       CASE WHEN g % 5000 = 0 THEN 'B0' ELSE t.insz END,
		       CASE WHEN g % 3 = 0 THEN 'supplementary_pension' ELSE 'career' END, 'citizen_question', 'found', md5(g::text)
		FROM generate_series(1, ?::int) AS g JOIN tickets t ON t.id = 1 + g % ?::int`, start, n, n, n/10)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		run, err := audit.DrawRun(ctx, db.Bun, start, time.Now().Add(time.Duration(i)*time.Second), "all", 42, audit.SamplingOptions{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(run.Population), "consultations")
		var drawn int
		if err := db.Bun.NewSelect().Table("sampling_items").ColumnExpr("count(*)").Where("run_id = ?", run.ID).Scan(ctx, &drawn); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(drawn), "items")
	}
	b.ReportMetric(peakRSSMB(), "peak-MB")
}

// peakRSSMB is the process's peak resident memory in MB, from
// /proc/self/status (Linux).
func peakRSSMB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
