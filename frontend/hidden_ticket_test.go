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
	"contactd/internal/testdb"
)

// withoutRequestID is an answer's body without its request id, the one
// part that differs between any two answers.
func withoutRequestID(res apptest.Response) string {
	body := res.Body
	if id := res.Header.Get("X-Request-Id"); id != "" {
		body = strings.ReplaceAll(body, id, "")
	}
	return body
}

// TestOtherInstitutionsTicketIsNotFound: a back office probing another
// institution's reference gets exactly what an unknown reference gets —
// 404 and the same body, on the view, every change, the consultation and
// the pages — so it cannot tell which references exist; the access log
// still records each refusal with the reference asked.
func TestOtherInstitutionsTicketIsNotFound(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front, sfpd := app.Browser(), app.Browser()
		front.SignIn(t, "frontoffice")
		sfpd.SignIn(t, "backoffice2")
		res := front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 2))
		require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
		theirs := decode[map[string]any](t, res)["ref"].(string)
		res = front.JSON(t, "POST", "/api/v1/tickets/"+theirs+"/assign", map[string]string{"institution": "sigedis", "reason": "plan question"})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
		unknown := "CC-2001-999999"

		api := []struct {
			method, op string
			body       any
		}{
			{"GET", "", nil},
			{"POST", "/notes", map[string]string{"text": "x"}},
			{"POST", "/take", nil},
			{"POST", "/status", map[string]string{"status": "waiting_citizen"}},
			{"POST", "/assign", map[string]string{"institution": "sfpd", "reason": "mine now"}},
			{"POST", "/hand-back", map[string]string{"reason": "not ours"}},
			{"POST", "/answer", map[string]any{"channel": "ebox", "contains_personal_data": true}},
			{"POST", "/close", nil},
			{"POST", "/reopen", map[string]string{"reason": "again"}},
			{"POST", "/verify", map[string]any{"questions_put": 2, "passed": true}},
			{"POST", "/consultations", map[string]string{"kind": "career", "reason": "complaint"}},
		}
		for _, c := range api {
			got := sfpd.JSON(t, c.method, "/api/v1/tickets/"+theirs+c.op, c.body)
			want := sfpd.JSON(t, c.method, "/api/v1/tickets/"+unknown+c.op, c.body)
			require.Equal(t, http.StatusNotFound, want.StatusCode, "%s %s on an unknown reference: %s", c.method, c.op, want.Body)
			require.Equal(t, want.StatusCode, got.StatusCode, "%s %s: %s", c.method, c.op, got.Body)
			require.Equal(t, withoutRequestID(want), withoutRequestID(got), "%s %s", c.method, c.op)
		}
		for _, op := range []string{"", "/notes", "/close", "/consult"} {
			var got, want apptest.Response
			if op == "" {
				got, want = sfpd.Get(t, "/tickets/"+theirs), sfpd.Get(t, "/tickets/"+unknown)
			} else {
				got = sfpd.Submit(t, "/tickets/"+theirs+op, url.Values{"text": {"x"}, "kind": {"career"}, "reason": {"complaint"}})
				want = sfpd.Submit(t, "/tickets/"+unknown+op, url.Values{"text": {"x"}, "kind": {"career"}, "reason": {"complaint"}})
			}
			require.Equal(t, http.StatusNotFound, want.StatusCode, "page %s", op)
			require.Equal(t, want.StatusCode, got.StatusCode, "page %s", op)
			require.Contains(t, got.Body, `data-status="404"`)
		}

		var entries []audit.Entry
		require.NoError(t, db.Bun.NewSelect().Model(&entries).Where("ticket_ref = ?", theirs).Scan(context.Background()))
		refused := map[string]int{}
		for _, e := range entries {
			if e.Outcome == audit.Refused && e.Institution == "sfpd" {
				refused[e.Action]++
			}
		}
		require.Positive(t, refused["ticket_view"], "the refused view is in the access log: %v", refused)
		require.Positive(t, refused["ticket_update"], "the refused changes are in the access log: %v", refused)
	})
}
