package drill

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestKillDuringLoad: contactd dev, driven by the load tool flat out, is
// killed with SIGKILL once tickets are being written, started again on
// the same data and port while the load goes on, and afterwards every
// ticket the load tool saw acknowledged is in the database with its
// `created` action and its `ticket_create` access-log entry, no action or
// entry stands without its ticket, and `contactd audit verify` passes —
// on SQLite and on PostgreSQL.
func TestKillDuringLoad(t *testing.T) {
	t.Parallel()
	bin := t.TempDir()
	contactd, loadgen := build(t, bin, "cmd/contactd"), build(t, bin, "cmd/loadgen")
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			d := &loadDrill{contactd: contactd, loadgen: loadgen, data: t.TempDir(), seconds: drillSeconds(t)}
			if engine == "postgres" {
				d.dbURL = testdb.PostgresURL(t)
			}
			d.run(t)
		})
	}
}

// loadDrill is one kill -9 drill: the binaries, the data folder and, on
// PostgreSQL, the database.
type loadDrill struct {
	contactd, loadgen string
	data, dbURL       string
	seconds           time.Duration
	base              string // contactd's address, the same across the restart
}

func (d *loadDrill) run(t *testing.T) {
	server := d.startContactd(t, "127.0.0.1:0")
	db := d.open(t)
	acked, report := filepath.Join(d.data, "acked.txt"), filepath.Join(d.data, "load.json")
	load := start(t, filepath.Join(d.data, "loadgen.log"), nil, nil, d.loadgen, "-url", d.base,
		"-agents", "8", "-mix", "front=6,back=1,adviser=1", "-think", "5ms", "-timeout", "5s",
		"-duration", d.seconds.String(), "-acked", acked, "-json", report, "-format", "json")

	// Kill a third into the run, once the load has written a few dozen
	// tickets: flat out, writes are then in flight at every moment.
	begun := time.Now()
	await(t, "tickets written before the kill", d.seconds, func() (bool, error) {
		n, err := db.Bun.NewSelect().Table("tickets").Count(t.Context())
		return n >= 30 && time.Since(begun) >= d.seconds/3, err
	})
	server.kill(t)
	killedAt := time.Now()
	server = d.startContactd(t, strings.TrimPrefix(d.base, "http://"))
	t.Logf("killed contactd; it answered again after %s", time.Since(killedAt).Round(time.Millisecond))

	_ = load.wait(t, d.seconds+30*time.Second) // exit code 1: requests failed while it was down
	require.NoError(t, server.stop(t), "contactd ends cleanly on SIGTERM")
	refs := readAcked(t, acked)
	d.check(t, db, refs)
	d.verifyAudit(t)
	t.Logf("%s: %s", t.Name(), summary(t, report, len(refs)))
}

// startContactd starts `contactd dev` on addr and waits until it is ready;
// the first start learns the address the listener got.
func (d *loadDrill) startContactd(t *testing.T, addr string) *proc {
	t.Helper()
	var once sync.Once
	ready := make(chan string, 1)
	args := []string{"dev", "--addr", addr, "--data", d.data, "--consult-limit", "0"}
	if d.dbURL != "" {
		args = append(args, "--database-url", d.dbURL)
	}
	p := start(t, filepath.Join(d.data, "contactd.log"), func(line string) {
		if u, ok := bannerURL(line); ok {
			once.Do(func() { ready <- u })
		}
	}, nil, d.contactd, args...)
	select {
	case d.base = <-ready:
	case <-p.ended:
		t.Fatalf("contactd dev ended before it was ready (%v); see %s", p.err, filepath.Join(d.data, "contactd.log"))
	case <-time.After(60 * time.Second):
		t.Fatalf("contactd dev not ready within a minute")
	}
	waitReady(t, d.base)
	return p
}

