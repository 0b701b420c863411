package frontend_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/demo"
	"contactd/internal/testdb"
	"contactd/tickets"
)

func decode[T any](t *testing.T, res apptest.Response) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(res.Body), &v), res.Body)
	return v
}

func phoneBody(app *apptest.App, i int) map[string]any {
	return map[string]any{"portal": "mycareer", "channel": "phone", "purpose": "content_question",
		"subject": "Missing period in the career overview", "insz": app.Registry.Citizen(i).String(),
		"questions_put": 2, "questions_passed": true}
}

// TestAPITicketFlow: the front office registers a phone contact whose
// identity comes from the register, hands it to Sigedis, whose back office
// answers and closes it; another back office never reaches it.
func TestAPITicketFlow(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.Postgres(t))
	front, sig, sfpd := app.Browser(), app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	sig.SignIn(t, "backoffice")
	sfpd.SignIn(t, "backoffice2")

	res := front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 1))
	require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
	tk := decode[tickets.Ticket](t, res)
	id, err := app.Registry.Identity(t.Context(), app.Registry.Citizen(1))
	require.NoError(t, err)
	require.Equal(t, id.LastName, tk.LastName, "identity from the register")
	require.Equal(t, "/api/v1/tickets/"+tk.Ref, res.Header.Get("Location"))

	require.Equal(t, http.StatusOK, front.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/assign", map[string]string{"institution": "sigedis", "reason": "plan question"}).StatusCode)
	// Another institution's ticket is not found, as an unknown reference.
	for _, path := range []string{"/api/v1/tickets/" + tk.Ref} {
		require.Equal(t, http.StatusNotFound, sfpd.Get(t, path).StatusCode)
	}
	page := decode[tickets.Page](t, sfpd.JSON(t, "POST", "/api/v1/tickets/search", map[string]string{"insz": tk.NationalNumber()}))
	require.Empty(t, page.Tickets, "another institution's ticket is not found by search")
	page = decode[tickets.Page](t, sfpd.Get(t, "/api/v1/tickets?queue=all"))
	require.Empty(t, page.Tickets)
	require.Equal(t, http.StatusNotFound, sfpd.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/notes", map[string]string{"text": "x"}).StatusCode)

	page = decode[tickets.Page](t, sig.Get(t, "/api/v1/tickets?queue=institution"))
	require.Len(t, page.Tickets, 1)
	res = sig.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/answer", map[string]any{"channel": "phone", "contains_personal_data": true})
	require.Equal(t, "channel", problemOf(t, res)["field"], "no personal data by phone")
	require.Equal(t, http.StatusOK, sig.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/answer", map[string]any{"channel": "ebox", "contains_personal_data": true}).StatusCode)
	require.Equal(t, http.StatusOK, sig.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/close", nil).StatusCode)
	require.Equal(t, http.StatusConflict, sig.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/close", nil).StatusCode)

	view := decode[tickets.View](t, front.Get(t, "/api/v1/tickets/"+tk.Ref))
	require.Equal(t, tickets.StatusClosed, view.Ticket.Status)
	require.Len(t, view.Actions, 6)
	require.Equal(t, "no-store", front.Get(t, "/api/v1/tickets/"+tk.Ref).Header.Get("Cache-Control"))
}

// TestAPIBadInput: each mistake gets a precise 4xx and changes nothing.
func TestAPIBadInput(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	count := func() int64 {
		n, err := app.DB.Bun.NewSelect().Table("tickets").Count(t.Context())
		require.NoError(t, err)
		return int64(n)
	}
	bad := map[string]struct {
		body   any
		status int
		field  string
	}{
		"invalid insz":   {mutate(phoneBody(app, 2), "insz", "85073003300"), 400, "insz"},
		"unknown person": {mutate(phoneBody(app, 2), "insz", app.Stranger()), 400, "insz"},
		"empty subject":  {mutate(phoneBody(app, 2), "subject", ""), 400, "subject"},
		"long subject":   {mutate(phoneBody(app, 2), "subject", strings.Repeat("a", 201)), 400, "subject"},
		"bad channel":    {mutate(phoneBody(app, 2), "channel", "fax"), 400, "channel"},
		"unknown field":  {mutate(phoneBody(app, 2), "colour", "blue"), 400, ""},
		"leak warning":   {mutate(phoneBody(app, 2), "subject", "Reserve € 12.000"), 422, "subject"},
	}
	for name, c := range bad {
		res := front.JSON(t, "POST", "/api/v1/tickets", c.body)
		require.Equal(t, c.status, res.StatusCode, "%s: %s", name, res.Body)
		p := problemOf(t, res)
		if c.field != "" {
			require.Equal(t, c.field, p["field"], name)
		}
	}
	req, _ := http.NewRequest("POST", app.URL+"/api/v1/tickets", strings.NewReader(`{"portal":`))
	req.Header.Set("X-CSRF-Token", front.CSRF(t))
	require.Equal(t, "urn:contactd:problem:malformed", problemOf(t, front.Do(t, req))["type"])
	req, _ = http.NewRequest("POST", app.URL+"/api/v1/tickets", strings.NewReader(`{}`))
	req.Header.Set("X-CSRF-Token", "forged")
	require.Equal(t, http.StatusForbidden, front.Do(t, req).StatusCode, "forged CSRF token")
	require.Zero(t, count(), "no mistake created a ticket")

	require.Equal(t, http.StatusNotFound, front.Get(t, "/api/v1/tickets/CC-2026-999999").StatusCode)
	require.Equal(t, http.StatusBadRequest, front.Get(t, "/api/v1/tickets?limit=5000").StatusCode)
	require.Equal(t, http.StatusBadRequest, front.Get(t, "/api/v1/tickets?status=lost").StatusCode)
	adviser := app.Browser()
	adviser.SignIn(t, "adviser")
	require.Equal(t, http.StatusForbidden, adviser.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 3)).StatusCode)
	require.Zero(t, count())
}

func mutate(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

// TestAPIPortalIntake: the portal files a ticket with a client-credentials
// token; a retry with the same Idempotency-Key makes no second ticket (409
// naming the first); a missing key, a malformed body or a missing token are
// refused.
func TestAPIPortalIntake(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	tok := clientToken(t, app, demo.SystemClients[0].ID, demo.SystemClients[0].Secret)
	post := func(key string, body string) apptest.Response {
		req, _ := http.NewRequest("POST", app.URL+"/api/v1/intake/portal", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		return app.Browser().Do(t, req)
	}
	body := `{"portal":"mypension","purpose":"error_report","subject":"Plan missing","request":"Mon plan n'apparaît pas.","insz":"` + app.Registry.Citizen(5).String() + `"}`
	res := post("form-42", body)
	require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
	ref := decode[map[string]any](t, res)["ref"]
	res = post("form-42", body)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Contains(t, problemOf(t, res)["detail"], ref)
	require.Equal(t, "Idempotency-Key", problemOf(t, post("", body))["field"])
	require.Equal(t, http.StatusBadRequest, post("form-43", `{"portal":"mypension"`).StatusCode)
	n, err := app.DB.Bun.NewSelect().Table("tickets").Count(t.Context())
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	entries, err := audit.Entries(t.Context(), app.DB.Bun, audit.Filter{Action: "ticket_create"})
	require.NoError(t, err)
	require.Equal(t, "system:citizen-portal", entries[len(entries)-1].Role)
	anon, _ := http.NewRequest("POST", app.URL+"/api/v1/intake/portal", strings.NewReader(body))
	require.Equal(t, http.StatusUnauthorized, app.Browser().Do(t, anon).StatusCode)
}

// TestAPIEmailIntake: the mail server delivers raw messages with its
// client-credentials token: a new ticket (201), a reply (200), an
// unreadable message to the quarantine (202), an oversize one refused (413).
func TestAPIEmailIntake(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	tok := clientToken(t, app, demo.SystemClients[1].ID, demo.SystemClients[1].Secret)
	deliver := func(portal, raw string) apptest.Response {
		req, _ := http.NewRequest("POST", app.URL+"/api/v1/intake/email?portal="+portal, strings.NewReader(raw))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "message/rfc822")
		return app.Browser().Do(t, req)
	}
	msg := "From: jan@example.be\r\nSubject: Loopbaan klopt niet\r\nMessage-ID: <a1@example.be>\r\n\r\nBeste, mijn loopbaanoverzicht klopt niet.\r\n"
	res := deliver("mycareer", msg)
	require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
	ref := decode[map[string]any](t, res)["ref"].(string)
	res = deliver("mycareer", "From: jan@example.be\r\nSubject: Re: "+ref+"\r\n\r\nNog een vraag.\r\n")
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Equal(t, ref, decode[map[string]any](t, res)["ref"])
	require.Equal(t, http.StatusAccepted, deliver("mycareer", "no header separation at all").StatusCode)
	require.Equal(t, http.StatusRequestEntityTooLarge, deliver("mycareer", msg+strings.Repeat("x", 11<<20)).StatusCode)
	require.Equal(t, "portal", problemOf(t, deliver("elsewhere", msg))["field"])

	front := app.Browser()
	front.SignIn(t, "frontoffice")
	q := decode[map[string][]map[string]any](t, front.Get(t, "/api/v1/intake/quarantine"))
	require.Len(t, q["messages"], 1)
}
