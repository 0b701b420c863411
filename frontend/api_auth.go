package frontend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"

	"contactd/audit"
)

// APIConfig is how system clients (the citizen portal, the mail server)
// authenticate: bearer access tokens from the configured issuer, by the
// client-credentials grant, for our audience.
type APIConfig struct {
	Issuer   string // defaults to the sign-in issuer
	Audience string // required `aud` of access tokens
}

// Scopes a system client's token may carry.
const (
	scopeReference = "contactd.reference" // read reference data (institutions)
	scopeIntake    = "contactd.intake"    // file tickets: the portal's form, the mail server's deliveries
	// scopeTransparency lets the citizen portal show a signed-in citizen
	// who consulted their data.
	scopeTransparency = "contactd.transparency"
)

// apiAuth verifies bearer tokens; like sign-in, it discovers the issuer on
// first use.
type apiAuth struct {
	cfg      APIConfig
	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier
}

func newAPIAuth(cfg APIConfig) *apiAuth { return &apiAuth{cfg: cfg} }

func (a *apiAuth) get(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.verifier != nil {
		return a.verifier, nil
	}
	if a.cfg.Audience == "" {
		// System access is off until an audience is configured.
		return nil, errBadToken
	}
	p, err := oidc.NewProvider(ctx, a.cfg.Issuer)
	if err != nil {
		return nil, err
	}
	a.verifier = p.Verifier(&oidc.Config{ClientID: a.cfg.Audience})
	return a.verifier, nil
}

// systemClient verifies a bearer token and its scope, returning the client
// id; a refusal is a *tokenError naming why.
func (a *apiAuth) systemClient(ctx context.Context, header, scope string) (string, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return "", badToken("token_missing", scope)
	}
	v, err := a.get(ctx)
	if errors.Is(err, errBadToken) {
		return "", badToken("api_disabled", scope)
	}
	if err != nil {
		return "", fmt.Errorf("token issuer: %w", err)
	}
	tok, err := v.Verify(ctx, raw)
	if err != nil {
		return "", badToken(verifyReason(err), scope)
	}
	var claims struct {
		Scope    string `json:"scope"`
		ClientID string `json:"client_id"`
	}
	if err := tok.Claims(&claims); err != nil {
		return "", badToken("token_claims", scope)
	}
	if !slices.Contains(strings.Fields(claims.Scope), scope) {
		return "", &tokenError{reason: "token_scope", scope: scope, err: errScope}
	}
	if claims.ClientID == "" {
		claims.ClientID = tok.Subject
	}
	return claims.ClientID, nil
}

// requireSystem admits a system client whose token carries scope. Like the
// other guards it aborts on refusal and otherwise lets gin run the next
// handler. A refusal says what RFC 6750 asks in WWW-Authenticate.
func (s *Server) requireSystem(scope string) gin.HandlerFunc {
	return func(c *gin.Context) {
		client, err := s.api.systemClient(c.Request.Context(), c.GetHeader("Authorization"), scope)
		if err != nil {
			var te *tokenError
			if errors.As(err, &te) {
				c.Header("WWW-Authenticate", te.challenge())
			}
			s.fail(c, err)
			return
		}
		ctx := c.Request.Context()
		a, _ := audit.ActorFrom(ctx)
		a.System = client
		c.Request = c.Request.WithContext(audit.WithActor(ctx, a))
	}
}

// requireSessionOrSystem admits a bearer-token client with scope, or a
// signed-in user with a role.
func (s *Server) requireSessionOrSystem(scope string) gin.HandlerFunc {
	system := s.requireSystem(scope)
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") != "" {
			system(c)
			return
		}
		s.requireSession(c)
		if !c.IsAborted() {
			s.requireAnyRole(c)
		}
	}
}
