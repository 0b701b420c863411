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
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestAPIConsultation: the front office consults a career within its
// ticket and gets the data with the record's id and no-store; every bad
// request gets its precise problem and the consultation log says what was
// refused (§9).
func TestAPIConsultation(t *testing.T) {
	t.Parallel()
	db := testdb.Postgres(t)
	app := apptest.New(t, db)
	front, sig, adv := app.Browser(), app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	sig.SignIn(t, "backoffice")
	adv.SignIn(t, "adviser")
	created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 5)))
	path := "/api/v1/tickets/" + created.Ref + "/consultations"

	res := front.JSON(t, "POST", path, map[string]any{"kind": "career", "reason": "citizen_question"})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	body := decode[struct {
		Consultation struct {
			ID        int64  `json:"id"`
			TicketRef string `json:"ticket_ref"`
			Kind      string `json:"kind"`
		} `json:"consultation"`
		Career *struct {
			Periods []map[string]any `json:"periods"`
		} `json:"career"`
		Pension any `json:"supplementary_pension"`
	}](t, res)
	require.NotZero(t, body.Consultation.ID)
	require.Equal(t, created.Ref, body.Consultation.TicketRef)
	require.NotNil(t, body.Career)
	require.Nil(t, body.Pension)

	for _, tc := range []struct {
		name   string
		b      *apptest.Browser
		path   string
		body   string
		status int
		code   string
	}{
		{"unknown ticket", front, "/api/v1/tickets/CC-2026-999999/consultations", `{"kind":"career","reason":"complaint"}`, 404, "not_found"},
		{"reference not UTF-8", front, "/api/v1/tickets/CC-%FF/consultations", `{"kind":"career","reason":"complaint"}`, 400, "malformed"},
		{"unknown kind", front, path, `{"kind":"salary","reason":"complaint"}`, 400, "invalid"},
		{"no reason", front, path, `{"kind":"career"}`, 400, "invalid"},
		{"identity on the panel", front, path, `{"kind":"identity","reason":"complaint"}`, 400, "invalid"},
		{"malformed", front, path, `{"kind":`, 400, "malformed"},
		{"unknown field", front, path, `{"kind":"career","reason":"complaint","insz":"x"}`, 400, "malformed"},
		// The contact centre's ticket is not the back office's to see:
		// not found, as an unknown reference (issue 14).
		{"back office", sig, path, `{"kind":"career","reason":"complaint"}`, 404, "not_found"},
		{"adviser", adv, path, `{"kind":"career","reason":"complaint"}`, 403, "forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", app.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", tc.b.CSRF(t))
			res := tc.b.Do(t, req)
			require.Equal(t, tc.status, res.StatusCode, res.Body)
			require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			require.Contains(t, res.Body, `"type":"urn:contactd:problem:`+tc.code+`"`)
			require.NotContains(t, res.Body, "periods")
		})
	}

	var refused []audit.Consultation
	require.NoError(t, db.Bun.NewSelect().Model(&refused).Where("outcome = ?", audit.Denied).OrderExpr("id").Scan(context.Background()))
	var details []string
	for _, r := range refused {
		details = append(details, r.Role+":"+r.Detail)
	}
	require.Equal(t, []string{"front_office:ticket_not_found", "front_office:identity_on_identification", "back_office:ticket_not_visible", "security_adviser:forbidden"}, details)

	// Without the CSRF header the browser session cannot consult.
	req, _ := http.NewRequest("POST", app.URL+path, strings.NewReader(`{"kind":"career","reason":"complaint"}`))
	req.Header.Set("Content-Type", "application/json")
	require.Equal(t, http.StatusForbidden, front.Do(t, req).StatusCode)
	// The page refuses the back office's attempt as for an unknown ticket.
	page := sig.Submit(t, "/tickets/"+created.Ref+"/consult", url.Values{"kind": {"career"}, "reason": {"complaint"}})
	require.Equal(t, http.StatusNotFound, page.StatusCode)
	// On a closed ticket the page shows the ticket again, with the reason.
	require.Equal(t, http.StatusOK, front.JSON(t, "POST", "/api/v1/tickets/"+created.Ref+"/close", nil).StatusCode)
	page = front.Submit(t, "/tickets/"+created.Ref+"/consult", url.Values{"kind": {"career"}, "reason": {"complaint"}})
	require.Equal(t, http.StatusConflict, page.StatusCode)
	require.Contains(t, page.Body, `id="form-error"`)
	require.Contains(t, page.Body, "rouvrez-le d&#39;abord", "in the page's language (French by default)")
	require.NotContains(t, page.Body, `id="consultation-banner"`)
}
