package frontend_test

import (
	"context"
	"testing"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// lastEntry returns the newest access-log entry of an action.
func lastEntry(t *testing.T, db *database.DB, action string) audit.Entry {
	t.Helper()
	entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: action, Limit: 1})
	if err != nil || len(entries) == 0 {
		t.Fatalf("no %s entry in the access log (err %v)", action, err)
	}
	return entries[0]
}
