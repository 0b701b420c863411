package database

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"database/sql"

	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no cgo, one static binary.
)

// sqliteConns bounds the pool. SQLite takes one writer at a time; a few
// connections let readers proceed beside it under WAL.
const sqliteConns = 4

// openSQLite opens the embedded database with the settings that make it safe
// under concurrency: WAL so readers never block the writer, a busy timeout so
// a second writer waits instead of failing, foreign keys on, and immediate
// transactions — without them concurrent writers fail with SQLITE_BUSY when a
// read transaction tries to upgrade to a write.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("database: sqlite: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("database: sqlite: %w", err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("database: sqlite: %w", err)
	}
	sqldb.SetMaxOpenConns(sqliteConns)
	sqldb.SetMaxIdleConns(sqliteConns)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("database: sqlite: %w", err)
	}
	return &DB{
		Bun:     bun.NewDB(sqldb, sqlitedialect.New()),
		Dialect: SQLite,
		river:   riversqlite.New(sqldb),
	}, nil
}
