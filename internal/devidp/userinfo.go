package devidp

import (
	"net/http"
	"strings"
)

// handleUserInfo returns the profile of the user an opaque access token
// from the code flow was issued for (OIDC Core 5.3). Tokens are accepted in
// the Authorization header only (RFC 6750 2.1), the method every client uses.
func (p *Provider) handleUserInfo(w http.ResponseWriter, r *http.Request) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="devidp"`)
		writeOAuthError(w, newErr(errInvalidToken, "a Bearer access token is required"))
		return
	}
	grant, ok := p.lookupAccessToken(strings.TrimSpace(token))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="devidp", error="invalid_token"`)
		writeOAuthError(w, newErr(errInvalidToken, "access token is unknown, expired or revoked"))
		return
	}
	writeJSON(w, http.StatusOK, p.userClaims(grant.user))
}
