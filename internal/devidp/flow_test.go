package devidp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestDiscoveryAndJWKS(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	pg := e.get(e.p.Issuer() + "/.well-known/openid-configuration")
	require.Equal(t, http.StatusOK, pg.Status)
	require.Equal(t, "no-store", pg.Header.Get("Cache-Control"))
	var d map[string]any
	require.NoError(t, json.Unmarshal([]byte(pg.Body), &d))
	require.Equal(t, e.p.Issuer(), d["issuer"])
	require.Equal(t, e.p.Issuer()+"/authorize", d["authorization_endpoint"])
	require.Equal(t, e.p.Issuer()+"/token", d["token_endpoint"])
	require.Equal(t, e.p.Issuer()+"/jwks", d["jwks_uri"])
	require.Equal(t, e.p.Issuer()+"/userinfo", d["userinfo_endpoint"])
	require.Equal(t, []any{"code"}, d["response_types_supported"])
	require.Equal(t, []any{"authorization_code", "client_credentials"}, d["grant_types_supported"])
	require.Equal(t, []any{"public"}, d["subject_types_supported"])
	require.Equal(t, []any{"RS256"}, d["id_token_signing_alg_values_supported"])
	require.Equal(t, []any{"S256"}, d["code_challenge_methods_supported"])
	require.Equal(t, []any{"client_secret_basic", "client_secret_post"}, d["token_endpoint_auth_methods_supported"])
	require.Equal(t, []any{DefaultACR, backofficeLevel}, d["acr_values_supported"])
	require.Contains(t, d["scopes_supported"], "openid")
	require.Contains(t, d["claims_supported"], DefaultNationalNumberClaim)

	pg = e.get(e.p.Issuer() + "/jwks")
	require.Equal(t, http.StatusOK, pg.Status)
	var set jose.JSONWebKeySet
	require.NoError(t, json.Unmarshal([]byte(pg.Body), &set))
	require.Len(t, set.Keys, 1)
	k := set.Keys[0]
	require.NotEmpty(t, k.KeyID)
	require.Equal(t, "sig", k.Use)
	require.Equal(t, "RS256", k.Algorithm)
	require.True(t, k.IsPublic())
}

func TestCodeFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	for _, style := range []struct {
		name  string
		style oauth2.AuthStyle
	}{{"client_secret_basic", oauth2.AuthStyleInHeader}, {"client_secret_post", oauth2.AuthStyleInParams}} {
		t.Run(style.name, func(t *testing.T) {
			e := e.withT(t)
			conf := e.oauthConfig(webClientID, webSecret)
			conf.Endpoint.AuthStyle = style.style
			before := time.Now().Add(-time.Second)
			a, tok, idt, err := e.idToken(conf, "FrontOffice ") // forgiving about case and spaces
			require.NoError(t, err)
			require.Equal(t, "Bearer", tok.TokenType)
			require.Equal(t, "openid profile email", tok.Extra("scope"))
			require.WithinDuration(t, time.Now().Add(DefaultTokenTTL), tok.Expiry, 10*time.Second)

			require.Equal(t, a.Nonce, idt.Nonce)
			require.Equal(t, "sub-frontoffice", idt.Subject)
			require.Equal(t, []string{webClientID}, idt.Audience)
			require.NoError(t, idt.VerifyAccessToken(tok.AccessToken))
			var c struct {
				ACR        string   `json:"acr"`
				AMR        []string `json:"amr"`
				AuthTime   int64    `json:"auth_time"`
				Name       string   `json:"name"`
				GivenName  string   `json:"given_name"`
				FamilyName string   `json:"family_name"`
				Email      string   `json:"email"`
				NRN        string   `json:"egovNRN"`
			}
			require.NoError(t, idt.Claims(&c))
			require.Equal(t, DefaultACR, c.ACR)
			require.Equal(t, []string{"eid"}, c.AMR)
			require.GreaterOrEqual(t, c.AuthTime, before.Unix())
			require.Equal(t, "Fiona Front", c.Name)
			require.Equal(t, "Fiona", c.GivenName)
			require.Equal(t, "Front", c.FamilyName)
			require.Equal(t, "fiona@example.test", c.Email)
			require.Equal(t, frontofficeNRN, c.NRN)

			ui, err := e.oidc.UserInfo(e.ctx, oauth2.StaticTokenSource(tok))
			require.NoError(t, err)
			require.Equal(t, "sub-frontoffice", ui.Subject)
			require.Equal(t, "fiona@example.test", ui.Email)
			var uc map[string]any
			require.NoError(t, ui.Claims(&uc))
			require.Equal(t, frontofficeNRN, uc["egovNRN"])
			require.Equal(t, "Fiona Front", uc["name"])
		})
	}

	t.Run("explicit ACR, derived names, custom NRN claim absent", func(t *testing.T) {
		e := e.withT(t)
		_, _, idt, err := e.idToken(e.oauthConfig(webClientID, webSecret), "backoffice")
		require.NoError(t, err)
		var c map[string]any
		require.NoError(t, idt.Claims(&c))
		require.Equal(t, backofficeLevel, c["acr"])
		require.Equal(t, "Bart", c["given_name"])
		require.Equal(t, "Back", c["family_name"])
		require.NotContains(t, c, "email")
		require.NotContains(t, c, "egovNRN")
	})
}

func TestCustomNationalNumberClaimAndRootIssuer(t *testing.T) {
	t.Parallel()
	e := newEnvAt(t, "", func(c *Config) { c.NationalNumberClaim = "nrn" })
	require.Equal(t, e.srv.URL, e.p.Issuer())
	_, _, idt, err := e.idToken(e.oauthConfig(webClientID, webSecret), "frontoffice")
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, idt.Claims(&c))
	require.Equal(t, frontofficeNRN, c["nrn"])
	require.NotContains(t, c, "egovNRN")
}

func TestSignInPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.start(e.oauthConfig(webClientID, webSecret))
	pg := e.get(a.URL)
	require.Equal(t, http.StatusOK, pg.Status)
	require.Equal(t, "text/html; charset=utf-8", pg.Header.Get("Content-Type"))
	require.Equal(t, "no-store", pg.Header.Get("Cache-Control"))
	require.Contains(t, pg.Header.Get("Content-Security-Policy"), "default-src 'none'")
	for _, want := range []string{
		`<form method="post" action="/devidp/authorize">`,
		`id="username" name="username"`, "autofocus", `id="signin"`,
		"<code>frontoffice</code>", "front-office agent", "<code>backoffice</code>", "back-office agent",
	} {
		require.Contains(t, pg.Body, want)
	}
	for _, banned := range []string{"<script", "style=", "<style", "<link", "<img", "src=", "href="} {
		require.NotContains(t, pg.Body, banned)
	}
	require.Len(t, hiddenRE.FindAllString(pg.Body, -1), len(authParams))
}

func TestConcurrentSignIns(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 8 {
		user := []string{"frontoffice", "backoffice"}[i%2]
		t.Run(fmt.Sprint(user, i), func(t *testing.T) {
			t.Parallel()
			_, _, idt, err := e.withT(t).idToken(e.oauthConfig(webClientID, webSecret), user)
			require.NoError(t, err)
			require.Equal(t, "sub-"+user, idt.Subject)
		})
	}
}
