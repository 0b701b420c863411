package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"contactd/frontend"
	"contactd/governance"
	"contactd/lookup"
	"contactd/lookup/upstream"
)

// runServe is production: PostgreSQL, an external OpenID Connect provider,
// and never the development provider. Jobs are inserted here and worked by
// `contactd worker`.
func runServe(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
	}
	if err := m.Config.validateServe(); err != nil {
		return err
	}
	if err := m.setupLogger("json"); err != nil {
		return err
	}
	key, _ := m.Config.sessionKey()
	if err := m.setupRegistry(); err != nil {
		return err
	}
	if err := m.openCurrentDB(ctx); err != nil {
		return err
	}
	m.setupAccess(key)
	m.setupLookups(upstream.Reason)
	if err := m.setupRiver(false); err != nil {
		return err
	}
	return m.serveHTTP(ctx, func(addr string) (http.Handler, error) {
		m.Logger.Info("serving", "addr", addr, "base_url", m.Config.BaseURL, "version", version)
		srv, err := frontend.New(m.frontendConfig(), m.frontendDeps())
		if err != nil {
			return nil, err
		}
		return srv.Handler(), nil
	})
}

// openCurrentDB opens the database and refuses a schema that is behind.
func (m *Main) openCurrentDB(ctx context.Context) error {
	if err := m.openDB(ctx, m.Config.DatabaseURL); err != nil {
		return err
	}
	return m.DB.CheckCurrent(ctx)
}

func (m *Main) frontendConfig() frontend.Config {
	c := m.Config
	return frontend.Config{
		BaseURL: c.BaseURL, BodyLimit: c.BodyLimit, Version: version,
		TrustedProxies: splitList(c.TrustedProxies), SignInLimit: signInLimit(c.SignInLimit),
		OIDC: frontend.OIDCConfig{
			Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
			Scopes: splitList(c.OIDCScopes), ACRLevels: splitList(c.OIDCACRLevels),
			MinACR: c.OIDCMinACR, NationalNumberClaim: c.OIDCNRNClaim,
		},
		API: frontend.APIConfig{Issuer: c.OIDCIssuer, Audience: c.APIAudience},
	}
}

// signInLimit is --signin-limit as the frontend reads it: there, zero is
// the default and a negative limit none.
func signInLimit(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func (m *Main) frontendDeps() frontend.Deps {
	deps := frontend.Deps{DB: m.DB, Access: m.Access, Tickets: m.Tickets, Lookups: m.Lookups, Logger: m.Logger,
		Governance: governance.NewService(m.DB, m.Access, m.retentionService())}
	deps.Retention = m.retentionService()
	if m.River != nil {
		deps.Jobs = m.River
	}
	return deps
}

// setupRegistry builds the client of the upstream registry that answers
// every consultation in production. A setting the client refuses stops
// serve like any other configuration mistake; the legal context is checked
// first, so that its mistake is named as its own.
func (m *Main) setupRegistry() error {
	c := m.Config
	if err := upstream.CheckLegalContext(c.RegistryContext); err != nil {
		return settingError("registry-legal-context", err.Error())
	}
	cfg := upstream.Config{BaseURL: c.RegistryURL, Timeout: c.RegistryTimeout, LegalContext: c.RegistryContext}
	if c.RegistryCert != "" || c.RegistryKey != "" {
		if c.RegistryCert == "" || c.RegistryKey == "" {
			return settingError("registry-key", "and --registry-cert go together")
		}
		cert, roots, err := upstream.TLSFromFiles(c.RegistryCert, c.RegistryKey, c.RegistryCA)
		if err != nil {
			return settingError("registry-cert", err.Error())
		}
		cfg.Certificate, cfg.RootCAs = cert, roots
	}
	if c.RegistryTimeout <= 0 {
		return settingError("registry-timeout", "must be positive")
	}
	client, err := upstream.New(cfg)
	if err != nil {
		return settingError("registry-url", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	m.Sources = lookup.Sources{Identity: client, Career: client, Pension: client}
	return nil
}
