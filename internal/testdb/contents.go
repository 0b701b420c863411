package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"contactd/internal/database"
)

// Contents returns everything db holds as bytes, for tests that prove a
// value was never stored: the SQLite file with its write-ahead log, or a
// pg_dump of the test's whole schema (data and definitions). Tables listed
// in withoutDataOf are dumped without their rows on PostgreSQL, for values
// the law lets one table keep (a ticket keeps its citizen's identity, §4);
// SQLite's file cannot be split, so they are ignored there.
func Contents(t testing.TB, db *database.DB, withoutDataOf ...string) []byte {
	t.Helper()
	ctx := context.Background()
	if db.Dialect == database.SQLite {
		var seq int
		var name, file string
		if err := db.Bun.QueryRowContext(ctx, "PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
			t.Fatalf("testdb: sqlite file: %v", err)
		}
		var out []byte
		for _, f := range []string{file, file + "-wal"} {
			b, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatalf("testdb: read %s: %v", filepath.Base(f), err)
			}
			out = append(out, b...)
		}
		return out
	}
	var schema string
	if err := db.Bun.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatalf("testdb: current schema: %v", err)
	}
	dump, err := findTool("pg_dump")
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatalf("testdb: server URL: %v", err)
	}
	u.RawQuery = "" // pg_dump's libpq knows no pool settings
	args := []string{"--no-owner", "--schema=" + schema, "--dbname=" + u.String()}
	for _, table := range withoutDataOf {
		args = append(args, "--exclude-table-data="+schema+"."+table)
	}
	out, err := exec.Command(dump, args...).Output()
	if err != nil {
		t.Fatalf("testdb: pg_dump: %v", err)
	}
	return out
}

// findTool finds a PostgreSQL client program: beside the server's
// binaries, else on PATH (Debian links the newest there).
func findTool(name string) (string, error) {
	if bin, err := findBinDir(); err == nil {
		if p, err := exec.LookPath(filepath.Join(bin, name)); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(dirs) == 0 {
		return "", fmt.Errorf("no %s found (PATH, /usr/lib/postgresql/*/bin)", name)
	}
	return dirs[len(dirs)-1], nil
}
