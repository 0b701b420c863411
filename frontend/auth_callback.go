package frontend

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"contactd/access"
	"contactd/internal/insz"
)

// signInRefusal is a reason a callback is refused: a stable code for the
// access log and the page, and the status.
type signInRefusal struct {
	code   string
	status int
}

func (r *signInRefusal) Error() string { return "sign-in refused: " + r.code }

func refuse(code string) error { return &signInRefusal{code: code, status: http.StatusForbidden} }

// handleCallback finishes the sign-in. Each check that fails refuses the
// sign-in with a clear page and a line in the access log (O6).
func (s *Server) handleCallback(c *gin.Context) {
	ctx := c.Request.Context()
	s.setCookie(c, signInCookie, "", -1)
	id, returnTo, err := s.acceptCallback(ctx, c)
	if err == nil {
		var in access.SignedIn
		in, err = s.access.SignIn(ctx, id)
		switch {
		case errors.Is(err, access.ErrDisabled):
			err = refuse("user_disabled")
		case errors.Is(err, access.ErrIdentityConflict):
			err = refuse("identity_conflict")
		}
		if err == nil {
			s.setCookie(c, sessionCookie, in.Token, 0)
			c.Redirect(http.StatusSeeOther, afterSignIn(in, returnTo))
			return
		}
	}
	var r *signInRefusal
	if !errors.As(err, &r) {
		s.fail(c, err)
		return
	}
	if err := s.access.RecordRefusedSignIn(ctx, r.code); err != nil {
		s.fail(c, err)
		return
	}
	s.renderSignInRefused(c, r.status, r.code)
}

// afterSignIn is where a new session goes: the page the user asked for, or
// first the role page when they hold several roles (never guessed).
func afterSignIn(in access.SignedIn, returnTo string) string {
	if in.Session.Role == "" && len(in.User.ActiveGrants(in.Session.CreatedAt)) > 1 {
		return "/role?" + url.Values{"next": {returnTo}}.Encode()
	}
	return returnTo
}

// acceptCallback checks the provider's answer: the state is this browser's
// and was issued by us and not used before; the code exchanges with our
// PKCE verifier; the ID token's signature, issuer, audience and expiry
// verify; its nonce is ours; its acr reaches the minimum; its national
// number, if any, is valid.
func (s *Server) acceptCallback(ctx context.Context, c *gin.Context) (access.Identity, string, error) {
	var id access.Identity
	state := c.Query("state")
	bound := s.cookie(c, signInCookie)
	if state == "" || bound == "" || subtle.ConstantTimeCompare([]byte(state), []byte(bound)) != 1 {
		return id, "", refuse("state_mismatch")
	}
	req, err := s.access.TakeSignIn(ctx, state)
	if errors.Is(err, access.ErrUnknownState) {
		return id, "", refuse("state_unknown")
	} else if err != nil {
		return id, "", err
	}
	if c.Query("error") != "" {
		return id, "", refuse("provider_refused")
	}
	p, err := s.oidc.get(ctx)
	if err != nil {
		return id, "", &signInRefusal{code: "provider_unavailable", status: http.StatusBadGateway}
	}
	exchangeCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	tok, err := s.oidc.oauth2(p).Exchange(exchangeCtx, c.Query("code"), oauth2.VerifierOption(req.CodeVerifier))
	if err != nil {
		return id, "", refuse("code_exchange_failed")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := s.oidc.verifier(p).Verify(ctx, raw)
	if err != nil {
		return id, "", refuse("id_token_invalid")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return id, "", refuse("id_token_invalid")
	}
	if n, _ := claims["nonce"].(string); subtle.ConstantTimeCompare([]byte(n), []byte(req.Nonce)) != 1 {
		return id, "", refuse("nonce_mismatch")
	}
	if acr, _ := claims["acr"].(string); !s.oidc.acrSufficient(acr) {
		return id, "", refuse("acr_too_low")
	}
	id, err = s.identityOf(idt.Subject, claims)
	return id, req.ReturnTo, err
}

func (s *Server) identityOf(sub string, claims map[string]any) (access.Identity, error) {
	id := access.Identity{Subject: sub}
	id.Name, _ = claims["name"].(string)
	if id.Name == "" {
		given, _ := claims["given_name"].(string)
		family, _ := claims["family_name"].(string)
		id.Name = strings.TrimSpace(given + " " + family)
	}
	id.Email, _ = claims["email"].(string)
	id.EmailVerified, _ = claims["email_verified"].(bool)
	if raw, _ := claims[s.cfg.OIDC.NationalNumberClaim].(string); raw != "" {
		n, err := insz.Parse(raw)
		if err != nil {
			return id, refuse("national_number_invalid")
		}
		id.NationalNumber = n.String()
	}
	return id, nil
}
