package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
)

// TestAuditVerifyOutOfTheBox: `contactd audit verify`, exactly as the
// README shows it, on a dev data folder: dev keeps a witness directory
// there and leaves its verifier key in it, so verify checks signatures
// and the witness without a flag, says how old the witnessed checkpoint
// is, and catches the newest sealed entries removed with their seals and
// checkpoints. Before, it warned that signatures were not checked and
// passed the truncation with exit 0.
func TestAuditVerifyOutOfTheBox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data := t.TempDir()
	code, _, stderr := cli(t, "migrate", "up", "--data", data)
	require.Equal(t, 0, code, stderr)
	db, err := database.Open(ctx, "sqlite:"+filepath.Join(data, "contactd.db"))
	require.NoError(t, err)
	defer db.Close()
	actor := audit.WithActor(ctx, audit.Actor{UserID: 9, Role: audit.RoleFrontOffice, Institution: "contact_centre", RequestID: "r1"})
	write := func() {
		for range 3 {
			require.NoError(t, audit.Record(actor, db.Bun, audit.Entry{Action: "ticket_view", TicketRef: "CC-2026-000001"}))
			c := audit.Consultation{Kind: "career", Reason: "citizen_question", Outcome: audit.Found, INSZ: "62011920450", TicketRef: "CC-2026-000001"}
			require.NoError(t, audit.RecordConsultation(actor, db.Bun, &c))
		}
		code, out, stderr := cli(t, "audit", "seal", "--data", data)
		require.Equal(t, 0, code, stderr+out)
	}
	write()
	write()
	require.FileExists(t, filepath.Join(data, "witness", "verifier.key"))
	require.FileExists(t, filepath.Join(data, "witness", "access_log.checkpoints"))

	code, out, stderr := cli(t, "audit", "verify", "--data", data)
	require.Equal(t, 0, code, stderr+out)
	require.Contains(t, out, "ok access_log: 6 entries in 2 seals, 2 checkpoints verified")
	require.Contains(t, out, "against witness directory "+filepath.Join(data, "witness")+": its newest checkpoint, 6 entries signed")
	require.NotContains(t, out, "warning")

	code, out, _ = cli(t, "audit", "prove", "--data", data, "--entry", "2")
	require.Equal(t, 0, code, out)
	receipt := filepath.Join(t.TempDir(), "receipt.json")
	require.NoError(t, os.WriteFile(receipt, []byte(out), 0o600))
	vkey, err := os.ReadFile(filepath.Join(data, "witness", "verifier.key"))
	require.NoError(t, err)
	code, out, stderr = cli(t, "audit", "check-receipt", "--receipt", receipt, "--verifier-key", strings.TrimSpace(string(vkey)))
	require.Equal(t, 0, code, stderr+out)
	require.Contains(t, out, "ok: consultation 2 of")
	var r audit.Receipt
	b, _ := os.ReadFile(receipt)
	require.NoError(t, json.Unmarshal(b, &r))
	r.Entry.Institution = "sigedis"
	b, _ = json.Marshal(r)
	require.NoError(t, os.WriteFile(receipt, b, 0o600))
	code, out, _ = cli(t, "audit", "check-receipt", "--receipt", receipt, "--verifier-key", strings.TrimSpace(string(vkey)))
	require.Equal(t, 1, code, "a receipt altered is refused")
	require.Contains(t, out, "FAILED the proof does not lead from this consultation")

	// An export cut short is checked against the witness too.
	export := filepath.Join(t.TempDir(), "audit.jsonl")
	code, out, stderr = cli(t, "audit", "export", "--data", data, "--out", export)
	require.Equal(t, 0, code, stderr+out)
	full, err := os.ReadFile(export)
	require.NoError(t, err)
	header, _, _ := strings.Cut(string(full), "\n")
	require.NoError(t, os.WriteFile(export, []byte(header+"\n"), 0o600))
	code, out, _ = cli(t, "audit", "verify", "--file", export, "--verifier-key", strings.TrimSpace(string(vkey)), "--audit-witness", filepath.Join(data, "witness"))
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "truncated")

	var last int64
	require.NoError(t, db.Bun.NewRaw("SELECT max(id) FROM audit_seals WHERE log = 'access_log'").Scan(ctx, &last))
	require.NoError(t, db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for _, s := range []string{"DROP TRIGGER audit_seals_no_delete", "DROP TRIGGER audit_checkpoints_no_delete", "DROP TRIGGER audit_tree_no_delete",
			"DROP TRIGGER audit_witnessed_no_delete", "DROP TRIGGER access_log_no_delete",
			"DELETE FROM audit_witnessed WHERE log = 'access_log'", "DELETE FROM audit_checkpoints WHERE seal_id = ?", "DELETE FROM audit_tree WHERE seal_id = ?",
			"DELETE FROM access_log WHERE id >= (SELECT first_id FROM audit_seals WHERE id = ?)", "DELETE FROM audit_seals WHERE id = ?"} {
			if _, err := tx.ExecContext(ctx, s, last); err != nil {
				return err
			}
		}
		return nil
	}))
	code, out, _ = cli(t, "audit", "verify", "--data", data)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "FAILED access_log: truncated: witness directory "+filepath.Join(data, "witness")+" holds a checkpoint of 6 entries")
	require.Contains(t, out, "the database's log holds 3")
}

