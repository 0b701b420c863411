package frontend_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/testdb"
)

// leakWords are words of our internals that no answer's detail may hold.
var leakWords = []string{"database", "transaction", "sql", "bun", "tickets:", "constraint", "unique", "pq:", "sqlstate", "duplicate key"}

// requireNoInternals fails if a problem's detail shows internal text.
func requireNoInternals(t *testing.T, detail string) {
	t.Helper()
	for _, w := range leakWords {
		require.NotContains(t, strings.ToLower(detail), w, "the detail shows internal text: %q", detail)
	}
}

// TestRetriedIntakeShowsNoInternals: a portal retry with the same
// Idempotency-Key — one after the other, and many at once — answers 409
// with a plain message naming the first ticket, never the database's text.
func TestRetriedIntakeShowsNoInternals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		tok := clientToken(t, app, demo.SystemClients[0].ID, demo.SystemClients[0].Secret)
		post := func(key string) apptest.Response {
			body := `{"portal":"mypension","purpose":"error_report","subject":"Plan missing","request":"Mon plan n'apparaît pas.","insz":"` + app.Registry.Citizen(5).String() + `"}`
			req, _ := http.NewRequest(http.MethodPost, app.URL+"/api/v1/intake/portal", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Idempotency-Key", key)
			return app.Browser().Do(t, req)
		}
		first := post("retry-1")
		require.Equal(t, http.StatusCreated, first.StatusCode, first.Body)
		ref := decode[map[string]any](t, first)["ref"].(string)
		res := post("retry-1")
		require.Equal(t, http.StatusConflict, res.StatusCode)
		p := problemOf(t, res)
		requireNoInternals(t, p["detail"].(string))
		require.Contains(t, p["detail"], ref, "the retry learns its ticket")

		// Retries racing each other: whichever answer, no internal text.
		var wg sync.WaitGroup
		answers := make([]apptest.Response, 8)
		for i := range answers {
			wg.Go(func() { answers[i] = post("retry-2") })
		}
		wg.Wait()
		created := 0
		for _, res := range answers {
			if res.StatusCode == http.StatusCreated {
				created++
				continue
			}
			require.Contains(t, []int{http.StatusConflict, http.StatusServiceUnavailable}, res.StatusCode, res.Body)
			requireNoInternals(t, problemOf(t, res)["detail"].(string))
		}
		require.LessOrEqual(t, created, 1)
	})
}
