package frontend

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig is the sign-in provider: the federal authentication service
// (eID), Keycloak, or the development provider. Claim names and the level
// scale are configuration, not constants: providers differ.
type OIDCConfig struct {
	Issuer              string // exact issuer string, trailing slash included if the provider has one
	ClientID            string
	ClientSecret        string
	Scopes              []string // besides openid
	ACRLevels           []string // the provider's acr values, weakest first
	MinACR              string   // the weakest acr accepted (the eID level)
	NationalNumberClaim string   // e.g. egovNRN
}

// BelgianACRLevels is the federal authentication service's scale of acr
// values, weakest first; eID is Level500.
var BelgianACRLevels = []string{
	"urn:be:fedict:iam:fas:Level100", "urn:be:fedict:iam:fas:Level200", "urn:be:fedict:iam:fas:Level300",
	"urn:be:fedict:iam:fas:Level400", "urn:be:fedict:iam:fas:Level500",
}

// oidcClient discovers the provider on first use and keeps the result, so
// the server starts even when the provider is briefly away, and the
// development provider can live on the same listener.
type oidcClient struct {
	cfg      OIDCConfig
	redirect string

	mu       sync.Mutex
	provider *oidc.Provider
}

func newOIDCClient(cfg OIDCConfig, base *url.URL) *oidcClient {
	return &oidcClient{cfg: cfg, redirect: base.String() + "/auth/callback"}
}

func (o *oidcClient) get(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sign-in provider discovery: %w", err)
	}
	o.provider = p
	return p, nil
}

func (o *oidcClient) oauth2(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: o.redirect,
		Scopes: append([]string{oidc.ScopeOpenID}, o.cfg.Scopes...),
	}
}

// verifier checks signature, exact issuer, audience (our client id) and
// expiry. go-oidc does not check the nonce or the acr: acceptIDToken does.
func (o *oidcClient) verifier(p *oidc.Provider) *oidc.IDTokenVerifier {
	return p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID})
}

// acrSufficient says whether an acr value is at least the configured minimum
// on the provider's scale (§6: staff sign in with their eID).
func (o *oidcClient) acrSufficient(acr string) bool {
	have := slices.Index(o.cfg.ACRLevels, acr)
	want := slices.Index(o.cfg.ACRLevels, o.cfg.MinACR)
	return have >= 0 && want >= 0 && have >= want
}

// issuerOrigin is the provider's scheme and host, which the CSP's
// form-action must allow for the redirect after the sign-in form.
func (o *oidcClient) issuerOrigin() string {
	u, err := url.Parse(o.cfg.Issuer)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
