package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/testdb"
)

// TestMigrateCommand is what a new user sees: on a new database `status`
// lists every migration as pending, `up` applies them, a second `up` does
// nothing and `status` shows them all applied — on both databases.
func TestMigrateCommand(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]string{"sqlite": testdb.SQLiteURL(t), "postgres": testdb.PostgresURL(t)} {
		t.Run(name, func(t *testing.T) {
			code, out, _ := cli(t, "migrate", "status", "--database-url", url)
			require.Equal(t, 0, code)
			require.Contains(t, out, "pending  contactd 0001 foundation")
			require.Contains(t, out, "pending  river")
			require.NotRegexp(t, "(?m)^applied", out)
			code, out, _ = cli(t, "migrate", "up", "--database-url", url)
			require.Equal(t, 0, code)
			require.Contains(t, out, "applied  contactd 0001 foundation")
			code, out, _ = cli(t, "migrate", "up", "--database-url", url)
			require.Equal(t, 0, code)
			require.Equal(t, "nothing to apply: the schema is current\n", out)
			_, out, _ = cli(t, "migrate", "status", "--database-url", url)
			require.NotRegexp(t, "(?m)^pending", out)
		})
	}
	code, _, stderr := cli(t, "migrate", "sideways")
	require.Equal(t, 2, code)
	require.Contains(t, oneLine(t, stderr), "migrate up | status")
}

// TestUsersCommand bootstraps access from the command line: grant by
// subject and by national number (an invitation), list, revoke with a
// reason, disable; mistakes exit 2 with a line that says what is wrong.
func TestUsersCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	db := "sqlite:" + filepath.Join(data, "c.db")
	code, _, stderr := cli(t, "users", "list", "--database-url", db)
	require.Equal(t, 1, code, "refused on a schema that is behind")
	require.Contains(t, stderr, "migrate up")
	require.Zero(t, first(cli(t, "migrate", "up", "--database-url", db)))

	code, out, stderr := cli(t, "users", "grant", "--subject", "s-1", "--role", "local_manager", "--institution", "sigedis", "--database-url", db)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "granted local_manager in sigedis")
	code, _, stderr = cli(t, "users", "grant", "--national-number", "00000000000", "--role", "front_office", "--institution", "contact_centre", "--database-url", db)
	require.Equal(t, 2, code)
	require.Contains(t, oneLine(t, stderr), "national_number")
	code, _, stderr = cli(t, "users", "grant", "--subject", "s-2", "--role", "front_office", "--institution", "sigedis", "--database-url", db)
	require.Equal(t, 2, code)
	require.Contains(t, oneLine(t, stderr), "contact_centre institution")
	code, _, stderr = cli(t, "users", "grant", "--subject", "s-2", "--role", "back_office", "--institution", "sfpd", "--until", "2999-12-31", "--database-url", db)
	require.Equal(t, 0, code, stderr)

	_, out, _ = cli(t, "users", "list", "--database-url", db)
	require.Contains(t, out, "local_manager@sigedis")
	require.Contains(t, out, "back_office@sfpd")
	require.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 3)

	code, _, stderr = cli(t, "users", "revoke", "--subject", "s-1", "--role", "local_manager", "--institution", "sigedis", "--database-url", db)
	require.Equal(t, 2, code, "a revoke needs a reason")
	require.Contains(t, oneLine(t, stderr), "reason")
	require.Zero(t, first(cli(t, "users", "revoke", "--subject", "s-1", "--role", "local_manager", "--institution", "sigedis", "--reason", "left", "--database-url", db)))
	require.Zero(t, first(cli(t, "users", "disable", "--subject", "s-2", "--reason", "left", "--database-url", db)))
	_, out, _ = cli(t, "users", "list", "--database-url", db)
	require.NotContains(t, out, "local_manager@sigedis")
	require.Contains(t, out, "disabled")
	require.Zero(t, first(cli(t, "users", "enable", "--subject", "s-2", "--reason", "disabled by mistake", "--database-url", db)))
	_, out, _ = cli(t, "users", "list", "--database-url", db)
	require.NotContains(t, out, "disabled", "never final")
}

func first(code int, _, _ string) int { return code }

// TestMailIngestCommand pipes a message to `contactd mail ingest`, then a
// reply, then something unreadable.
func TestMailIngestCommand(t *testing.T) {
	t.Parallel()
	db := testdb.SQLiteURL(t)
	require.Zero(t, first(cli(t, "migrate", "up", "--database-url", db)))
	ingest := func(raw string, args ...string) (int, string, string) {
		var out, errb safeBuffer
		code := (&Main{Stdin: strings.NewReader(raw), Stdout: &out, Stderr: &errb}).Run(t.Context(), append([]string{"mail", "ingest", "--database-url", db}, args...))
		return code, out.String(), errb.String()
	}
	code, out, stderr := ingest("From: a@example.be\r\nSubject: Question\r\n\r\nHello\r\n", "--portal", "mypension")
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `^new ticket CC-\d{4}-\d{6}\n$`, out)
	ref := strings.TrimSpace(strings.TrimPrefix(out, "new ticket "))
	_, out, _ = ingest("From: a@example.be\r\nSubject: Re: "+ref+"\r\n\r\nMore\r\n", "--portal", "mypension")
	require.Equal(t, "added to ticket "+ref+"\n", out)
	_, out, _ = ingest("garbage", "--portal", "mypension")
	require.Contains(t, out, "quarantined as")
	code, _, stderr = ingest("From: a@example.be\r\n\r\nx", "--portal", "nowhere")
	require.Equal(t, 2, code)
	require.Contains(t, oneLine(t, stderr), "portal")
}
