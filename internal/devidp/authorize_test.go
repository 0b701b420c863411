package devidp

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// validAuthParams is an authorization request that succeeds.
func validAuthParams() url.Values {
	return url.Values{
		"response_type":         {"code"},
		"client_id":             {webClientID},
		"redirect_uri":          {webRedirect},
		"scope":                 {"openid profile"},
		"state":                 {"st4te"},
		"nonce":                 {"n0nce"},
		"code_challenge":        {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
		"code_challenge_method": {"S256"},
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name      string
		edit      func(url.Values)
		wantError string // "" means an HTML error page, never a redirect
		wantState bool
	}{
		{"unknown client", func(v url.Values) { v.Set("client_id", "nope") }, "", false},
		{"unregistered redirect_uri", func(v url.Values) { v.Set("redirect_uri", "https://evil.example/cb") }, "", false},
		{"redirect_uri prefix only", func(v url.Values) { v.Set("redirect_uri", "https://rp.example/auth/callback") }, "", false},
		{"missing redirect_uri", func(v url.Values) { v.Del("redirect_uri") }, "", false},
		{"repeated redirect_uri", func(v url.Values) { v.Add("redirect_uri", webRedirect) }, "", false},
		{"implicit flow", func(v url.Values) { v.Set("response_type", "id_token token") }, errUnsupportedResponseType, true},
		{"no openid scope", func(v url.Values) { v.Set("scope", "profile") }, errInvalidScope, true},
		{"missing state", func(v url.Values) { v.Del("state") }, errInvalidRequest, false},
		{"missing nonce", func(v url.Values) { v.Del("nonce") }, errInvalidRequest, true},
		{"missing PKCE", func(v url.Values) { v.Del("code_challenge"); v.Del("code_challenge_method") }, errInvalidRequest, true},
		{"missing PKCE method", func(v url.Values) { v.Del("code_challenge_method") }, errInvalidRequest, true},
		{"plain PKCE", func(v url.Values) { v.Set("code_challenge_method", "plain") }, errInvalidRequest, true},
		{"malformed challenge", func(v url.Values) { v.Set("code_challenge", "short") }, errInvalidRequest, true},
		{"repeated nonce", func(v url.Values) { v.Add("nonce", "other") }, errInvalidRequest, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.withT(t)
			v := validAuthParams()
			tc.edit(v)
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				var pg page
				if method == http.MethodGet {
					pg = e.get(e.p.Issuer() + "/authorize?" + v.Encode())
				} else {
					v.Set("username", "frontoffice")
					pg = e.postForm(e.p.Issuer()+"/authorize", v)
				}
				if tc.wantError == "" {
					require.Equal(t, http.StatusBadRequest, pg.Status, method)
					require.Empty(t, pg.Header.Get("Location"), method)
					require.Contains(t, pg.Header.Get("Content-Type"), "text/html")
					require.Contains(t, pg.Body, `id="error"`)
					require.NotContains(t, pg.Body, "<form")
					continue
				}
				q := e.callback(pg)
				require.Equal(t, tc.wantError, q.Get("error"), method)
				require.NotEmpty(t, q.Get("error_description"))
				require.Empty(t, q.Get("code"))
				if tc.wantState {
					require.Equal(t, "st4te", q.Get("state"))
				}
			}
		})
	}
}

func TestSignInUnknownUsername(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.start(e.oauthConfig(webClientID, webSecret))
	form := e.get(a.URL)

	for _, typed := range []string{"nobody", "", "   "} {
		pg := e.submit(form, typed)
		require.Equal(t, http.StatusUnauthorized, pg.Status, typed)
		require.Empty(t, pg.Header.Get("Location"))
		require.Contains(t, pg.Body, `id="error"`)
		require.Contains(t, pg.Body, "Enter the username of one of the demo users")
		if typed == "nobody" {
			require.Contains(t, pg.Body, "Unknown username &#34;nobody&#34;")
			require.Contains(t, pg.Body, `value="nobody"`)
		}
		// The re-rendered form still works.
		require.Len(t, hiddenRE.FindAllString(pg.Body, -1), len(authParams))
		form = pg
		form.Status = http.StatusOK
	}
	q := e.callback(e.submit(form, "frontoffice"))
	require.Equal(t, a.State, q.Get("state"))
	require.NotEmpty(t, q.Get("code"))
}

func TestSignInRejectsForgedHiddenFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.start(e.oauthConfig(webClientID, webSecret))
	pg := e.submit(e.get(a.URL), "frontoffice", func(v url.Values) { v.Set("redirect_uri", "https://evil.example/cb") })
	require.Equal(t, http.StatusBadRequest, pg.Status)
	require.Empty(t, pg.Header.Get("Location"))

	q := e.callback(e.submit(e.get(a.URL), "frontoffice", func(v url.Values) { v.Del("code_challenge") }))
	require.Equal(t, errInvalidRequest, q.Get("error"))
}

func TestRouting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, http.StatusNotFound, e.get(e.p.Issuer()+"/nope").Status)
	require.Equal(t, http.StatusMethodNotAllowed, e.get(e.p.Issuer()+"/token").Status)
	require.Equal(t, http.StatusMethodNotAllowed, e.postForm(e.p.Issuer()+"/jwks", nil).Status)

	// Paths outside the issuer's prefix are not the provider's.
	rec := httptest.NewRecorder()
	e.p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/.well-known/openid-configuration", nil))
	require.Equal(t, http.StatusNotFound, rec.Code)
	require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
}
