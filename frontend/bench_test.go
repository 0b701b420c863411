package frontend_test

import (
	"net/http"
	"testing"

	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// BenchmarkHomePage measures a signed-in page over real HTTP: session
// check, a query of the access log, template rendering.
func BenchmarkHomePage(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *database.DB{"sqlite": testdb.SQLite, "postgres": testdb.Postgres} {
		b.Run(name, func(b *testing.B) {
			app := apptest.New(b, open(b))
			br := app.Browser()
			br.SignIn(b, "frontoffice")
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if res := br.Get(b, "/front"); res.StatusCode != http.StatusOK {
						b.Fatalf("GET /front = %d", res.StatusCode)
					}
				}
			})
		})
	}
}
