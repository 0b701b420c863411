package database

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river/rivermigrate"
	"github.com/uptrace/bun"
)

//go:embed migrations
var migrationFiles embed.FS

// ErrSchemaBehind reports a database whose schema lacks migrations this
// binary ships; serving on it would fail at the first query that needs them.
var ErrSchemaBehind = errors.New("database: schema is behind: run `contactd migrate up`")

// Migration is one forward-only step of the schema: ours (numbered SQL files
// per dialect) or River's (its own numbered versions).
type Migration struct {
	Set       string // "contactd" or "river"
	Version   int
	Name      string
	Applied   bool
	AppliedAt time.Time // when ours was applied; River does not record it
}

// Pending says whether the migration is still to be applied.
func (m Migration) Pending() bool { return !m.Applied }

// migrationRow tracks our applied migrations.
type migrationRow struct {
	bun.BaseModel `bun:"table:contactd_migrations"`
	Version       int       `bun:"version,pk"`
	Name          string    `bun:"name,notnull"`
	AppliedAt     time.Time `bun:"applied_at,notnull"`
}

// ours lists the migrations embedded for this dialect, in order.
func (db *DB) ours() ([]Migration, error) {
	dir := path.Join("migrations", string(db.Dialect))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("database: migration file %q is not NNNN_name.sql", e.Name())
		}
		out = append(out, Migration{Set: "contactd", Version: v, Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Status lists every migration, ours then River's, with when it was applied.
func (db *DB) Status(ctx context.Context) ([]Migration, error) {
	if err := db.ensureTracking(ctx); err != nil {
		return nil, err
	}
	all, err := db.ours()
	if err != nil {
		return nil, err
	}
	var applied []migrationRow
	if err := db.Bun.NewSelect().Model(&applied).Scan(ctx); err != nil {
		return nil, fmt.Errorf("database: read migrations: %w", err)
	}
	at := map[int]time.Time{}
	for _, r := range applied {
		at[r.Version] = r.AppliedAt
	}
	for i := range all {
		all[i].AppliedAt, all[i].Applied = at[all[i].Version]
	}
	river, err := db.riverStatus(ctx)
	if err != nil {
		return nil, err
	}
	return append(all, river...), nil
}

// Migrate applies every pending migration, ours first (each in its own
// transaction with its tracking row), then River's. It returns what it applied;
// a second run applies nothing.
func (db *DB) Migrate(ctx context.Context) ([]Migration, error) {
	status, err := db.Status(ctx)
	if err != nil {
		return nil, err
	}
	var done []Migration
	for _, m := range status {
		if m.Set != "contactd" || !m.Pending() {
			continue
		}
		if err := db.apply(ctx, m); err != nil {
			return done, err
		}
		done = append(done, m)
	}
	rm, err := rivermigrate.New(db.river, nil)
	if err != nil {
		return done, fmt.Errorf("database: river migrations: %w", err)
	}
	res, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return done, fmt.Errorf("database: river migrations: %w", err)
	}
	for _, v := range res.Versions {
		done = append(done, Migration{Set: "river", Version: v.Version, Name: v.Name})
	}
	return done, nil
}

// CheckCurrent returns ErrSchemaBehind when any migration is pending;
// `serve`, `worker` and /readyz refuse to run on such a schema.
func (db *DB) CheckCurrent(ctx context.Context) error {
	status, err := db.Status(ctx)
	if err != nil {
		return err
	}
	for _, m := range status {
		if m.Pending() {
			return fmt.Errorf("%w (%s %04d %s pending)", ErrSchemaBehind, m.Set, m.Version, m.Name)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m Migration) error {
	file := path.Join("migrations", string(db.Dialect), fmt.Sprintf("%04d_%s.sql", m.Version, m.Name))
	body, err := migrationFiles.ReadFile(file)
	if err != nil {
		return fmt.Errorf("database: migration %s: %w", file, err)
	}
	return db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %04d %s: %w", m.Version, m.Name, err)
		}
		row := &migrationRow{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}
		_, err := tx.NewInsert().Model(row).Exec(ctx)
		return err
	})
}

func (db *DB) ensureTracking(ctx context.Context) error {
	_, err := db.Bun.NewCreateTable().Model((*migrationRow)(nil)).IfNotExists().Exec(ctx)
	if err != nil {
		return fmt.Errorf("database: create migration table: %w", err)
	}
	return nil
}

// riverStatus lists River's migrations with the applied ones marked.
func (db *DB) riverStatus(ctx context.Context) ([]Migration, error) {
	rm, err := rivermigrate.New(db.river, nil)
	if err != nil {
		return nil, fmt.Errorf("database: river migrations: %w", err)
	}
	existing, err := rm.ExistingVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: river migrations: %w", err)
	}
	applied := map[int]bool{}
	for _, e := range existing {
		applied[e.Version] = true
	}
	var out []Migration
	for _, v := range rm.AllVersions() {
		out = append(out, Migration{Set: "river", Version: v.Version, Name: v.Name, Applied: applied[v.Version]})
	}
	return out, nil
}
