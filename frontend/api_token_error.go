package frontend

import (
	"errors"
	"fmt"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
)

// errScope refuses a valid token that lacks the route's scope: 403, not
// 401 (RFC 6750 §3.1 insufficient_scope).
var errScope = errors.New("the bearer token lacks the scope this operation requires")

// tokenError is a refused bearer token with why, for the access log and
// the WWW-Authenticate header (RFC 6750): the client is told the error
// class, the log the precise reason (O6: every refusal, with its reason).
type tokenError struct {
	reason string // token_missing, token_expired, token_audience, …
	scope  string // the scope the route requires
	err    error  // errBadToken or errScope
}

func (e *tokenError) Error() string  { return e.err.Error() + " (" + e.reason + ")" }
func (e *tokenError) Unwrap() error  { return e.err }
func (e *tokenError) Reason() string { return e.reason }

// challenge is the WWW-Authenticate value for the refusal.
func (e *tokenError) challenge() string {
	switch {
	case e.reason == "token_missing":
		return `Bearer realm="contactd"`
	case errors.Is(e.err, errScope):
		return fmt.Sprintf(`Bearer realm="contactd", error="insufficient_scope", scope=%q`, e.scope)
	}
	return `Bearer realm="contactd", error="invalid_token"`
}

func badToken(reason, scope string) error {
	return &tokenError{reason: reason, scope: scope, err: errBadToken}
}

// verifyReason names why go-oidc refused a token. Its errors are text
// apart from expiry, so the words it uses are matched; anything else is
// token_invalid.
func verifyReason(err error) string {
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return "token_expired"
	}
	msg := err.Error()
	for _, r := range []struct{ word, reason string }{
		{"audience", "token_audience"}, {"issuer", "token_issuer"}, {"signature", "token_signature"},
		{"malformed", "token_malformed"}, {"before", "token_not_yet_valid"},
	} {
		if strings.Contains(msg, r.word) {
			return r.reason
		}
	}
	return "token_invalid"
}
