package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestAdviserSearchesTheLogs: the adviser filters both logs by citizen,
// ticket, kind and outcome, page by page, in the API and the page; each
// search is itself logged, with the citizen searched for; nobody else may
// search, and a bad filter is a precise 400.
func TestAdviserSearchesTheLogs(t *testing.T) {
	t.Parallel()
	db := testdb.Postgres(t)
	app := apptest.New(t, db)
	front, adv := app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	adv.SignIn(t, "adviser")
	tk := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 31)))
	front.Get(t, "/api/v1/tickets/"+tk.Ref)
	require.Equal(t, http.StatusOK, front.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/consultations", map[string]any{"kind": "career", "reason": "complaint"}).StatusCode)
	number := app.Registry.Citizen(31).String()

	res := adv.JSON(t, "POST", "/api/v1/audit/search", map[string]any{"insz": number, "limit": 1})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	page := decode[audit.SearchResult](t, res)
	require.Len(t, page.Access, 1)
	require.NotZero(t, page.Next, "there is a next page")
	res = adv.JSON(t, "POST", "/api/v1/audit/search", map[string]any{"insz": number, "before": page.Next})
	more := decode[audit.SearchResult](t, res)
	require.NotEmpty(t, more.Access)
	require.Less(t, more.Access[0].ID, page.Access[0].ID)

	res = adv.JSON(t, "POST", "/api/v1/audit/search", map[string]any{"log": "consultations", "ticket_ref": tk.Ref, "what": "career", "outcome": "found"})
	cons := decode[audit.SearchResult](t, res)
	require.Len(t, cons.Consultations, 1)
	require.Equal(t, "complaint", cons.Consultations[0].Reason)

	logged, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "log_search"})
	require.NoError(t, err)
	require.Len(t, logged, 3)
	require.Equal(t, number, logged[2].Citizen, "a search by citizen is an access to that citizen")

	for _, bad := range []map[string]any{{"insz": "123"}, {"log": "sessions"}, {"from": "yesterday"}, {"user_id": "x"}} {
		require.Equal(t, http.StatusBadRequest, adv.JSON(t, "POST", "/api/v1/audit/search", bad).StatusCode, bad)
	}
	require.Equal(t, http.StatusForbidden, front.JSON(t, "POST", "/api/v1/audit/search", map[string]any{}).StatusCode)

	form := adv.Submit(t, "/adviser/logs", url.Values{"log": {"consultations"}, "insz": {number}})
	require.Equal(t, http.StatusOK, form.StatusCode)
	require.Contains(t, form.Body, `id="search-results"`)
	require.Contains(t, form.Body, tk.Ref)
	require.NotContains(t, form.Request.URL.String(), number, "the national number stays out of the URL")
}
