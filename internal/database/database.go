// Package database opens the application's one database — an embedded SQLite
// file or a PostgreSQL server, chosen by the URL — behind bun, and applies the
// application's and River's migrations to it.
//
// It is infrastructure: it knows nothing of tickets or users, so every domain
// package and the command can use it without import cycles.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river/riverdriver"
	"github.com/uptrace/bun"
)

// Dialect names the database engine behind a DB.
type Dialect string

// The two engines the application runs on: SQLite for the one-command
// embedded default, PostgreSQL for production.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrURL reports a database URL that names no engine we support.
var ErrURL = errors.New("database: the URL must start with sqlite: or postgres://")

// DB is an open database: bun for the application's queries and the driver
// River uses on the very same *sql.DB, so that a job can be inserted in the
// transaction of the domain row it belongs to.
type DB struct {
	Bun     *bun.DB
	Dialect Dialect
	river   riverdriver.Driver[*sql.Tx]
	closers []func()
}

// Open opens the database a URL names: "sqlite:PATH" (or "sqlite://PATH")
// for the embedded engine, "postgres://…" or "postgresql://…" for a server.
func Open(ctx context.Context, url string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//"))
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	default:
		return nil, ErrURL
	}
}

// RiverDriver is the River driver bound to this database's *sql.DB.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] { return db.river }

// Ping says whether the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error { return db.Bun.PingContext(ctx) }

// Close closes the database and, on PostgreSQL, the pool under it.
func (db *DB) Close() error {
	err := db.Bun.Close()
	for i := len(db.closers) - 1; i >= 0; i-- {
		db.closers[i]()
	}
	return err
}

// RunInTx runs fn in one transaction, committed when fn returns nil and rolled
// back otherwise. Every public service method that writes goes through it so
// that its domain rows, its audit entries and its River jobs commit together.
func (db *DB) RunInTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	if err := db.Bun.RunInTx(ctx, nil, fn); err != nil {
		return fmt.Errorf("database: transaction: %w", err)
	}
	return nil
}

// IsUniqueViolation says whether err is a unique constraint refusing a
// second row with the same key, on either engine: callers that raced for
// the same key turn it into their own "already exists".
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