// open opens the drill's database from the test, beside contactd.
func (d *loadDrill) open(t *testing.T) *database.DB {
	u := d.dbURL
	if u == "" {
		u = "sqlite:" + filepath.Join(d.data, "contactd.db")
	}
	db, err := database.Open(context.Background(), u)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func readAcked(t *testing.T, path string) []string {
	raw, err := os.ReadFile(path)
	require.NoError(t, err, "the load tool writes the acknowledged references")
	refs := strings.Fields(string(raw))
	require.NotEmpty(t, refs, "the load tool saw tickets acknowledged")
	return refs
}

// check looks for every acknowledged ticket with its action and its
// access-log entry, then for orphans either way.
func (d *loadDrill) check(t *testing.T, db *database.DB, refs []string) {
	ctx := t.Context()
	var stored []struct {
		Ref     string `bun:"ref"`
		Created bool   `bun:"created"`
		Logged  bool   `bun:"logged"`
	}
	require.NoError(t, db.Bun.NewRaw(`SELECT t.ref,
		EXISTS (SELECT 1 FROM ticket_actions a WHERE a.ticket_id = t.id AND a.kind = 'created') AS created,
		EXISTS (SELECT 1 FROM access_log l WHERE l.ticket_ref = t.ref AND l.action = 'ticket_create' AND l.outcome = 'ok') AS logged
		FROM tickets t`).Scan(ctx, &stored))
	found := map[string]bool{}
	for _, s := range stored {
		found[s.Ref] = true
		require.True(t, s.Created, "ticket %s has no created action", s.Ref)
		require.True(t, s.Logged, "ticket %s has no ticket_create access-log entry", s.Ref)
	}
	var lost []string
	for _, ref := range refs {
		if !found[ref] {
			lost = append(lost, ref)
		}
	}
	require.Empty(t, lost, "acknowledged tickets lost")
	orphans := map[string]string{
		"actions":     `SELECT count(*) FROM ticket_actions a WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = a.ticket_id)`,
		"log entries": `SELECT count(*) FROM access_log l WHERE l.action = 'ticket_create' AND l.outcome = 'ok' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.ref = l.ticket_ref)`,
	}
	for what, q := range orphans {
		var n int
		require.NoError(t, db.Bun.NewRaw(q).Scan(ctx, &n))
		require.Zero(t, n, "%s without their ticket", what)
	}
	t.Logf("%d tickets acknowledged, %d stored (the rest committed but their answer was lost in the kill), 0 lost", len(refs), len(stored))
}

// verifyAudit seals what the kill left unsealed and verifies both logs
// with the dev checkpoint key, through the contactd commands.
func (d *loadDrill) verifyAudit(t *testing.T) {
	key, err := os.ReadFile(filepath.Join(d.data, "audit.key"))
	require.NoError(t, err)
	args := []string{"--data", d.data, "--audit-key", strings.TrimSpace(string(key))}
	if d.dbURL != "" {
		args = append(args, "--database-url", d.dbURL)
	}
	for _, sub := range []string{"seal", "verify"} {
		out, err := runCommand(t, d.contactd, append([]string{"audit", sub}, args...)...)
		require.NoError(t, err, "contactd audit %s: %s", sub, out)
		if sub == "verify" {
			require.Contains(t, out, "ok access_log")
			require.NotContains(t, out, "FAILED")
			t.Logf("contactd audit verify:\n%s", out)
		}
	}
}

// summary is the load report's line for the figures of docs/DRILLS.md.
func summary(t *testing.T, path string, acked int) string {
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var rep struct {
		Elapsed float64 `json:"elapsed_seconds"`
		Total   struct {
			Count  int `json:"count"`
			Errors int `json:"errors"`
		} `json:"total"`
	}
	require.NoError(t, json.Unmarshal(raw, &rep))
	return strings.Join([]string{
		"load: " + time.Duration(rep.Elapsed*float64(time.Second)).Round(time.Millisecond).String(),
		itoa(rep.Total.Count) + " requests", itoa(rep.Total.Errors) + " failed (contactd down)",
		itoa(acked) + " tickets acknowledged", "0 lost",
	}, ", ")
}
