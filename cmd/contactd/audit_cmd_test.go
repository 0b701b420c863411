package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestAuditCommand: `contactd audit` seals and signs, exports, and
// verifies the database or an export against a checkpoint kept outside; a
// line edited in the export and an entry
// edited past the database's triggers each make verify exit 1 naming the
// entry at fault.
func TestAuditCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testdb.PostgresURL(t)
	code, _, stderr := cli(t, "migrate", "up", "--database-url", url)
	require.Equal(t, 0, code, stderr)
	db, err := database.Open(ctx, url)
	require.NoError(t, err)
	defer db.Close()
	actor := audit.WithActor(ctx, audit.Actor{UserID: 9, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
	for range 5 {
		require.NoError(t, audit.Record(actor, db.Bun, audit.Entry{Action: "ticket_view", TicketRef: "CC-2026-000001"}))
	}

	code, out, _ := cli(t, "audit", "keygen", "--name", "contactd-test")
	require.Equal(t, 0, code)
	keys := regexp.MustCompile(`(?m)^(PRIVATE\+KEY\+\S+)$\n.*\n^(contactd-test\+\S+)$`).FindStringSubmatch(out)
	require.Len(t, keys, 3, out)
	skey, vkey := keys[1], keys[2]

	code, out, stderr = cli(t, "audit", "seal", "--database-url", url, "--audit-key", skey)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "sealed 5 entries")
	note := regexp.MustCompile(`(?s)contactd/access_log\n.*?\n\n— \S+ \S+\n`).FindString(out)
	require.NotEmpty(t, note, out)
	kept := filepath.Join(t.TempDir(), "checkpoint.txt")
	require.NoError(t, os.WriteFile(kept, []byte(note), 0o600))

	export := filepath.Join(t.TempDir(), "audit.jsonl")
	code, out, stderr = cli(t, "audit", "export", "--database-url", url, "--out", export)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "exported 5 entries")

	code, out, stderr = cli(t, "audit", "verify", "--database-url", url, "--verifier-key", vkey, "--checkpoint", kept)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "ok access_log: 5 entries in 1 seals, 1 checkpoints verified")
	code, out, stderr = cli(t, "audit", "verify", "--file", export, "--verifier-key", vkey, "--checkpoint", kept)
	require.Equal(t, 0, code, stderr+out)

	// An export edited: the copy held outside proves nothing any more.
	raw, err := os.ReadFile(export)
	require.NoError(t, err)
	edited := filepath.Join(t.TempDir(), "edited.jsonl")
	require.NoError(t, os.WriteFile(edited, []byte(strings.Replace(string(raw), `"ticket_ref":"CC-2026-000001"`, `"ticket_ref":"CC-2026-000002"`, 1)), 0o600))
	code, out, _ = cli(t, "audit", "verify", "--file", edited, "--verifier-key", vkey)
	require.Equal(t, 1, code)
	require.Contains(t, out, "FAILED access_log: entry 1 edited")

	// The database refuses an edit; an owner going past the trigger is
	// caught, and the entry named.
	_, err = db.Bun.ExecContext(ctx, "UPDATE access_log SET detail = 'x' WHERE id = 3")
	require.ErrorContains(t, err, "append-only")
	require.NoError(t, db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica; UPDATE access_log SET detail = 'x' WHERE id = 3")
		return err
	}))
	code, out, _ = cli(t, "audit", "verify", "--database-url", url, "--verifier-key", vkey)
	require.Equal(t, 1, code)
	require.Contains(t, out, "FAILED access_log: entry 3 edited")
}
