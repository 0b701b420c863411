package devidp

import (
	"encoding/json"
	"net/http"
)

// OAuth 2.0 / OIDC error codes used by this provider (RFC 6749 4.1.2.1, 5.2).
const (
	errInvalidRequest          = "invalid_request"
	errInvalidClient           = "invalid_client"
	errInvalidGrant            = "invalid_grant"
	errUnauthorizedClient      = "unauthorized_client"
	errUnsupportedGrantType    = "unsupported_grant_type"
	errUnsupportedResponseType = "unsupported_response_type"
	errInvalidScope            = "invalid_scope"
	errInvalidToken            = "invalid_token"
)

// oauthError is an RFC 6749 error, carried around until it is rendered as
// JSON (token endpoint) or as query parameters (authorization endpoint).
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
	status      int
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

func newErr(code, description string) *oauthError {
	status := http.StatusBadRequest
	if code == errInvalidClient || code == errInvalidToken {
		status = http.StatusUnauthorized
	}
	return &oauthError{Code: code, Description: description, status: status}
}

// writeJSON writes v as the JSON body; Cache-Control is set by Handler.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeOAuthError renders a token endpoint error as RFC 6749 5.2 JSON.
func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	writeJSON(w, e.status, e)
}
