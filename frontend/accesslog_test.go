package frontend_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
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
