package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/database"
)

// TestSeedFillsAnEmptyDatabaseOnly: seed migrates and fills a new
// database, then refuses to add to it; it refuses a remote PostgreSQL and a
// missing or foreign URL without touching anything.
func TestSeedFillsAnEmptyDatabaseOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.db")
	var out, errs bytes.Buffer
	require.Equal(t, 0, run(t.Context(), []string{"-database-url", "sqlite:" + path, "-tickets", "500", "-log-entries", "2000"}, &out, &errs), errs.String())
	require.Contains(t, out.String(), "500 tickets in")
	require.Contains(t, out.String(), "2000 access-log entries in")

	db, err := database.Open(t.Context(), "sqlite:"+path)
	require.NoError(t, err)
	tickets, err := db.Bun.NewSelect().Table("tickets").Count(t.Context())
	require.NoError(t, err)
	entries, err := db.Bun.NewSelect().Table("access_log").Count(t.Context())
	require.NoError(t, err)
	require.NoError(t, db.Close())
	require.EqualValues(t, 500, tickets)
	require.EqualValues(t, 2000, entries)

	errs.Reset()
	require.Equal(t, 2, run(t.Context(), []string{"-database-url", "sqlite:" + path, "-tickets", "10"}, &out, &errs))
	require.Contains(t, errs.String(), "already holds 500 tickets")

	for url, want := range map[string]string{
		"":                                     "-database-url is required",
		"mysql://127.0.0.1/x":                  "must be postgres://",
		"postgres://postgres@10.0.0.8:5432/db": "not a loopback address",
		"postgres://postgres@db.example.org/x": "not a loopback address",
	} {
		errs.Reset()
		require.Equal(t, 2, run(t.Context(), []string{"-database-url", url}, &out, &errs), url)
		require.Contains(t, errs.String(), want, url)
	}
	errs.Reset()
	require.Equal(t, 2, run(t.Context(), []string{"-database-url", "sqlite:" + filepath.Join(t.TempDir(), "x.db"), "-tickets", "-1"}, &out, &errs))
	require.Contains(t, errs.String(), "0 or more")
}
