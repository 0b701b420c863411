package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"contactd/frontend"
	"contactd/internal/demo"
	"contactd/lookup"
)

// runDev is the one-command instance: SQLite under --data, migrations
// applied, demo users seeded, River in-process, the development provider.
func runDev(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
	}
	if err := m.Config.validateCommon(); err != nil {
		return err
	}
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	key, err := devSessionKey(m.Config.Data)
	if err != nil {
		return err
	}
	if err := m.openDB(ctx, m.Config.databaseURLOrDev()); err != nil {
		return err
	}
	if _, err := m.DB.Migrate(ctx); err != nil {
		return err
	}
	m.setupAccess(key)
	skey := m.Config.AuditKey
	if skey == "" {
		if skey, err = devAuditKey(m.Config.Data); err != nil {
			return err
		}
	}
	if err := m.setupAuditSigner(skey); err != nil {
		return err
	}
	if err := m.setupWitnesses(true); err != nil {
		return err
	}
	population := lookup.NewDemo(demo.PopulationSeed, demo.PopulationSize)
	m.Sources = lookup.Sources{Identity: population, Career: population, Pension: population}
	m.setupLookups(nil)
	if err := demo.Seed(ctx, m.Access); err != nil {
		return err
	}
	if err := m.setupRiver(true); err != nil {
		return err
	}
	if err := m.startRiver(ctx); err != nil {
		return err
	}
	return m.serveHTTP(ctx, m.devHandler)
}

// devHandler mounts the development provider beside the application, on
// the address the listener got.
func (m *Main) devHandler(addr string) (http.Handler, error) {
	if m.Config.BaseURL == "" {
		m.Config.BaseURL = "http://" + strings.Replace(addr, "0.0.0.0", "127.0.0.1", 1)
	}
	base := strings.TrimSuffix(m.Config.BaseURL, "/")
	m.Config.OIDCIssuer, m.Config.OIDCClientID, m.Config.OIDCClientSecret = base+"/devidp", demo.ClientID, demo.ClientSecret
	m.Config.APIAudience = demo.APIAudience
	idp, err := demo.Provider(base, m.Logger)
	if err != nil {
		return nil, err
	}
	cfg := m.frontendConfig()
	cfg.Dev = true
	srv, err := frontend.New(cfg, m.frontendDeps())
	if err != nil {
		return nil, err
	}
	m.DevIDP = idp
	m.printDevBanner(base)
	return demo.WithProvider(idp.Handler(), srv.Handler()), nil
}

func (m *Main) printDevBanner(base string) {
	fmt.Fprintf(m.Stdout, "\ncontactd %s (development) is ready: %s\n", version, base)
	fmt.Fprintf(m.Stdout, "data: %s — sign in with one of these demo users (synthetic people):\n", m.Config.Data)
	for _, d := range demo.Users {
		fmt.Fprintf(m.Stdout, "  %-13s %s\n", d.Username, d.Description)
	}
	fmt.Fprintln(m.Stdout, "system clients (client-credentials):")
	for _, c := range demo.SystemClients {
		fmt.Fprintf(m.Stdout, "  %-15s secret %s, scopes %s\n", c.ID, c.Secret, strings.Join(c.Scopes, " "))
	}
	fmt.Fprintln(m.Stdout)
}

// devSessionKey keeps dev's session key in the data folder, so a restart
// keeps everyone signed in.
func devSessionKey(dir string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, settingError("data", fmt.Sprintf("cannot create the folder: %v", err))
	}
	path := filepath.Join(dir, "session.key")
	b, err := os.ReadFile(path)
	if err == nil {
		return hex.DecodeString(strings.TrimSpace(string(b)))
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	rand.Read(key)
	return key, os.WriteFile(path, []byte(hex.EncodeToString(key)), 0o600)
}
