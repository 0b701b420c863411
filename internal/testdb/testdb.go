// Package testdb gives tests real databases: a migrated SQLite file per test
// and a migrated PostgreSQL schema per test, on a throwaway server that the
// package's TestMain starts on loopback (or on CONTACTD_TEST_DATABASE_URL).
//
// The same test body runs on both engines through Each, as River's own suite
// does, so a behaviour that differs between them is caught.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver for the admin connection.

	"contactd/internal/database"
)

// EnvURL names the variable that points the tests at an existing PostgreSQL
// (a superuser URL) instead of a throwaway server.
const EnvURL = "CONTACTD_TEST_DATABASE_URL"

var (
	serverURL string // set by Main: the admin URL of the server in use
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// Main runs a package's tests with a PostgreSQL available: the one EnvURL
// names, or a throwaway server started here and stopped afterwards.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if u := os.Getenv(EnvURL); u != "" {
		serverURL = u
		return m.Run()
	}
	srv, err := startServer()
	if err != nil {
		fmt.Fprintf(os.Stderr, "testdb: cannot start a throwaway PostgreSQL: %v\n"+
			"testdb: install the PostgreSQL server (./scripts/test does it) or set %s\n", err, EnvURL)
		return 1
	}
	defer srv.stop()
	serverURL = srv.url
	return m.Run()
}

// Each runs fn once per engine, as subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, Postgres(t))
	})
}

// SQLiteURL is the URL of a new, empty SQLite file of the test's own.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "contactd.db")
}

// SQLite opens and migrates a new SQLite database of the test's own.
func SQLite(t testing.TB) *database.DB {
	return openMigrated(t, SQLiteURL(t))
}

// Postgres opens and migrates a new schema of the test's own.
func Postgres(t testing.TB) *database.DB {
	return openMigrated(t, PostgresURL(t))
}

// PostgresURL creates an empty schema of the test's own, dropped when the
// test ends, and returns a URL whose search_path selects it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	if serverURL == "" {
		t.Fatalf("testdb: no PostgreSQL: call testdb.Main(m) from the package's TestMain")
	}
	db := adminDB(t)
	schema := "t_" + randomHex(6)
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("testdb: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("testdb: drop schema: %v", err)
		}
	})
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatalf("testdb: %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("pool_max_conns", "8")
	u.RawQuery = q.Encode()
	return u.String()
}

func openMigrated(t testing.TB, u string) *database.DB {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, u)
	if err != nil {
		t.Fatalf("testdb: open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("testdb: migrate: %v", err)
	}
	return db
}

func adminDB(t testing.TB) *sql.DB {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", serverURL)
		if adminErr == nil {
			admin.SetMaxOpenConns(4)
			adminErr = admin.Ping()
		}
	})
	if adminErr != nil {
		t.Fatalf("testdb: connect to PostgreSQL: %v", adminErr)
	}
	return admin
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
