package frontend_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/tickets"
)

// TestConsultedDataAreNeverStored performs every kind of lookup through
// the API and the pages — identity at creation and at identification,
// career, supplementary pension — and then searches the whole database
// (the SQLite file with its log; a pg_dump of the PostgreSQL schema), the
// application's captured logs and its metrics for the values returned:
// zero hits (O7, §7). The identity is the one exception the law makes
// (§4: it is added to the ticket), so on PostgreSQL it is searched in a
// dump without the tickets' rows, and in the logs everywhere.
func TestConsultedDataAreNeverStored(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front := app.Browser()
		front.SignIn(t, "frontoffice")
		ctx := context.Background()
		rich := richCitizen(t, app)

		// Identity at creation, and at identification of a letter.
		created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, rich)))
		letter := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", map[string]any{"portal": "mypension",
			"channel": "post", "purpose": "error_report", "subject": "Letter about a plan", "sender": "As written on the letter"}))
		res := front.JSON(t, "POST", "/api/v1/tickets/"+letter.Ref+"/identify", map[string]any{"insz": app.Registry.Citizen(78).String()})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)

		// Career and pension through the API, career through the page.
		var needles []string
		for _, kind := range []lookup.Kind{lookup.KindCareer, lookup.KindSupplementaryPension} {
			res := front.JSON(t, "POST", "/api/v1/tickets/"+created.Ref+"/consultations", map[string]any{"kind": kind, "reason": "citizen_question"})
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
			require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
		}
		page := front.Submit(t, "/tickets/"+created.Ref+"/consult", url.Values{"kind": {"career"}, "reason": {"error_report"}})
		require.Equal(t, http.StatusOK, page.StatusCode)
		require.Equal(t, "no-store", page.Header.Get("Cache-Control"))
		require.Contains(t, page.Body, `id="consultation-banner"`)
		require.Contains(t, page.Body, created.Ref)

		career, err := app.Registry.Career(ctx, app.Registry.Citizen(rich))
		require.NoError(t, err)
		require.NotEmpty(t, career.Periods, "the citizen has a career to leak")
		for _, p := range career.Periods {
			needles = append(needles, p.Employer)
			require.Contains(t, page.Body, p.Employer, "the page shows what was consulted")
		}
		pension, err := app.Registry.SupplementaryPension(ctx, app.Registry.Citizen(rich))
		require.NoError(t, err)
		require.NotEmpty(t, pension.Plans, "the citizen has a pension to leak")
		for _, p := range pension.Plans {
			needles = append(needles, p.Plan, p.Institution)
			if p.Reserves >= 1_000_000 { // long enough not to meet an id or a latency by chance
				needles = append(needles, strconv.FormatInt(p.Reserves, 10), strconv.FormatInt(p.AccruedBenefit, 10))
			}
		}
		id, err := app.Registry.Identity(ctx, app.Registry.Citizen(78))
		require.NoError(t, err)
		identity := []string{id.Address.String(), id.LastName + " " + id.FirstName}

		metrics := front.Get(t, "/metrics").Body
		everywhere := map[string][]byte{
			"database": testdb.Contents(t, db),
			"logs":     []byte(app.Logs.String()),
			"metrics":  []byte(metrics),
		}
		for where, haystack := range everywhere {
			require.NotEmpty(t, haystack, where)
			for _, n := range needles {
				require.False(t, bytes.Contains(haystack, []byte(n)), "%q found in the %s", n, where)
			}
		}
		for _, n := range identity {
			require.False(t, bytes.Contains([]byte(app.Logs.String()), []byte(n)), "%q found in the logs", n)
		}
		if db.Dialect == database.Postgres {
			withoutTickets := testdb.Contents(t, db, "tickets")
			for _, n := range identity {
				require.False(t, bytes.Contains(withoutTickets, []byte(n)), "%q found outside the tickets' rows", n)
			}
		}
		// The search does find what is there: the ticket keeps its citizen.
		require.True(t, bytes.Contains(everywhere["database"], []byte(id.Address.String())), "the search finds the ticket's citizen")
	})
}

// richCitizen is the first demo citizen with both a career and a
// supplementary pension, so that every kind has data to leak.
func richCitizen(t *testing.T, app *apptest.App) int {
	t.Helper()
	ctx := context.Background()
	for i := 70; i < app.Registry.Size(); i++ {
		c, err := app.Registry.Career(ctx, app.Registry.Citizen(i))
		require.NoError(t, err)
		p, err := app.Registry.SupplementaryPension(ctx, app.Registry.Citizen(i))
		require.NoError(t, err)
		if len(c.Periods) > 2 && len(p.Plans) > 1 {
			return i
		}
	}
	t.Fatal("no demo citizen has both a career and a pension")
	return 0
}
