package frontend_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/frontend"
	"contactd/internal/apptest"
	"contactd/internal/demo"
	"contactd/internal/testdb"
)

// problemOf decodes an RFC 9457 body and checks its media type.
func problemOf(t *testing.T, res apptest.Response) map[string]any {
	t.Helper()
	require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), res.Body)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(res.Body), &p))
	require.EqualValues(t, res.StatusCode, p["status"])
	require.NotEmpty(t, p["title"])
	require.NotEmpty(t, p["request_id"])
	return p
}

// TestAPIErrorsAreProblems: the API answers every failure with
// application/problem+json and a precise status.
func TestAPIErrorsAreProblems(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	anon := app.Browser()
	require.Equal(t, "urn:contactd:problem:unauthorized", problemOf(t, anon.Get(t, "/api/v1/me"))["type"])
	p := problemOf(t, anon.Get(t, "/api/v1/no-such-thing"))
	require.EqualValues(t, http.StatusNotFound, p["status"])
	b := app.Browser()
	b.SignIn(t, "frontoffice")
	req, _ := http.NewRequest(http.MethodDelete, app.URL+"/api/v1/me", nil)
	require.EqualValues(t, http.StatusMethodNotAllowed, problemOf(t, b.Do(t, req))["status"])
	norole := app.Browser()
	norole.SignIn(t, "norole")
	require.EqualValues(t, http.StatusForbidden, problemOf(t, norole.Get(t, "/api/v1/me"))["status"])
}

// TestOversizeBody: a body over the limit gets 413 and changes nothing.
func TestOversizeBody(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	b.SignIn(t, "frontoffice")
	big := url.Values{"csrf": {b.CSRF(t)}, "pad": {strings.Repeat("x", 2<<20)}}
	res := b.PostForm(t, "/auth/logout", big)
	require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode, "still signed in")
}

// TestUnknownPage gives a readable 404 page, not a stack trace.
func TestUnknownPage(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	res := app.Browser().Get(t, "/no/such/page")
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Type"), "text/html")
	require.Contains(t, res.Body, `data-status="404"`)
}

// TestSystemClientBearerToken runs the API's system authentication on the
// production path: a client-credentials token from the provider, verified
// for issuer, audience and scope.
func TestSystemClientBearerToken(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	portal, mail := demo.SystemClients[0], demo.SystemClients[1]
	call := func(token string) apptest.Response {
		req, _ := http.NewRequest(http.MethodGet, app.URL+"/api/v1/institutions", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return app.Browser().Do(t, req)
	}
	res := call(clientToken(t, app, portal.ID, portal.Secret))
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Contains(t, res.Body, `"sigedis"`)
	require.Contains(t, res.Body, "Federale Pensioendienst")
	// RFC 6750: a valid token without the scope is 403 insufficient_scope,
	// a bad one 401 invalid_token, each with its challenge; the access log
	// says precisely why (before: 401 for all, no header, no reason logged).
	cursor := &logCursor{db: app.DB}
	cursor.next(t)
	tok := clientToken(t, app, portal.ID, portal.Secret)
	for _, c := range []struct {
		name, token string
		status      int
		challenge   string
		reason      string
	}{
		{"scope missing", clientToken(t, app, mail.ID, mail.Secret), http.StatusForbidden, `error="insufficient_scope", scope="contactd.reference"`, "token_scope"},
		{"not a token", "not-a-token", http.StatusUnauthorized, `error="invalid_token"`, "token_malformed"},
		{"tampered signature", tok[:len(tok)-4] + "AAAA", http.StatusUnauthorized, `error="invalid_token"`, "token_signature"},
		{"no token", "", http.StatusUnauthorized, `Bearer realm="contactd"`, "token_missing"},
	} {
		res := call(c.token)
		require.Equal(t, c.status, res.StatusCode, c.name)
		require.Contains(t, res.Header.Get("WWW-Authenticate"), c.challenge, c.name)
		entries := cursor.next(t)
		require.Len(t, entries, 1, c.name)
		require.Equal(t, audit.Refused, entries[0].Outcome, c.name)
		require.Contains(t, entries[0].Detail, "reason="+c.reason, c.name)
	}
}

func clientToken(t *testing.T, app *apptest.App, id, secret string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req, _ := http.NewRequest(http.MethodPost, app.IDP.Issuer()+"/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	res := app.Browser().Do(t, req)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Body), &tok))
	return tok.AccessToken
}

// TestHealthAndReadiness: /healthz is alive; /readyz checks the database
// and the schema.
func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	require.Equal(t, http.StatusOK, b.Get(t, "/healthz").StatusCode)
	res := b.Get(t, "/readyz")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, res.Body, `"schema":"ok"`)
	metrics := b.Get(t, "/metrics")
	require.Contains(t, metrics.Body, `contactd_http_requests_total{method="GET",route="/readyz",status="200"}`)
	require.NoError(t, app.DB.Close())
	require.Equal(t, http.StatusServiceUnavailable, b.Get(t, "/readyz").StatusCode)
}

// TestLanguageSwitch: the language is chosen by POST and remembered.
func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	b.SignIn(t, "frontoffice")
	for lang, heading := range map[string]string{"nl": "Nieuw contact", "fr": "Nouveau contact", "en": "New contact"} {
		res := b.Submit(t, "/lang", url.Values{"lang": {lang}, "next": {"/front"}})
		require.Equal(t, "/front", res.Header.Get("Location"))
		require.Contains(t, b.Get(t, "/front").Body, heading)
	}
	res := app.Browser().PostForm(t, "/lang", url.Values{"lang": {"de"}, "next": {"/auth/signin"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	anon := app.Browser()
	anon.Client.Jar.SetCookies(mustURL(app.URL), res.Cookies())
	require.Contains(t, anon.Get(t, "/auth/signin").Body, "Willkommen im Kontaktzentrum")
	require.Equal(t, http.StatusBadRequest, anon.PostForm(t, "/lang", url.Values{"lang": {"xx"}}).StatusCode)
}

// TestBearerWithoutAudienceIsRefused: with no API audience configured,
// system access is off and a bearer token gets 401, not an error.
func TestBearerWithoutAudienceIsRefused(t *testing.T) {
	t.Parallel()
	app := apptest.NewWith(t, testdb.SQLite(t), func(c *frontend.Config) { c.API.Audience = "" })
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/api/v1/institutions", nil)
	req.Header.Set("Authorization", "Bearer "+clientToken(t, app, demo.SystemClients[0].ID, demo.SystemClients[0].Secret))
	require.Equal(t, http.StatusUnauthorized, app.Browser().Do(t, req).StatusCode)
}
