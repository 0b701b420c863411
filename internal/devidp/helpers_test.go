package devidp

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"contactd/internal/insz"
)

const (
	webClientID     = "contactd-web"
	webSecret       = "web secret/with:odd+chars"
	webRedirect     = "https://rp.example/auth/callback?tenant=1"
	otherClientID   = "other-web"
	otherSecret     = "other-secret"
	portalClientID  = "citizen-portal"
	portalSecret    = "portal-secret"
	apiAudience     = "contactd-api"
	noAudClientID   = "no-audience"
	noAudSecret     = "no-audience-secret"
	backofficeLevel = "urn:be:fedict:iam:fas:Level400"
)

// frontofficeNRN is a synthetic national number (built by the rule in
// package insz, never a real person's) for the claim tests.
var frontofficeNRN = insz.Generate(rand.New(rand.NewPCG(3, 3)), insz.GenerateOptions{}).String()

// testConfig is the fixture every test starts from.
func testConfig() Config {
	return Config{
		Users: []User{
			{
				Username: "frontoffice", Subject: "sub-frontoffice", GivenName: "Fiona", FamilyName: "Front",
				NationalNumber: frontofficeNRN, Email: "fiona@example.test", Description: "front-office agent",
			},
			{Username: "backoffice", Subject: "sub-backoffice", Name: "Bart Back", ACR: backofficeLevel, Description: "back-office agent"},
		},
		Clients: []Client{
			{ID: webClientID, Secret: webSecret, RedirectURIs: []string{webRedirect}},
			{ID: otherClientID, Secret: otherSecret, RedirectURIs: []string{webRedirect}},
			{ID: portalClientID, Secret: portalSecret, Scopes: []string{"contacts.read", "contacts.write"}, Audience: apiAudience},
			{ID: noAudClientID, Secret: noAudSecret, Scopes: []string{"contacts.read"}},
		},
	}
}

// env is a provider served over real HTTP, mounted like the application does.
type env struct {
	t    *testing.T
	ctx  context.Context
	p    *Provider
	srv  *httptest.Server
	oidc *oidc.Provider
}

func newEnv(t *testing.T, mutate ...func(*Config)) *env {
	t.Helper()
	return newEnvAt(t, "/devidp", mutate...)
}

// newEnvAt mounts the provider at path ("" for the server root).
func newEnvAt(t *testing.T, path string, mutate ...func(*Config)) *env {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cfg := testConfig()
	cfg.Issuer = srv.URL + path
	for _, m := range mutate {
		m(&cfg)
	}
	p, err := New(cfg)
	require.NoError(t, err)
	mux.Handle(path+"/", p.Handler())
	ctx := context.Background()
	op, err := oidc.NewProvider(ctx, p.Issuer())
	require.NoError(t, err)
	return &env{t: t, ctx: ctx, p: p, srv: srv, oidc: op}
}

// withT returns a copy of e that reports to t, for subtests.
func (e *env) withT(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

func (e *env) oauthConfig(clientID, secret string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: clientID, ClientSecret: secret, Endpoint: e.oidc.Endpoint(),
		RedirectURL: webRedirect, Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

func (e *env) verifier(clientID string) *oidc.IDTokenVerifier {
	return e.oidc.Verifier(&oidc.Config{ClientID: clientID})
}

// noRedirect is how the tests play the browser: every redirect is inspected.
var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       10 * time.Second,
}

// authStart holds what a relying party remembers between redirect and callback.
type authStart struct {
	URL, State, Nonce, Verifier string
}

func (e *env) start(conf *oauth2.Config) authStart {
	a := authStart{State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier()}
	a.URL = conf.AuthCodeURL(a.State, oidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier))
	return a
}

var (
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
	actionRE = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
)

// page is a fetched HTML page.
type page struct {
	Status int
	Header http.Header
	Body   string
}

func (e *env) do(req *http.Request) page {
	e.t.Helper()
	resp, err := noRedirect.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

func (e *env) get(rawURL string) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	require.NoError(e.t, err)
	return e.do(req)
}

func (e *env) postForm(rawURL string, form url.Values) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(req)
}

// submit fills in the sign-in form of pg like a browser would: hidden
// fields as rendered, the given username, posted to the form's action.
func (e *env) submit(pg page, username string, edit ...func(url.Values)) page {
	e.t.Helper()
	require.Equal(e.t, http.StatusOK, pg.Status, pg.Body)
	m := actionRE.FindStringSubmatch(pg.Body)
	require.NotNil(e.t, m, "no form on page: %s", pg.Body)
	form := url.Values{"username": {username}}
	for _, h := range hiddenRE.FindAllStringSubmatch(pg.Body, -1) {
		form.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	for _, f := range edit {
		f(form)
	}
	return e.postForm(e.srv.URL+html.UnescapeString(m[1]), form)
}

// callback parses the redirect back to the relying party.
func (e *env) callback(pg page) url.Values {
	e.t.Helper()
	require.Equal(e.t, http.StatusFound, pg.Status, pg.Body)
	loc, err := url.Parse(pg.Header.Get("Location"))
	require.NoError(e.t, err)
	q := loc.Query()
	base := *loc
	base.RawQuery = url.Values{"tenant": q["tenant"]}.Encode()
	require.Equal(e.t, webRedirect, base.String(), "redirected to an unexpected place")
	require.Equal(e.t, e.p.Issuer(), q.Get("iss"))
	return q
}

// signIn runs the browser part of the code flow and returns the code.
func (e *env) signIn(conf *oauth2.Config, username string) (authStart, string) {
	e.t.Helper()
	a := e.start(conf)
	q := e.callback(e.submit(e.get(a.URL), username))
	require.Empty(e.t, q.Get("error"), q.Get("error_description"))
	require.Equal(e.t, a.State, q.Get("state"))
	require.NotEmpty(e.t, q.Get("code"))
	return a, q.Get("code")
}

// exchange redeems code the way the production code does.
func (e *env) exchange(conf *oauth2.Config, code, verifier string) (*oauth2.Token, error) {
	return conf.Exchange(e.ctx, code, oauth2.VerifierOption(verifier))
}

// idToken runs a complete code flow for username and verifies the result.
func (e *env) idToken(conf *oauth2.Config, username string) (authStart, *oauth2.Token, *oidc.IDToken, error) {
	e.t.Helper()
	a, code := e.signIn(conf, username)
	tok, err := e.exchange(conf, code, a.Verifier)
	require.NoError(e.t, err)
	raw, ok := tok.Extra("id_token").(string)
	require.True(e.t, ok, "no id_token in token response")
	idt, err := e.verifier(conf.ClientID).Verify(e.ctx, raw)
	return a, tok, idt, err
}

// oauthErrorCode extracts the RFC 6749 error code from an x/oauth2 error.
func oauthErrorCode(t *testing.T, err error) (string, int) {
	t.Helper()
	var re *oauth2.RetrieveError
	require.True(t, errors.As(err, &re), "not a RetrieveError: %v", err)
	return re.ErrorCode, re.Response.StatusCode
}

// tokenRequest posts to the token endpoint directly and decodes the JSON.
func (e *env) tokenRequest(form url.Values, basicID, basicSecret string) (int, http.Header, map[string]any) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.oidc.Endpoint().TokenURL, strings.NewReader(form.Encode()))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	pg := e.do(req)
	require.Equal(e.t, "no-store", pg.Header.Get("Cache-Control"))
	var body map[string]any
	require.NoError(e.t, json.Unmarshal([]byte(pg.Body), &body), pg.Body)
	return pg.Status, pg.Header, body
}
