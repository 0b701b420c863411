package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/frontend"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// entryOf returns the one access-log entry of a response, failing unless
// there is exactly one.
func entryOf(t *testing.T, db *database.DB, res apptest.Response) audit.Entry {
	t.Helper()
	var out []audit.Entry
	require.NoError(t, db.Bun.NewSelect().Model(&out).Where("request_id = ?", res.Header.Get("X-Request-Id")).Scan(context.Background()))
	require.Len(t, out, 1, "entries of %d %s", res.StatusCode, res.Body)
	return out[0]
}

// TestEveryAccessIsLogged replays the outside tester's list of requests
// that answered with no access-log entry at all — views of staff data,
// role-guard refusals, a malformed consultation naming a citizen — and
// finds each in the log, once, with who, the outcome and the reason.
func TestEveryAccessIsLogged(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		as := map[string]*apptest.Browser{}
		for _, name := range []string{"frontoffice", "backoffice", "manager", "admin", "norole"} {
			as[name] = app.Browser()
			as[name].SignIn(t, name)
		}
		ref := decode[tickets.Ticket](t, as["frontoffice"].JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 5))).Ref
		for _, c := range []struct {
			who, path string
			outcome   audit.Outcome
			reason    string
		}{
			{"manager", "/manage", audit.OK, ""},
			{"manager", "/api/v1/users", audit.OK, ""},
			{"admin", "/admin", audit.OK, ""},
			{"admin", "/admin/citizens", audit.OK, ""},
			{"frontoffice", "/adviser", audit.Refused, "forbidden"},
			{"backoffice", "/front", audit.Refused, "forbidden"},
			{"manager", "/admin", audit.Refused, "forbidden"},
			{"norole", "/api/v1/tickets", audit.Refused, "forbidden"},
		} {
			res := as[c.who].Get(t, c.path)
			e := entryOf(t, db, res)
			require.Equal(t, c.outcome, e.Outcome, "%s %s", c.who, c.path)
			require.NotNil(t, e.UserID, "%s %s: who", c.who, c.path)
			if c.reason != "" {
				require.Contains(t, e.Detail, "reason="+c.reason, "%s %s", c.who, c.path)
			}
		}
		// An unknown address: no session is resumed for it, so the entry
		// has the client's address, not a user.
		res := as["frontoffice"].Get(t, "/no/such/page")
		require.Contains(t, entryOf(t, db, res).Detail, "route=GET unmatched status=404 reason=not_found")
		// Addresses gin or a mux would have "fixed" with a redirect of
		// their own, before any middleware: no request id, no log entry
		// (outside test). Now each is an unknown address, logged once.
		for _, path := range []string{"/api/v1/me/", "//manage", "/tickets/" + ref + "/", "/healthz/"} {
			res := as["manager"].Get(t, path)
			require.Equal(t, http.StatusNotFound, res.StatusCode, path)
			require.Equal(t, audit.Refused, entryOf(t, db, res).Outcome, path)
			require.NotEmpty(t, res.Header.Get("Content-Security-Policy"), path)
		}
		// A consultation whose body is not valid JSON but names a citizen:
		// the adviser sees the attempt against its ticket.
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/api/v1/tickets/"+ref+"/consultations",
			strings.NewReader(`{"kind":"career","insz":"`+app.Registry.Citizen(6).String()+`"`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", as["frontoffice"].CSRF(t))
		res = as["frontoffice"].Do(t, req)
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		e := entryOf(t, db, res)
		require.Equal(t, audit.Refused, e.Outcome)
		require.Equal(t, ref, e.TicketRef)
		require.Contains(t, e.Detail, "route=POST /api/v1/tickets/:ref/consultations")
		require.Contains(t, e.Detail, "reason=malformed")
		require.NotContains(t, e.Detail, app.Registry.Citizen(6).String(), "what the body held is not copied")
	})
}

// TestProviderUnavailableIsLogged: pressing "sign in" while the provider
// cannot be reached answers 502 and leaves a failed entry with its reason.
func TestProviderUnavailableIsLogged(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	app := apptest.NewWith(t, db, func(c *frontend.Config) { c.OIDC.Issuer = "http://127.0.0.1:1/nowhere" })
	res := app.Browser().PostForm(t, "/auth/login", nil)
	require.Equal(t, http.StatusBadGateway, res.StatusCode)
	e := entryOf(t, db, res)
	require.Equal(t, audit.Failed, e.Outcome)
	require.Contains(t, e.Detail, "reason=provider_unavailable")
}

// TestPageRefusalsSayWhy: a refused form shown again logs its reason, as
// the API does, and a refused consultation from the ticket page logs the
// refusal — not a plain view of the ticket (before: "route=… status=400"
// with no reason, and "ticket_view ok" for a 409; outside test).
func TestPageRefusalsSayWhy(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		mgr, front := app.Browser(), app.Browser()
		mgr.SignIn(t, "manager")
		front.SignIn(t, "frontoffice")
		res := mgr.Submit(t, "/manage/invitations", url.Values{"invitee": {"bogus"}, "role": {"front_office"}})
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Regexp(t, `reason=\w+`, entryOf(t, db, res).Detail)

		ref := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 7))).Ref
		require.Equal(t, http.StatusOK, front.JSON(t, "POST", "/api/v1/tickets/"+ref+"/close", nil).StatusCode)
		res = front.Submit(t, "/tickets/"+ref+"/consult", url.Values{"kind": {"career"}, "reason": {"citizen_question"}})
		require.GreaterOrEqual(t, res.StatusCode, http.StatusBadRequest)
		e := entryOf(t, db, res)
		require.Equal(t, "consultation", e.Action)
		require.Equal(t, audit.Refused, e.Outcome)
		require.Equal(t, ref, e.TicketRef)
	})
}
