package frontend_test

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/seed"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/tickets"
)

// BenchmarkTicketAPI measures create, view and list (50 tickets) through the
// HTTP API, on both databases, at 1, 8 and 32 concurrent clients, and
// reports p50 and p99 latency and requests per second. Each client is a
// signed-in front-office browser of its own. With CONTACTD_BENCH_TICKETS=N
// the table is first seeded with N synthetic tickets (e.g. 1000000).
func BenchmarkTicketAPI(b *testing.B) {
	seeded, _ := strconv.Atoi(os.Getenv("CONTACTD_BENCH_TICKETS"))
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := map[string]func(testing.TB) *database.DB{"sqlite": testdb.SQLite, "postgres": testdb.Postgres}[name](b)
			if seeded > 0 {
				if err := seed.Tickets(b.Context(), db, seeded); err != nil {
					b.Fatal(err)
				}
			}
			// Every create looks an identity up: the hourly consultation
			// limit would stop the benchmark after 60.
			app := apptest.NewWithOptions(b, db, apptest.Options{Lookup: lookup.Options{RateLimit: -1}})
			browsers := make([]*apptest.Browser, 32)
			for i := range browsers {
				browsers[i] = app.Browser()
				browsers[i].SignIn(b, "frontoffice")
				browsers[i].CSRF(b)
			}
			ref := createTicket(b, app, browsers[0], 0)
			ops := map[string]func(br *apptest.Browser, i int) int{
				"create": func(br *apptest.Browser, i int) int {
					return br.JSON(b, "POST", "/api/v1/tickets", phoneBody(app, i%app.Registry.Size())).StatusCode
				},
				"view": func(br *apptest.Browser, _ int) int { return br.Get(b, "/api/v1/tickets/"+ref).StatusCode },
				"list": func(br *apptest.Browser, _ int) int {
					return br.Get(b, "/api/v1/tickets?queue=all&limit=50").StatusCode
				},
			}
			for _, op := range []string{"create", "view", "list"} {
				for _, clients := range []int{1, 8, 32} {
					b.Run(fmt.Sprintf("%s/clients=%d", op, clients), func(b *testing.B) {
						runClients(b, browsers[:clients], ops[op])
					})
				}
			}
		})
	}
}

func createTicket(b *testing.B, app *apptest.App, br *apptest.Browser, i int) string {
	res := br.JSON(b, "POST", "/api/v1/tickets", phoneBody(app, i))
	if res.StatusCode != http.StatusCreated {
		b.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	return decode[tickets.Ticket](&testing.T{}, res).Ref
}

// runClients sends b.N requests from the clients at once and reports the
// latency percentiles and the throughput.
func runClients(b *testing.B, clients []*apptest.Browser, do func(*apptest.Browser, int) int) {
	var next atomic.Int64
	lat := make([]time.Duration, b.N)
	var failures atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for _, br := range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= b.N {
					return
				}
				t0 := time.Now()
				if code := do(br, i); code >= 400 {
					failures.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if failures.Load() > 0 {
		b.Fatalf("%d of %d requests failed", failures.Load(), b.N)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
}
