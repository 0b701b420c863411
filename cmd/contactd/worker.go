package main

import (
	"context"
	"fmt"
	"strings"
)

// runWorker runs River's workers and periodic jobs alone, so that web and
// background work scale apart.
func runWorker(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
	}
	if m.Config.DatabaseURL == "" {
		return settingError("database-url", "is required by worker")
	}
	if err := m.Config.validateCommon(); err != nil {
		return err
	}
	if err := m.setupLogger("json"); err != nil {
		return err
	}
	if err := m.setupAuditSigner(m.Config.AuditKey); err != nil {
		return err
	}
	if strings.TrimSpace(m.Config.AuditWitness) == "" {
		return settingError("audit-witness", "is required by worker: an append-only directory or a witness service outside the database, which keeps each checkpoint where the database's owner cannot rewrite it (docs/OPERATIONS.md)")
	}
	if err := m.setupWitnesses(false); err != nil {
		return err
	}
	if err := m.openCurrentDB(ctx); err != nil {
		return err
	}
	// Workers never open sessions; the key only keys hashes they delete.
	m.setupAccess(nil)
	if err := m.setupRiver(true); err != nil {
		return err
	}
	if err := m.startRiver(ctx); err != nil {
		return err
	}
	m.Logger.Info("worker running", "workers", m.Config.Workers, "version", version)
	<-ctx.Done()
	m.Logger.Info("worker stopping")
	return nil
}
