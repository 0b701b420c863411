package devidp

import (
	"net/http"
	"slices"
)

// supportedScopes are the scopes the code flow understands; others are
// ignored as OIDC Core 3.1.2.1 allows.
var supportedScopes = []string{"openid", "profile", "email"}

// discovery is the OpenID Provider Metadata document (OIDC Discovery 3).
type discovery struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	UserInfoEndpoint                  string   `json:"userinfo_endpoint"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	ACRValuesSupported                []string `json:"acr_values_supported"`
}

func (p *Provider) handleDiscovery(w http.ResponseWriter, _ *http.Request) {
	acrs := []string{p.cfg.DefaultACR}
	for _, u := range p.cfg.Users {
		if !slices.Contains(acrs, u.ACR) {
			acrs = append(acrs, u.ACR)
		}
	}
	writeJSON(w, http.StatusOK, discovery{
		Issuer:                           p.cfg.Issuer,
		AuthorizationEndpoint:            p.endpoint("/authorize"),
		TokenEndpoint:                    p.endpoint("/token"),
		JWKSURI:                          p.endpoint("/jwks"),
		UserInfoEndpoint:                 p.endpoint("/userinfo"),
		ResponseTypesSupported:           []string{"code"},
		GrantTypesSupported:              []string{grantAuthorizationCode, grantClientCredentials},
		SubjectTypesSupported:            []string{"public"},
		IDTokenSigningAlgValuesSupported: []string{"RS256"},
		CodeChallengeMethodsSupported:    []string{"S256"},
		ScopesSupported:                  supportedScopes,
		ClaimsSupported: []string{
			"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "at_hash",
			"name", "given_name", "family_name", "email", p.cfg.NationalNumberClaim,
		},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post"},
		ACRValuesSupported:                acrs,
	})
}

func (p *Provider) handleJWKS(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, p.keys.publicSet())
}
