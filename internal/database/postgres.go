package database

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// defaultConnectTimeout bounds opening one connection unless the URL sets
// connect_timeout: without it, a server that accepts TCP but never answers
// (stalled, or behind a dead route) would hold a request for as long as the
// kernel keeps trying, instead of failing it with a 503 the agent can act on.
const defaultConnectTimeout = 5 * time.Second

// defaultPoolSize replaces pgxpool's default (4 on a 2-core machine), which
// starves a web server, its River workers and River's listener at once.
// Set pool_max_conns in the URL to choose another.
const defaultPoolSize = 24

// openPostgres opens one pgx pool and puts both bun (through database/sql)
// and River on it. River listens for new jobs on the pool with
// LISTEN/NOTIFY, so a job inserted with a domain row starts within
// milliseconds of the commit instead of at the next poll.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: postgres: %w", err)
	}
	if !hasParam(url, "pool_max_conns") {
		cfg.MaxConns = defaultPoolSize
	}
	if !hasParam(url, "connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	// bun writes its values into the SQL text, so nearly every statement is
	// new to the server: the extended protocol would prepare (and cache)
	// each one, a second round trip for nothing. The simple protocol sends
	// it once. (pgx interpolates River's arguments safely on its side.)
	if !hasParam(url, "default_query_exec_mode") {
		cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: postgres: %w", err)
	}
	sqldb := stdlib.OpenDBFromPool(pool)
	return &DB{
		Bun:     bun.NewDB(sqldb, pgdialect.New()),
		Dialect: Postgres,
		river:   riverdatabasesql.NewWithPgxListener(sqldb, pool),
		closers: []func(){pool.Close},
	}, nil
}

// QueryPrepared runs a hot statement of fixed text with its arguments as a
// prepared statement that the connection keeps: PostgreSQL plans it once
// instead of on every call, which for a large statement costs more than
// running it. Only for statements whose text does not change with their
// values; write the text with Placeholders.
func (db *DB) QueryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if db.Dialect == Postgres {
		args = append([]any{pgx.QueryExecModeCacheStatement}, args...)
	}
	return db.Bun.DB.QueryContext(ctx, query, args...)
}

// Placeholders writes the ?s of query as the engine numbers them: $1, $2, …
// on PostgreSQL; SQLite takes ? as it is. The text must hold no other ?.
func (db *DB) Placeholders(query string) string {
	if db.Dialect != Postgres {
		return query
	}
	b := make([]byte, 0, len(query)+16)
	n := 0
	for i := range len(query) {
		// '?' is one byte that no other UTF-8 character contains.
		if query[i] == '?' {
			n++
			b = strconv.AppendInt(append(b, '$'), int64(n), 10)
			continue
		}
		b = append(b, query[i])
	}
	return string(b)
}

// Columns is the select list of model's columns read from table alias,
// each renamed with prefix (to scan into a struct that embeds model with
// bun:"embed:prefix"); with no alias every column is NULL, for the rows of
// a UNION that have none.
func (db *DB) Columns(model any, alias, prefix string) string {
	table := db.Bun.Table(reflect.TypeOf(model))
	cols := make([]string, len(table.Fields))
	for i, f := range table.Fields {
		src := "NULL"
		if alias != "" {
			src = alias + "." + f.Name
		}
		cols[i] = src + " AS " + prefix + f.Name
	}
	return strings.Join(cols, ", ")
}
