package devidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Grant types supported by the token endpoint.
const (
	grantAuthorizationCode = "authorization_code"
	grantClientCredentials = "client_credentials"
)

// pkceVerifier is the code_verifier syntax of RFC 7636 4.1.
var pkceVerifier = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// tokenResponse is the RFC 6749 5.1 success body.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	IDToken     string `json:"id_token,omitempty"`
	Scope       string `json:"scope,omitempty"`
}

func (p *Provider) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, newErr(errInvalidRequest, "cannot parse form body: "+err.Error()))
		return
	}
	client, oerr := p.authenticateClient(r)
	if oerr == nil {
		switch gt := r.PostForm.Get("grant_type"); gt {
		case grantAuthorizationCode:
			oerr = p.grantCode(w, r.PostForm, client)
		case grantClientCredentials:
			oerr = p.grantClientCredentials(w, r.PostForm, client)
		case "":
			oerr = newErr(errInvalidRequest, "grant_type is required")
		default:
			oerr = newErr(errUnsupportedGrantType, "grant_type "+gt+" is not supported")
		}
	}
	if oerr != nil {
		p.log.Warn("token request refused", "client_id", client.ID, "error", oerr.Code, "description", oerr.Description)
		if oerr.Code == errInvalidClient {
			w.Header().Set("WWW-Authenticate", `Basic realm="devidp"`)
		}
		writeOAuthError(w, oerr)
	}
}

// grantCode redeems an authorization code (RFC 6749 4.1.3, RFC 7636 4.6).
func (p *Provider) grantCode(w http.ResponseWriter, form url.Values, client Client) *oauthError {
	code, verifier := form.Get("code"), form.Get("code_verifier")
	if code == "" {
		return newErr(errInvalidRequest, "code is required")
	}
	if verifier == "" {
		return newErr(errInvalidRequest, "code_verifier is required (PKCE)")
	}
	g, accessToken, oerr := p.redeemCode(code, client.ID, func(g codeGrant) *oauthError {
		if form.Get("redirect_uri") != g.redirectURI {
			return newErr(errInvalidGrant, "redirect_uri does not match the authorization request")
		}
		sum := sha256.Sum256([]byte(verifier))
		computed := base64.RawURLEncoding.EncodeToString(sum[:])
		if !pkceVerifier.MatchString(verifier) || subtle.ConstantTimeCompare([]byte(computed), []byte(g.challenge)) != 1 {
			return newErr(errInvalidGrant, "code_verifier does not match code_challenge")
		}
		return nil
	})
	if oerr != nil {
		return oerr
	}
	idToken, err := p.issueIDToken(client, g, accessToken)
	if err != nil {
		p.log.Error("issue ID token", "error", err)
		return &oauthError{Code: "server_error", Description: "cannot sign ID token", status: http.StatusInternalServerError}
	}
	p.log.Info("tokens issued", "grant_type", grantAuthorizationCode, "client_id", client.ID, "sub", g.user.Subject)
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: accessToken, TokenType: "Bearer", ExpiresIn: int64(p.cfg.TokenTTL.Seconds()),
		IDToken: idToken, Scope: g.scope,
	})
	return nil
}

// issueIDToken signs the ID token for a redeemed code, applying and
// clearing any pending Tamper.
func (p *Provider) issueIDToken(client Client, g codeGrant, accessToken string) (string, error) {
	now := p.cfg.Now()
	claims := p.userClaims(g.user)
	for k, v := range map[string]any{
		"iss": p.cfg.Issuer, "aud": client.ID, "iat": now.Unix(), "exp": now.Add(p.cfg.TokenTTL).Unix(),
		"auth_time": g.authTime.Unix(), "nonce": g.nonce, "acr": g.user.ACR, "amr": []string{"eid"},
		"at_hash": accessTokenHash(accessToken),
	} {
		claims[k] = v
	}
	tamper := p.takeTamper()
	if tamper != nil {
		p.log.Warn("issuing a deliberately tampered ID token", "client_id", client.ID, "tamper", *tamper)
		tamper.applyClaims(claims, now)
	}
	token, err := p.keys.sign("JWT", claims)
	if err == nil && tamper != nil && tamper.CorruptSignature {
		token = corruptSignature(token)
	}
	return token, err
}

// userClaims are the profile claims shared by the ID token and userinfo.
func (p *Provider) userClaims(u User) map[string]any {
	c := map[string]any{
		"sub": u.Subject, "name": u.Name, "given_name": u.GivenName, "family_name": u.FamilyName,
	}
	if u.Email != "" {
		c["email"] = u.Email
	}
	if u.NationalNumber != "" {
		c[p.cfg.NationalNumberClaim] = u.NationalNumber
	}
	return c
}

// grantClientCredentials issues an RFC 9068 JWT access token to a system
// client, for the scopes it asked for within what it is allowed.
func (p *Provider) grantClientCredentials(w http.ResponseWriter, form url.Values, client Client) *oauthError {
	if client.Audience == "" {
		return newErr(errUnauthorizedClient, "client "+client.ID+" may not use the client_credentials grant")
	}
	granted := client.Scopes
	if requested := strings.Fields(form.Get("scope")); len(requested) > 0 {
		granted = nil
		for _, s := range requested {
			if !slices.Contains(client.Scopes, s) {
				return newErr(errInvalidScope, "scope "+s+" is not allowed for client "+client.ID)
			}
			if !slices.Contains(granted, s) {
				granted = append(granted, s)
			}
		}
	}
	scope := strings.Join(granted, " ")
	now := p.cfg.Now()
	token, err := p.keys.sign("at+jwt", map[string]any{
		"iss": p.cfg.Issuer, "sub": client.ID, "aud": client.Audience, "client_id": client.ID,
		"scope": scope, "iat": now.Unix(), "exp": now.Add(p.cfg.TokenTTL).Unix(), "jti": randomToken(),
	})
	if err != nil {
		p.log.Error("issue access token", "error", err)
		return &oauthError{Code: "server_error", Description: "cannot sign access token", status: http.StatusInternalServerError}
	}
	p.log.Info("tokens issued", "grant_type", grantClientCredentials, "client_id", client.ID, "scope", scope)
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: token, TokenType: "Bearer", ExpiresIn: int64(p.cfg.TokenTTL.Seconds()), Scope: scope,
	})
	return nil
}
