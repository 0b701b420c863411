package database_test

import (
	"context"
	"errors"
	"testing"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestMigrateStatusUp proves what `contactd migrate` shows a new user: a new
// database lists every migration as pending and is refused as behind; `up`
// applies them all; a second `up` applies nothing and the schema is current.
func TestMigrateStatusUp(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]string{"sqlite": testdb.SQLiteURL(t), "postgres": testdb.PostgresURL(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			status, err := db.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sets := map[string]int{}
			for _, m := range status {
				if !m.Pending() {
					t.Errorf("%s %d applied on a new database", m.Set, m.Version)
				}
				sets[m.Set]++
			}
			if sets["contactd"] == 0 || sets["river"] == 0 {
				t.Fatalf("status lists %v, want both contactd and river migrations", sets)
			}
			if err := db.CheckCurrent(ctx); !errors.Is(err, database.ErrSchemaBehind) {
				t.Fatalf("CheckCurrent on a new database = %v, want ErrSchemaBehind", err)
			}
			applied, err := db.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) != len(status) {
				t.Errorf("first up applied %d, want %d", len(applied), len(status))
			}
			again, err := db.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(again) != 0 {
				t.Errorf("second up applied %v, want nothing", again)
			}
			if err := db.CheckCurrent(ctx); err != nil {
				t.Errorf("CheckCurrent after up: %v", err)
			}
		})
	}
}

// TestOpenRefusesUnknownURL shows the one clear error for a URL of no engine.
func TestOpenRefusesUnknownURL(t *testing.T) {
	t.Parallel()
	if _, err := database.Open(context.Background(), "mysql://x"); !errors.Is(err, database.ErrURL) {
		t.Fatalf("Open(mysql://) = %v, want ErrURL", err)
	}
}

// TestSQLitePragmas checks the settings that make SQLite safe under load.
func TestSQLitePragmas(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	ctx := context.Background()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := db.Bun.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}
