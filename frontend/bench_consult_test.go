package frontend_test

import (
	"fmt"
	"testing"

	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
)

// BenchmarkConsultAPI measures a career consultation through the HTTP API
// with the demo source — the rules, the source, the record committed with
// its timeline action, the response — on both databases at 1, 8 and 32
// concurrent clients, each consulting within a ticket of its own. It
// reports p50 and p99 latency and requests per second; the rate limit is
// off, as it would stop a benchmark after 60 requests.
func BenchmarkConsultAPI(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := map[string]func(testing.TB) *database.DB{"sqlite": testdb.SQLite, "postgres": testdb.Postgres}[name](b)
			app := apptest.NewWithOptions(b, db, apptest.Options{Lookup: lookup.Options{RateLimit: -1}})
			browsers := make([]*apptest.Browser, 32)
			refs := map[*apptest.Browser]string{}
			for i := range browsers {
				browsers[i] = app.Browser()
				browsers[i].SignIn(b, "frontoffice")
				refs[browsers[i]] = createTicket(b, app, browsers[i], 100+i)
			}
			body := map[string]any{"kind": "career", "reason": "citizen_question"}
			consult := func(br *apptest.Browser, _ int) int {
				return br.JSON(b, "POST", "/api/v1/tickets/"+refs[br]+"/consultations", body).StatusCode
			}
			for _, clients := range []int{1, 8, 32} {
				b.Run(fmt.Sprintf("career/clients=%d", clients), func(b *testing.B) {
					runClients(b, browsers[:clients], consult)
				})
			}
		})
	}
}