// TestAuditVerifyNeedsAKey: without a verifier key verify refuses (exit
// 2) unless told --no-signatures, which it then says.
func TestAuditVerifyNeedsAKey(t *testing.T) {
	t.Parallel()
	url := "sqlite:" + filepath.Join(t.TempDir(), "other.db")
	code, _, stderr := cli(t, "migrate", "up", "--database-url", url)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = cli(t, "audit", "verify", "--database-url", url)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "no verifier key")
	code, out, stderr := cli(t, "audit", "verify", "--database-url", url, "--no-signatures")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "warning: --no-signatures")
	require.Contains(t, out, "no witness holds a checkpoint")
}

// TestWitnessServiceCommand: `contactd audit witness`, as docs/OPERATIONS.md
// runs it, cosigns what `contactd audit seal` hands it over HTTP, and
// `contactd audit verify --audit-witness URL` checks the database against
// it; a witness started without its key or the log's refuses to start.
func TestWitnessServiceCommand(t *testing.T) {
	t.Parallel()
	code, _, stderr := cli(t, "audit", "witness", "--witness-dir", t.TempDir())
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "witness-key")

	_, out, _ := cli(t, "audit", "keygen", "--name", "witness-test")
	wkeys := strings.Split(strings.TrimSpace(out), "\n")
	_, out, _ = cli(t, "audit", "keygen", "--name", "contactd-test")
	lkeys := strings.Split(strings.TrimSpace(out), "\n")
	skey, vkey := lkeys[1], lkeys[3]

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		var o, e bytes.Buffer
		done <- run(ctx, []string{"audit", "witness", "--addr", addr, "--witness-dir", t.TempDir(),
			"--witness-key", wkeys[1], "--verifier-key", vkey}, &o, &e)
	}()
	t.Cleanup(func() { stop(); <-done })
	url := "http://" + addr
	require.Eventually(t, func() bool {
		res, err := http.Get(url + "/v1/checkpoints/access_log")
		if err == nil {
			res.Body.Close()
		}
		return err == nil && res.StatusCode == http.StatusNotFound
	}, 10*time.Second, 50*time.Millisecond, "the witness listens, holding nothing yet")

	db := "sqlite:" + filepath.Join(t.TempDir(), "contactd.db")
	code, _, stderr = cli(t, "migrate", "up", "--database-url", db)
	require.Equal(t, 0, code, stderr)
	opened, err := database.Open(context.Background(), db)
	require.NoError(t, err)
	defer opened.Close()
	require.NoError(t, audit.Record(audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleFrontOffice}), opened.Bun, audit.Entry{Action: "ticket_view"}))
	code, out, stderr = cli(t, "audit", "seal", "--database-url", db, "--audit-key", skey, "--audit-witness", url)
	require.Equal(t, 0, code, stderr+out)
	code, out, stderr = cli(t, "audit", "verify", "--database-url", db, "--verifier-key", vkey, "--audit-witness", url+" "+wkeys[3])
	require.Equal(t, 0, code, stderr+out)
	require.Contains(t, out, "against witness "+url+": its newest checkpoint, 1 entries signed")
	_, out, _ = cli(t, "audit", "keygen", "--name", "witness-test")
	other := strings.Split(strings.TrimSpace(out), "\n")[3]
	code, out, stderr = cli(t, "audit", "verify", "--database-url", db, "--verifier-key", vkey, "--audit-witness", url+" "+other)
	require.NotEqual(t, 0, code, "with another key than the witness's, its cosignature does not verify")
	require.Contains(t, out+stderr, "cosignature")
}
