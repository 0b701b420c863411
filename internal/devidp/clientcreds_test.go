package devidp

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func TestClientCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name      string
		scopes    []string
		wantScope string
	}{
		{"all allowed scopes by default", nil, "contacts.read contacts.write"},
		{"subset", []string{"contacts.read"}, "contacts.read"},
		{"duplicates collapse", []string{"contacts.write", "contacts.write"}, "contacts.write"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cc := clientcredentials.Config{
				ClientID: portalClientID, ClientSecret: portalSecret,
				TokenURL: e.oidc.Endpoint().TokenURL, Scopes: tc.scopes,
			}
			tok, err := cc.Token(e.ctx)
			require.NoError(t, err)
			require.Equal(t, "Bearer", tok.TokenType)
			require.Equal(t, tc.wantScope, tok.Extra("scope"))

			at, err := e.verifier(apiAudience).Verify(e.ctx, tok.AccessToken)
			require.NoError(t, err)
			require.Equal(t, portalClientID, at.Subject)
			require.Equal(t, e.p.Issuer(), at.Issuer)
			var c struct {
				ClientID string `json:"client_id"`
				Scope    string `json:"scope"`
				JTI      string `json:"jti"`
			}
			require.NoError(t, at.Claims(&c))
			require.Equal(t, portalClientID, c.ClientID)
			require.Equal(t, tc.wantScope, c.Scope)
			require.NotEmpty(t, c.JTI)

			jws, err := jose.ParseSigned(tok.AccessToken, []jose.SignatureAlgorithm{jose.RS256})
			require.NoError(t, err)
			require.Equal(t, "at+jwt", jws.Signatures[0].Protected.ExtraHeaders[jose.HeaderType])

			// It is an access token for the API, not an ID token for a web client.
			_, err = e.verifier(webClientID).Verify(e.ctx, tok.AccessToken)
			require.Error(t, err)
		})
	}
}

func TestClientCredentialsRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name       string
		id, secret string
		scope      string
		wantError  string
		wantStatus int
	}{
		{"scope not allowed", portalClientID, portalSecret, "contacts.read contacts.delete", errInvalidScope, http.StatusBadRequest},
		{"client without audience", noAudClientID, noAudSecret, "", errUnauthorizedClient, http.StatusBadRequest},
		{"code flow client", webClientID, webSecret, "", errUnauthorizedClient, http.StatusBadRequest},
		{"wrong secret", portalClientID, "nope", "", errInvalidClient, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.withT(t)
			// Through x/oauth2, as the system clients do it...
			cc := clientcredentials.Config{
				ClientID: tc.id, ClientSecret: tc.secret, TokenURL: e.oidc.Endpoint().TokenURL,
				EndpointParams: url.Values{"scope": {tc.scope}}, AuthStyle: oauth2.AuthStyleInParams,
			}
			_, err := cc.Token(e.ctx)
			ec, status := oauthErrorCode(t, err)
			require.Equal(t, tc.wantError, ec)
			require.Equal(t, tc.wantStatus, status)

			// ...and raw, to check the RFC 6749 5.2 body.
			form := url.Values{"grant_type": {grantClientCredentials}, "scope": {tc.scope}}
			status, _, body := e.tokenRequest(form, tc.id, tc.secret)
			require.Equal(t, tc.wantStatus, status)
			require.Equal(t, tc.wantError, body["error"])
			require.NotEmpty(t, body["error_description"])
		})
	}
}
