package main

import (
	"context"
	"fmt"
	"net/http"

	"contactd/frontend"
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
	if err := m.openCurrentDB(ctx); err != nil {
		return err
	}
	m.setupAccess(key)
	m.setupLookups(nil)
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
		TrustedProxies: splitList(c.TrustedProxies),
		OIDC: frontend.OIDCConfig{
			Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
			Scopes: splitList(c.OIDCScopes), ACRLevels: splitList(c.OIDCACRLevels),
			MinACR: c.OIDCMinACR, NationalNumberClaim: c.OIDCNRNClaim,
		},
		API: frontend.APIConfig{Issuer: c.OIDCIssuer, Audience: c.APIAudience},
	}
}

func (m *Main) frontendDeps() frontend.Deps {
	return frontend.Deps{DB: m.DB, Access: m.Access, Tickets: m.Tickets, Lookups: m.Lookups, Logger: m.Logger}
}
