package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/apptest"
	"contactd/internal/testdb"
	"contactd/retention"
	"contactd/tickets"
)

// TestCitizenRequestsAPI: an admin erases and rectifies at a citizen's
// request through the API, the national number in the body; an open
// ticket, a bad number and another role are refused with problem+json and
// nothing changed; the answer says the logs are kept by law.
func TestCitizenRequestsAPI(t *testing.T) {
	t.Parallel()
	db := testdb.Postgres(t)
	app := apptest.New(t, db)
	front, admin := app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	admin.SignIn(t, "admin")
	created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 21)))
	other := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 22)))
	number := app.Registry.Citizen(21).String()
	erase := map[string]any{"insz": number, "reason": "letter of the citizen"}

	res := front.JSON(t, "POST", "/api/v1/admin/citizens/erase", erase)
	require.Equal(t, http.StatusForbidden, res.StatusCode, res.Body)
	res = admin.JSON(t, "POST", "/api/v1/admin/citizens/erase", map[string]any{"insz": "12345678901", "reason": "x"})
	require.Equal(t, http.StatusBadRequest, res.StatusCode, res.Body)
	require.Equal(t, "insz", problemOf(t, res)["field"])
	res = admin.JSON(t, "POST", "/api/v1/admin/citizens/erase", erase)
	require.Equal(t, http.StatusConflict, res.StatusCode, res.Body)
	require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
	require.Equal(t, "urn:contactd:problem:open_tickets", problemOf(t, res)["type"])
	require.Contains(t, problemOf(t, res)["detail"], created.Ref)
	require.Contains(t, problemOf(t, res)["detail"], "logs are kept")
	require.Nil(t, erasedAt(t, app, created.Ref), "a refusal changes nothing")

	_, err := db.Bun.ExecContext(context.Background(), "UPDATE tickets SET status = 'closed', closed_at = now() WHERE ref = ?", created.Ref)
	require.NoError(t, err)
	res = admin.JSON(t, "POST", "/api/v1/admin/citizens/erase", erase)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	done := decode[retention.CitizenResult](t, res)
	require.Equal(t, []string{created.Ref}, done.Refs)
	require.Equal(t, retention.LogsKept, done.LogsKept)
	require.NotNil(t, erasedAt(t, app, created.Ref))
	require.Equal(t, number, lastEntry(t, db, "citizen_erase").Citizen)
	adviser := app.Browser()
	adviser.SignIn(t, "adviser")
	page := adviser.Get(t, "/tickets/"+created.Ref)
	require.Equal(t, http.StatusOK, page.StatusCode, page.Body)
	require.Contains(t, page.Body, `id="ticket-erased"`, "the ticket says it was erased")
	require.NotContains(t, page.Body, number)

	name := "Rectified"
	res = admin.JSON(t, "POST", "/api/v1/admin/citizens/rectify", map[string]any{"insz": app.Registry.Citizen(22).String(),
		"reason": "letter", "fields": map[string]any{"last_name": name}})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Equal(t, []string{"last_name"}, decode[retention.CitizenResult](t, res).Fields)
	var last string
	require.NoError(t, db.Bun.NewRaw("SELECT last_name FROM tickets WHERE ref = ?", other.Ref).Scan(context.Background(), &last))
	require.Equal(t, name, last)
	res = admin.JSON(t, "POST", "/api/v1/admin/citizens/rectify", map[string]any{"insz": app.Registry.Citizen(22).String(),
		"reason": "letter", "fields": map[string]any{}})
	require.Equal(t, http.StatusBadRequest, res.StatusCode, res.Body)
}

// TestCitizenRequestsPage: the admin's page has a form per request; a
// refusal comes back on the page in the admin's language, a success says
// what was done and that the logs are kept.
func TestCitizenRequestsPage(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front, admin := app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	admin.SignIn(t, "admin")
	created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 23)))

	home := admin.Get(t, "/admin")
	require.Contains(t, home.Body, `href="/admin/citizens"`)
	page := admin.Get(t, "/admin/citizens")
	require.Equal(t, http.StatusOK, page.StatusCode)
	require.Contains(t, page.Body, `id="form-erase"`)
	require.Contains(t, page.Body, `id="form-rectify"`)
	require.Equal(t, http.StatusForbidden, front.Get(t, "/admin/citizens").StatusCode)

	number := app.Registry.Citizen(23).String()
	res := admin.Submit(t, "/admin/citizens/erase", url.Values{"insz": {number}, "reason": {"letter"}})
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Contains(t, res.Body, created.Ref)
	res = admin.Submit(t, "/admin/citizens/rectify", url.Values{"insz": {number}, "reason": {"letter"}, "first_name": {"Anna"}})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Contains(t, res.Body, `id="citizens-done"`)
	require.Contains(t, res.Body, created.Ref)
}

func erasedAt(t *testing.T, app *apptest.App, ref string) any {
	t.Helper()
	var at *string
	require.NoError(t, app.DB.Bun.NewRaw("SELECT CAST(erased_at AS text) FROM tickets WHERE ref = ?", ref).Scan(context.Background(), &at))
	if at == nil {
		return nil
	}
	return *at
}
