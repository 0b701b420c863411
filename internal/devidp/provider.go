// Package devidp is a small, real OpenID Connect provider that runs inside
// the application process. The application's dev mode and its tests sign in
// against it so that the production sign-in code (go-oidc, x/oauth2 with
// PKCE) is exercised end to end without an external identity provider.
//
// It is deliberately strict (exact redirect URIs, mandatory PKCE S256,
// single-use codes, authenticated clients) so that it does not hide bugs a
// real provider would expose, and it can be told to issue a deviating ID
// token (see Provider.TamperNext) so tests can prove the relying party
// refuses it. It must never be exposed in production: it has no passwords.
package devidp

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Provider is an in-memory OpenID Connect provider. Create it with New and
// mount Provider.Handler under the issuer's path. It is safe for concurrent use.
type Provider struct {
	cfg     Config
	prefix  string // issuer path, "" or "/devidp"
	users   map[string]User
	clients map[string]Client
	keys    *keys
	log     *slog.Logger
	page    *template.Template

	mu     sync.Mutex
	codes  map[string]*codeGrant
	tokens map[string]accessGrant
	tamper *Tamper
}

// New validates cfg (absolute issuer URL, unique usernames, subjects and
// client ids, secrets present), applies defaults and generates a fresh
// RSA-2048 signing key, so every process has its own keys and nothing
// secret is ever checked in.
func New(cfg Config) (*Provider, error) {
	cfg, err := normalize(cfg)
	if err != nil {
		return nil, err
	}
	k, err := newKeys()
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(cfg.Issuer) // validated by normalize
	p := &Provider{
		cfg:     cfg,
		prefix:  u.Path,
		users:   make(map[string]User, len(cfg.Users)),
		clients: make(map[string]Client, len(cfg.Clients)),
		keys:    k,
		log:     cfg.Logger.With("component", "devidp"),
		page:    template.Must(template.New("page").Parse(pageHTML)),
		codes:   map[string]*codeGrant{},
		tokens:  map[string]accessGrant{},
	}
	for _, usr := range cfg.Users {
		p.users[strings.ToLower(usr.Username)] = usr
	}
	for _, c := range cfg.Clients {
		p.clients[c.ID] = c
	}
	p.log.Info("development identity provider ready",
		"issuer", cfg.Issuer, "users", len(cfg.Users), "clients", len(cfg.Clients), "kid", k.kid)
	return p, nil
}

// Issuer returns the issuer URL exactly as it appears in tokens and in the
// discovery document, which is what relying parties must be configured with.
func (p *Provider) Issuer() string { return p.cfg.Issuer }

// Handler serves all endpoints. Request paths include the issuer's path
// prefix, so the application mounts it as mux.Handle("/devidp/", p.Handler())
// without http.StripPrefix. Every response is marked Cache-Control: no-store
// because all of them carry short-lived, per-request security material.
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+p.prefix+"/.well-known/openid-configuration", p.handleDiscovery)
	mux.HandleFunc("GET "+p.prefix+"/jwks", p.handleJWKS)
	mux.HandleFunc("GET "+p.prefix+"/authorize", p.handleAuthorizeGet)
	mux.HandleFunc("POST "+p.prefix+"/authorize", p.handleAuthorizePost)
	mux.HandleFunc("POST "+p.prefix+"/token", p.handleToken)
	mux.HandleFunc("GET "+p.prefix+"/userinfo", p.handleUserInfo)
	mux.HandleFunc("POST "+p.prefix+"/userinfo", p.handleUserInfo)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

// endpoint returns the absolute URL of an endpoint below the issuer.
func (p *Provider) endpoint(path string) string { return p.cfg.Issuer + path }

// lookupUser finds a demo user by the name typed in the form; matching is
// case-insensitive and ignores surrounding spaces to be forgiving to humans.
func (p *Provider) lookupUser(username string) (User, bool) {
	u, ok := p.users[strings.ToLower(strings.TrimSpace(username))]
	return u, ok
}
