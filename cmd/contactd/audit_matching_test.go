package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// matchingMain is a Main as `contactd audit matching` runs it, on url,
// with the settings' defaults and the flags of args.
func matchingMain(t *testing.T, url string, args ...string) (*Main, *matchingFlags, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &out}
	f := &matchingFlags{}
	_, err := m.Config.parse("audit", append([]string{"--database-url", url}, args...), func(fs *flag.FlagSet) { f.declare(fs) })
	require.NoError(t, err)
	t.Cleanup(m.Close)
	return m, f, &out
}

// TestAuditMatchingCommand: `contactd audit matching --from --to --out`
// writes the period's matching list with the legal-context setting, once
// (an existing file is never overwritten), and refuses a period it cannot
// read or a missing --out as usage mistakes.
func TestAuditMatchingCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testdb.SQLiteURL(t)
	code, _, stderr := cli(t, "migrate", "up", "--database-url", url)
	require.Equal(t, 0, code, stderr)
	db, err := database.Open(ctx, url)
	require.NoError(t, err)
	agent := audit.WithActor(ctx, audit.Actor{UserID: 12, Role: audit.RoleFrontOffice, Institution: "contact_centre", RequestID: "5e6f"})
	for _, day := range []int{1, 15, 32} { // 32 March is 1 April: outside
		c := audit.Consultation{At: time.Date(2026, 3, day, 10, 0, 0, 0, audit.Brussels), TicketRef: "CC-2026-000009", INSZ: "85073003328",
			Kind: "career", Reason: "citizen_question", Outcome: audit.Found, LatencyUS: 700}
		require.NoError(t, audit.RecordConsultation(agent, db.Bun, &c))
	}
	db.Close()

	list := filepath.Join(t.TempDir(), "matching.csv")
	m, f, out := matchingMain(t, url, "--from", "2026-03-01", "--to", "2026-04-01", "--registry-legal-context", "CSSS/99/001")
	require.NoError(t, m.auditMatching(ctx, *f, list))
	require.Contains(t, out.String(), "wrote 2 consultations from 2026-03-01 to 2026-04-01 (excluded) to "+list)
	raw, err := os.ReadFile(list)
	require.NoError(t, err)
	require.Equal(t, "consultation_id,at,legal_context,kind,reason,agent,request_id,outcome,detail\n"+
		"5e6f.career,2026-03-01T09:00:00.000000Z,CSSS/99/001,career,citizen_question,user:12,5e6f,found,\n"+
		"5e6f.career,2026-03-15T09:00:00.000000Z,CSSS/99/001,career,citizen_question,user:12,5e6f,found,\n", string(raw))
	info, err := os.Stat(list)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	m, f, _ = matchingMain(t, url, "--from", "2026-03-01", "--to", "2026-04-01")
	require.ErrorIs(t, m.auditMatching(ctx, *f, list), errUsage, "an existing file is not overwritten")
	for _, args := range [][]string{{"--from", "2026-03-01"}, {"--from", "2026-04-01", "--to", "2026-03-01"}, {"--from", "1 March", "--to", "2026-04-01"}} {
		m, f, _ = matchingMain(t, url, args...)
		require.ErrorIs(t, m.auditMatching(ctx, *f, filepath.Join(t.TempDir(), "x.csv")), errUsage, args)
	}
	m, f, _ = matchingMain(t, url, "--from", "2026-03-01", "--to", "2026-04-01")
	require.ErrorIs(t, m.auditMatching(ctx, *f, ""), errUsage, "--out is required")
	m, f, _ = matchingMain(t, url, "--from", "2026-03-01", "--to", "2026-04-01", "--registry-legal-context", "CSSS 16/046")
	require.ErrorIs(t, m.auditMatching(ctx, *f, filepath.Join(t.TempDir(), "x.csv")), errUsage, "a legal context that could not have been sent")
}
