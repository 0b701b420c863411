package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// newEntries returns the access-log entries written since the last call.
type logCursor struct {
	db   *database.DB
	last int64
}

func (l *logCursor) next(t *testing.T) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	require.NoError(t, l.db.Bun.NewSelect().Model(&out).Where("id > ?", l.last).OrderExpr("id").Scan(context.Background()))
	if len(out) > 0 {
		l.last = out[len(out)-1].ID
	}
	return out
}

// TestEveryTicketRouteWritesOneEntry walks every ticket route of the API
// and asserts that each access — create, view, list, search, each change,
// each refusal — wrote exactly one access-log entry naming who, what,
// which ticket, the outcome and the request id.
func TestEveryTicketRouteWritesOneEntry(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front, sig := app.Browser(), app.Browser()
		front.SignIn(t, "frontoffice")
		sig.SignIn(t, "backoffice")
		front.CSRF(t) // /api/v1/me is not a ticket access; read it before the cursor starts
		sig.CSRF(t)
		cursor := &logCursor{db: db}
		cursor.next(t)

		created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 9)))
		ref := created.Ref
		steps := []struct {
			b      *apptest.Browser
			method string
			path   string
			body   any
			action string
			out    audit.Outcome
		}{
			{front, "GET", "/api/v1/tickets/" + ref, nil, "ticket_view", audit.OK},
			{front, "GET", "/api/v1/tickets?queue=all", nil, "ticket_list", audit.OK},
			{front, "POST", "/api/v1/tickets/search", map[string]string{"insz": created.NationalNumber()}, "ticket_search", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/notes", map[string]string{"text": "called back"}, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/take", nil, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/verify", map[string]any{"questions_put": 3, "passed": true}, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/status", map[string]string{"status": "answered"}, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/status", map[string]string{"status": "in_progress"}, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/assign", map[string]string{"institution": "sigedis", "reason": "content"}, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/notes", map[string]string{"text": "not ours any more"}, "ticket_update", audit.Refused},
			{sig, "POST", "/api/v1/tickets/" + ref + "/hand-back", map[string]string{"reason": "not for us"}, "ticket_update", audit.OK},
			{sig, "GET", "/api/v1/tickets/" + ref, nil, "ticket_view", audit.Refused},
			{front, "POST", "/api/v1/tickets/" + ref + "/answer", map[string]any{"channel": "post", "contains_personal_data": true}, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/close", nil, "ticket_update", audit.OK},
			{front, "POST", "/api/v1/tickets/" + ref + "/close", nil, "ticket_update", audit.Refused},
			{front, "POST", "/api/v1/tickets/" + ref + "/reopen", map[string]string{"reason": "citizen called"}, "ticket_update", audit.OK},
			{front, "GET", "/api/v1/tickets/CC-1999-000001", nil, "ticket_view", audit.Refused},
		}
		require.Len(t, cursor.next(t), 1, "create wrote one entry")
		for _, st := range steps {
			var res apptest.Response
			if st.method == "GET" {
				res = st.b.Get(t, st.path)
			} else {
				res = st.b.JSON(t, st.method, st.path, st.body)
			}
			entries := cursor.next(t)
			label := st.method + " " + st.path
			require.Len(t, entries, 1, label)
			e := entries[0]
			require.Equal(t, st.action, e.Action, label)
			require.Equal(t, st.out, e.Outcome, "%s (%d %s)", label, res.StatusCode, res.Body)
			require.Equal(t, res.Header.Get("X-Request-Id"), e.RequestID, label)
			require.NotNil(t, e.UserID, label)
			require.NotEmpty(t, e.Role, label)
			if st.out == audit.OK {
				require.Less(t, res.StatusCode, http.StatusBadRequest, label)
			} else {
				require.GreaterOrEqual(t, res.StatusCode, http.StatusBadRequest, label)
			}
		}
	})
}

// TestEveryTicketPageWritesOneEntry does the same walk through the pages and
// the intake routes: each access writes exactly one entry.
func TestEveryTicketPageWritesOneEntry(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	front.CSRF(t)
	cursor := &logCursor{db: app.DB}
	cursor.next(t)
	expect := func(label, action string, out audit.Outcome, res apptest.Response) {
		t.Helper()
		entries := cursor.next(t)
		require.Len(t, entries, 1, "%s: %d %s", label, res.StatusCode, res.Body)
		require.Equal(t, action, entries[0].Action, label)
		require.Equal(t, out, entries[0].Outcome, label)
		require.Equal(t, res.Header.Get("X-Request-Id"), entries[0].RequestID, label)
	}
	res := front.Submit(t, "/tickets", phoneForm(app, 20))
	expect("create page", "ticket_create", audit.OK, res)
	ticketURL := res.Header.Get("Location")
	expect("ticket page", "ticket_view", audit.OK, front.Get(t, ticketURL))
	expect("queue page", "ticket_list", audit.OK, front.Get(t, "/front?queue=all"))
	expect("search page", "ticket_search", audit.OK, front.Submit(t, "/tickets/search", url.Values{"insz": {app.Registry.Citizen(20).String()}}))
	expect("note form", "ticket_update", audit.OK, front.Submit(t, ticketURL+"/notes", url.Values{"text": {"called back"}}))
	// A refused form shows the ticket again with the message: one request,
	// one entry — the refusal, which names the ticket shown (before: the
	// refusal and a second "ticket_view" entry).
	expect("refused form", "ticket_update", audit.Refused, front.Submit(t, ticketURL+"/reopen", url.Values{"reason": {"not closed"}}))

	tok := clientToken(t, app, demo.SystemClients[0].ID, demo.SystemClients[0].Secret)
	req, _ := http.NewRequest("POST", app.URL+"/api/v1/intake/portal", strings.NewReader(`{"portal":"mypension","purpose":"other","subject":"Form","insz":"`+app.Registry.Citizen(21).String()+`"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Idempotency-Key", "walk-1")
	expect("portal intake", "ticket_create", audit.OK, app.Browser().Do(t, req))
	mail := clientToken(t, app, demo.SystemClients[1].ID, demo.SystemClients[1].Secret)
	req, _ = http.NewRequest("POST", app.URL+"/api/v1/intake/email?portal=mypension", strings.NewReader("From: a@example.be\r\nSubject: Hello\r\n\r\nText\r\n"))
	req.Header.Set("Authorization", "Bearer "+mail)
	expect("e-mail intake", "ticket_create", audit.OK, app.Browser().Do(t, req))
	req, _ = http.NewRequest("POST", app.URL+"/api/v1/intake/email?portal=mypension", strings.NewReader("garbage"))
	req.Header.Set("Authorization", "Bearer "+mail)
	expect("quarantined e-mail", "email_intake", audit.Refused, app.Browser().Do(t, req))
}
