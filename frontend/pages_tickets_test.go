package frontend_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/testdb"
)

// phoneForm is the intake form as an agent fills it for a caller.
func phoneForm(app *apptest.App, i int) url.Values {
	return url.Values{"channel": {"phone"}, "insz": {app.Registry.Citizen(i).String()}, "portal": {"mycareer"},
		"purpose": {"content_question"}, "subject": {"Question on a missing year"}, "questions_put": {"2"}, "questions_passed": {"yes"}}
}

// TestTicketPagesFlow walks the pages as agents do: register a phone
// contact, see the caller's identity, be warned about a note that looks
// like consulted data and confirm, hand it to Sigedis; Sigedis finds it in
// its queue, the other back office gets a clear refusal.
func TestTicketPagesFlow(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front, sig, sfpd := app.Browser(), app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	sig.SignIn(t, "backoffice")
	sfpd.SignIn(t, "backoffice2")

	require.Contains(t, front.Get(t, "/tickets/new").Body, `id="insz"`)
	res := front.Submit(t, "/tickets", phoneForm(app, 3))
	require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
	ticketURL := res.Header.Get("Location")
	require.Regexp(t, `^/tickets/CC-\d{4}-\d{6}$`, ticketURL)
	require.NotContains(t, ticketURL, app.Registry.Citizen(3).String(), "no national number in URLs")
	id, err := app.Registry.Identity(t.Context(), app.Registry.Citizen(3))
	require.NoError(t, err)
	page := front.Get(t, ticketURL)
	require.Equal(t, http.StatusOK, page.StatusCode)
	require.Contains(t, page.Body, id.LastName)
	require.Contains(t, page.Body, `data-kind="identity_verified"`)

	res = front.Submit(t, ticketURL+"/notes", url.Values{"text": {"Reserve of 12.345,67 EUR"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, res.Body, `id="form-error"`)
	require.Contains(t, res.Body, `id="confirmed"`, "the agent may confirm after the warning")
	res = front.Submit(t, ticketURL+"/notes", url.Values{"text": {"Caller quoted 12.345,67 EUR from his own letter"}, "confirmed": {"on"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	res = front.Submit(t, ticketURL+"/assign", url.Values{"institution": {"sigedis"}, "reason": {"plan question"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)

	require.Contains(t, sig.Get(t, "/back").Body, strings.TrimPrefix(ticketURL, "/tickets/"))
	require.Equal(t, http.StatusOK, sig.Get(t, ticketURL).StatusCode)
	require.NotContains(t, sfpd.Get(t, "/back").Body, strings.TrimPrefix(ticketURL, "/tickets/"))
	refused := sfpd.Get(t, ticketURL) // another institution's: not found, as an unknown reference
	require.Equal(t, http.StatusNotFound, refused.StatusCode)
	require.Contains(t, refused.Body, `data-status="404"`)
	require.Equal(t, http.StatusNotFound, sfpd.Submit(t, ticketURL+"/close", nil).StatusCode)

	filtered := front.Get(t, "/front?queue=all&institution=sigedis&from=2000-01-01&channel=phone")
	require.Contains(t, filtered.Body, strings.TrimPrefix(ticketURL, "/tickets/"))
	require.Contains(t, front.Get(t, "/front?queue=all&institution=sfpd").Body, `id="no-tickets"`)
	require.Equal(t, http.StatusBadRequest, front.Get(t, "/front?from=yesterday").StatusCode)

	search := front.Submit(t, "/tickets/search", url.Values{"insz": {app.Registry.Citizen(3).String()}})
	require.Equal(t, http.StatusOK, search.StatusCode)
	require.Contains(t, search.Body, strings.TrimPrefix(ticketURL, "/tickets/"))
	require.Contains(t, sfpd.Submit(t, "/tickets/search", url.Values{"insz": {app.Registry.Citizen(3).String()}}).Body, `id="no-tickets"`)

	logs := app.Logs.String()
	require.Contains(t, logs, `"route":"/tickets/:ref"`, "the application did log the requests")
	for _, personal := range []string{app.Registry.Citizen(3).String(), id.LastName, id.Address.Street} {
		require.NotContains(t, logs, personal, "personal data never reach the application log")
	}
}

// TestTicketFormRefusals: the intake form refuses an invalid national
// number, a person the register does not know and a phone contact without
// control questions, each beside its field, and creates nothing.
func TestTicketFormRefusals(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	for field, mutate := range map[string]func(url.Values){
		"insz":          func(v url.Values) { v.Set("insz", "85073003300") },
		"insz ":         func(v url.Values) { v.Set("insz", app.Stranger()) },
		"questions_put": func(v url.Values) { v.Set("questions_put", "0") },
		"subject":       func(v url.Values) { v.Set("subject", "") },
		"received_at":   func(v url.Values) { v.Set("received_at", "yesterday") },
	} {
		form := phoneForm(app, 4)
		mutate(form)
		res := front.Submit(t, "/tickets", form)
		require.Equal(t, http.StatusBadRequest, res.StatusCode, field)
		name := strings.TrimSpace(field)
		require.Contains(t, res.Body, `id="`+name+`-error"`, field)
		require.Contains(t, res.Body, `aria-describedby="`+name+`-error"`, "the error is tied to its field")
	}
	n, err := app.DB.Bun.NewSelect().Table("tickets").Count(t.Context())
	require.NoError(t, err)
	require.Zero(t, n)
}

// TestQuarantinePage: the front office reads an unreadable e-mail as plain
// text and marks it dealt with; others may not see it.
func TestQuarantinePage(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	in, err := app.Tickets.IngestEmail(mailServerCtx(), "mypension", []byte("<script>alert(1)</script> not a message"))
	require.NoError(t, err)
	require.NotZero(t, in.Quarantined)
	front, sig := app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	sig.SignIn(t, "backoffice")
	path := "/quarantine/" + strconv.FormatInt(in.Quarantined, 10)
	require.Contains(t, front.Get(t, "/quarantine").Body, path+"/raw")
	raw := front.Get(t, path+"/raw")
	require.Equal(t, "text/plain; charset=utf-8", raw.Header.Get("Content-Type"), "never rendered as HTML")
	require.Contains(t, raw.Body, "<script>")
	require.Equal(t, http.StatusForbidden, sig.Get(t, path+"/raw").StatusCode)
	require.Equal(t, http.StatusSeeOther, front.Submit(t, path+"/resolve", nil).StatusCode)
	require.Contains(t, front.Get(t, "/quarantine").Body, `id="quarantine-empty"`)
	require.Equal(t, http.StatusNotFound, front.Submit(t, path+"/resolve", nil).StatusCode)
}

func mailServerCtx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{System: "mail-server"})
}

// TestPostIntakeThenIdentify: a letter is registered unidentified with its
// date and sender as written, then identified from the register (O3).
func TestPostIntakeThenIdentify(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	res := front.Submit(t, "/tickets", url.Values{"channel": {"post"}, "portal": {"mypension"}, "purpose": {"complaint"},
		"subject": {"Letter about a late answer"}, "received_at": {"2026-11-20"}, "sender": {"Mme R. Exemple, Namur"},
		"request": {"Je me plains du délai."}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
	ticketURL := res.Header.Get("Location")
	page := front.Get(t, ticketURL).Body
	require.Contains(t, page, "Mme R. Exemple, Namur")
	require.Contains(t, page, "2026-11-20")
	require.Contains(t, page, `action="`+ticketURL+`/identify"`)

	require.Equal(t, http.StatusBadRequest, front.Submit(t, ticketURL+"/identify", url.Values{"insz": {"123"}}).StatusCode)
	res = front.Submit(t, ticketURL+"/identify", url.Values{"insz": {app.Registry.Citizen(11).String()}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	id, err := app.Registry.Identity(t.Context(), app.Registry.Citizen(11))
	require.NoError(t, err)
	page = front.Get(t, ticketURL).Body
	require.Contains(t, page, id.FirstName)
	require.Contains(t, page, `data-kind="identified"`)
	require.Equal(t, http.StatusBadRequest, front.Submit(t, ticketURL+"/identify", url.Values{"insz": {app.Registry.Citizen(12).String()}}).StatusCode, "identified once")
}

// TestFormErrorsInTheAgentsLanguage: a refused form says what is wrong in
// the page's language, for each kind of national-number mistake.
func TestFormErrorsInTheAgentsLanguage(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	front.Submit(t, "/lang", url.Values{"lang": {"fr"}, "next": {"/front"}})
	good := app.Registry.Citizen(5).String()
	typo := good[:10] + string("0123456789"[(int(good[10]-'0')+1)%10])
	for number, want := range map[string]string{
		typo:          "Les chiffres de contrôle ne correspondent pas",
		"8507300332":  "Le numéro national compte 11 chiffres.",
		"85O73003328": "ne contient que des chiffres",
		"85133003328": "date de naissance",
	} {
		form := phoneForm(app, 5)
		form.Set("insz", number)
		res := front.Submit(t, "/tickets", form)
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Contains(t, html.UnescapeString(res.Body), want, number)
	}
	form := phoneForm(app, 5)
	form.Set("subject", "Salaire de 2.345,00 EUR")
	res := front.Submit(t, "/tickets", form)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, html.UnescapeString(res.Body), "délibération 16/046, §5")
}

// TestReviewRefusals: a back office cannot identify a citizen (it consults
// through its own procedure, §10); a return path with a tab cannot send the
// browser off-site; a NUL byte gets a clear 400.
func TestReviewRefusals(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	front, sig := app.Browser(), app.Browser()
	front.SignIn(t, "frontoffice")
	sig.SignIn(t, "backoffice")
	res := front.Submit(t, "/tickets", url.Values{"channel": {"post"}, "portal": {"mypension"}, "purpose": {"other"},
		"subject": {"Letter"}, "sender": {"A. Exemple"}})
	ticketURL := res.Header.Get("Location")
	require.Equal(t, http.StatusSeeOther, front.Submit(t, ticketURL+"/assign", url.Values{"institution": {"sigedis"}, "reason": {"x"}}).StatusCode)
	res = sig.Submit(t, ticketURL+"/identify", url.Values{"insz": {app.Registry.Citizen(1).String()}})
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.NotContains(t, sig.Get(t, ticketURL).Body, `data-kind="identified"`)

	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"} {
		res := app.Browser().PostForm(t, "/lang", url.Values{"lang": {"en"}, "next": {next}})
		require.Equal(t, "/", res.Header.Get("Location"), next)
	}
	res = front.Submit(t, ticketURL+"/notes", url.Values{"text": {"a\x00b"}})
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	res = front.JSON(t, "POST", "/api/v1/tickets/"+strings.TrimPrefix(ticketURL, "/tickets/")+"/notes", map[string]string{"text": "a\x00b"})
	require.Equal(t, "urn:contactd:problem:malformed", problemOf(t, res)["type"])
	require.Equal(t, http.StatusBadRequest, front.Get(t, "/front?ref=%00").StatusCode)
}
