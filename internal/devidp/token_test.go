package devidp

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"contactd/internal/testclock"
)

func TestTokenWrongCodeVerifier(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conf := e.oauthConfig(webClientID, webSecret)
	a, code := e.signIn(conf, "frontoffice")

	_, err := e.exchange(conf, code, oauth2.GenerateVerifier())
	code1, status := oauthErrorCode(t, err)
	require.Equal(t, errInvalidGrant, code1)
	require.Equal(t, http.StatusBadRequest, status)

	// A failed PKCE check burns the code: guessing is not an option.
	_, err = e.exchange(conf, code, a.Verifier)
	code2, _ := oauthErrorCode(t, err)
	require.Equal(t, errInvalidGrant, code2)
}

func TestTokenMissingCodeVerifier(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conf := e.oauthConfig(webClientID, webSecret)
	_, code := e.signIn(conf, "frontoffice")
	_, err := conf.Exchange(e.ctx, code)
	ec, status := oauthErrorCode(t, err)
	require.Equal(t, errInvalidRequest, ec)
	require.Equal(t, http.StatusBadRequest, status)
}

func TestTokenCodeReplay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conf := e.oauthConfig(webClientID, webSecret)
	a, code := e.signIn(conf, "frontoffice")
	tok, err := e.exchange(conf, code, a.Verifier)
	require.NoError(t, err)
	_, err = e.oidc.UserInfo(e.ctx, oauth2.StaticTokenSource(tok))
	require.NoError(t, err)

	_, err = e.exchange(conf, code, a.Verifier)
	ec, _ := oauthErrorCode(t, err)
	require.Equal(t, errInvalidGrant, ec)

	// The replay revoked the access token obtained with the code.
	_, err = e.oidc.UserInfo(e.ctx, oauth2.StaticTokenSource(tok))
	require.ErrorContains(t, err, "401")
}

func TestTokenWrongRedirectURI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conf := e.oauthConfig(webClientID, webSecret)
	a, code := e.signIn(conf, "frontoffice")
	conf.RedirectURL = "https://rp.example/other"
	_, err := e.exchange(conf, code, a.Verifier)
	ec, _ := oauthErrorCode(t, err)
	require.Equal(t, errInvalidGrant, ec)
}

func TestTokenCodeOfAnotherClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, code := e.signIn(e.oauthConfig(webClientID, webSecret), "frontoffice")
	_, err := e.exchange(e.oauthConfig(otherClientID, otherSecret), code, a.Verifier)
	ec, _ := oauthErrorCode(t, err)
	require.Equal(t, errInvalidGrant, ec)

	// Another client's attempt does not burn the code for its owner.
	_, err = e.exchange(e.oauthConfig(webClientID, webSecret), code, a.Verifier)
	require.NoError(t, err)
}

func TestTokenExpiredCode(t *testing.T) {
	t.Parallel()
	clock := testclock.At(time.Now())
	e := newEnv(t, func(c *Config) { c.Now = clock.Now; c.CodeTTL = 30 * time.Second })
	conf := e.oauthConfig(webClientID, webSecret)
	a, code := e.signIn(conf, "frontoffice")
	clock.Advance(31 * time.Second)
	_, err := e.exchange(conf, code, a.Verifier)
	ec, _ := oauthErrorCode(t, err)
	require.Equal(t, errInvalidGrant, ec)
}

func TestTokenWrongClientSecret(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conf := e.oauthConfig(webClientID, "wrong")
	a, code := e.signIn(conf, "frontoffice")
	_, err := e.exchange(conf, code, a.Verifier)
	ec, status := oauthErrorCode(t, err)
	require.Equal(t, errInvalidClient, ec)
	require.Equal(t, http.StatusUnauthorized, status)

	form := url.Values{"grant_type": {grantAuthorizationCode}, "code": {code}, "redirect_uri": {webRedirect}, "code_verifier": {a.Verifier}}
	status, hdr, body := e.tokenRequest(form, webClientID, "wrong")
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, errInvalidClient, body["error"])
	require.Contains(t, hdr.Get("WWW-Authenticate"), "Basic")

	status, _, body = e.tokenRequest(form, "unknown-client", webSecret)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, errInvalidClient, body["error"])

	status, _, body = e.tokenRequest(form, "", "")
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, errInvalidClient, body["error"])

	// Both methods at once is ambiguous.
	form.Set("client_secret", webSecret)
	status, _, body = e.tokenRequest(form, webClientID, webSecret)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, errInvalidRequest, body["error"])

	// The failed attempts did not consume the code.
	_, err = e.exchange(e.oauthConfig(webClientID, webSecret), code, a.Verifier)
	require.NoError(t, err)
}

func TestTokenGrantTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	status, _, body := e.tokenRequest(url.Values{"grant_type": {"password"}}, webClientID, webSecret)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, errUnsupportedGrantType, body["error"])
	require.NotEmpty(t, body["error_description"])

	status, _, body = e.tokenRequest(url.Values{}, webClientID, webSecret)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, errInvalidRequest, body["error"])
}

func TestUserInfoRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, auth := range []string{"", "Bearer ", "Bearer bogus", "Basic Zm9vOmJhcg=="} {
		req, err := http.NewRequest(http.MethodGet, e.p.Issuer()+"/userinfo", nil)
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		pg := e.do(req)
		require.Equal(t, http.StatusUnauthorized, pg.Status, auth)
		require.Contains(t, pg.Header.Get("WWW-Authenticate"), "Bearer", auth)
	}

	// A client-credentials JWT is not a user's token.
	status, _, body := e.tokenRequest(url.Values{"grant_type": {grantClientCredentials}}, portalClientID, portalSecret)
	require.Equal(t, http.StatusOK, status)
	_, err := e.oidc.UserInfo(e.ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: body["access_token"].(string)}))
	require.ErrorContains(t, err, "401")
}

func TestUserInfoTokenExpires(t *testing.T) {
	t.Parallel()
	clock := testclock.At(time.Now())
	e := newEnv(t, func(c *Config) { c.Now = clock.Now })
	conf := e.oauthConfig(webClientID, webSecret)
	a, code := e.signIn(conf, "backoffice")
	tok, err := e.exchange(conf, code, a.Verifier)
	require.NoError(t, err)
	_, err = e.oidc.UserInfo(e.ctx, oauth2.StaticTokenSource(tok))
	require.NoError(t, err)
	clock.Advance(DefaultTokenTTL)
	_, err = e.oidc.UserInfo(e.ctx, oauth2.StaticTokenSource(tok))
	require.ErrorContains(t, err, "401")
}
