package main

import (
	"context"
	"fmt"
	"path/filepath"
)

// runMigrate applies (`up`) or lists (`status`) the migrations.
func runMigrate(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "status") {
		return fmt.Errorf("%w: migrate up | status", errUsage)
	}
	if err := m.openDB(ctx, m.Config.databaseURLOrDev()); err != nil {
		return err
	}
	if args[0] == "up" {
		applied, err := m.DB.Migrate(ctx)
		for _, a := range applied {
			fmt.Fprintf(m.Stdout, "applied  %-8s %04d %s\n", a.Set, a.Version, a.Name)
		}
		if err == nil && len(applied) == 0 {
			fmt.Fprintln(m.Stdout, "nothing to apply: the schema is current")
		}
		return err
	}
	status, err := m.DB.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range status {
		state := "applied"
		if s.Pending() {
			state = "pending"
		}
		fmt.Fprintf(m.Stdout, "%-8s %-8s %04d %s\n", state, s.Set, s.Version, s.Name)
	}
	return nil
}

// databaseURLOrDev is the configured URL, or dev's SQLite file.
func (c *Config) databaseURLOrDev() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + filepath.Join(c.Data, "contactd.db")
}
