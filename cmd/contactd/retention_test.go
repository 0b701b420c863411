package main

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestRetentionCommand: `contactd retention plan` shows what a run would
// remove and changes nothing; `retention run` prunes the logs' entries
// older than ten years behind a signed horizon, and `contactd audit
// verify` still passes afterwards, from that horizon.
func TestRetentionCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testdb.PostgresURL(t)
	code, _, stderr := cli(t, "migrate", "up", "--database-url", url)
	require.Equal(t, 0, code, stderr)
	db, err := database.Open(ctx, url)
	require.NoError(t, err)
	defer db.Close()
	code, out, _ := cli(t, "audit", "keygen", "--name", "contactd-test")
	require.Equal(t, 0, code)
	keys := regexp.MustCompile(`(?m)^(PRIVATE\+KEY\+\S+)$\n.*\n^(contactd-test\+\S+)$`).FindStringSubmatch(out)
	require.Len(t, keys, 3, out)
	skey, vkey := keys[1], keys[2]
	agent := audit.WithActor(ctx, audit.Actor{UserID: 9, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
	for _, at := range []time.Time{time.Now().AddDate(-11, 0, 0), time.Now()} {
		for range 3 {
			require.NoError(t, audit.Record(agent, db.Bun, audit.Entry{At: at, Action: "ticket_view", TicketRef: "CC-2016-000001"}))
		}
		code, _, stderr = cli(t, "audit", "seal", "--database-url", url, "--audit-key", skey)
		require.Equal(t, 0, code, stderr)
	}

	code, out, stderr = cli(t, "retention", "plan", "--database-url", url)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "access_log entries before")
	require.Regexp(t, `access_log entries before \S+: 3 \(ids 1-3`, out)
	code, out, _ = cli(t, "retention", "plan", "--database-url", url)
	require.Equal(t, 0, code)
	require.Regexp(t, `access_log entries before \S+: 3 \(ids 1-3`, out, "plan changed nothing")

	code, out, stderr = cli(t, "retention", "run", "--database-url", url, "--audit-key", skey)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "access_log removed 3")

	code, out, stderr = cli(t, "audit", "verify", "--database-url", url, "--verifier-key", vkey)
	require.Equal(t, 0, code, stderr+out)
	require.Contains(t, out, "ok access_log: 3 entries in 2 seals, 2 checkpoints verified")
	require.Contains(t, out, "history begins after seal 1")
	_, err = db.Bun.ExecContext(ctx, "DELETE FROM access_log WHERE id = 4")
	require.ErrorContains(t, err, "append-only", "an ordinary DELETE is still refused")
}

// TestRetentionSettings: a period that does not parse, keeps nothing, or
// keeps the logs less long than the tickets stops the command with exit
// code 2 and one line naming the flag and its variable.
func TestRetentionSettings(t *testing.T) {
	t.Parallel()
	url := testdb.SQLiteURL(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--retain-quarantine", "abc"}, `invalid value "abc" for flag -retain-quarantine`},
		{[]string{"--retain-closed-tickets", "0d"}, "flag -retain-closed-tickets"},
		{[]string{"--retain-logs", "12mo"}, "--retain-logs (CONTACTD_RETAIN_LOGS) must be at least as long as --retain-closed-tickets"},
		{[]string{"--retain-logs", "-1y"}, "flag -retain-logs"},
	} {
		code, _, stderr := cli(t, append([]string{"retention", "plan", "--database-url", url}, c.args...)...)
		require.Equal(t, 2, code, c.args)
		require.Contains(t, oneLine(t, stderr), c.want)
	}
	code, _, stderr := cli(t, "retention", "erase", "--database-url", url)
	require.Equal(t, 2, code, stderr)
}

// TestRetentionSettingsFromEnvironment: a period set in the environment is
// checked like the flag, and the refusal names the variable.
func TestRetentionSettingsFromEnvironment(t *testing.T) {
	t.Setenv("CONTACTD_RETAIN_LOGS", "ten years")
	code, _, stderr := cli(t, "retention", "plan", "--database-url", testdb.SQLiteURL(t))
	require.Equal(t, 2, code)
	require.Contains(t, oneLine(t, stderr), "CONTACTD_RETAIN_LOGS")
}
