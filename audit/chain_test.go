package audit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testdb"
)

// citizenNumber is a synthetic, checksum-valid number made by code.
var citizenNumber = insz.Generate(rand.New(rand.NewPCG(20, 16)), insz.GenerateOptions{}).String()

var agentCtx = audit.WithActor(context.Background(), audit.Actor{UserID: 3, Role: audit.RoleFrontOffice, Institution: "contact_centre", RequestID: "req"})

// history writes n access-log entries and n consultations, leaving a gap
// in each log's ids where a transaction rolled back after its insert.
func history(t *testing.T, db *database.DB, n int) (gap int64) {
	t.Helper()
	for i := range n {
		require.NoError(t, audit.Record(agentCtx, db.Bun, audit.Entry{Action: "ticket_view", TicketRef: fmt.Sprintf("CC-2026-%06d", i+1), Detail: fmt.Sprint(i)}))
		c := audit.Consultation{Kind: "career", Reason: "citizen_question", Outcome: audit.Found, INSZ: citizenNumber, TicketRef: "CC-2026-000001", LatencyUS: int64(i)}
		require.NoError(t, audit.RecordConsultation(agentCtx, db.Bun, &c))
		if i == n/2 && db.Dialect == database.SQLite {
			// SQLite reuses a rolled-back id; an entry numbered ahead
			// leaves the hole a rollback leaves on PostgreSQL.
			var max int64
			require.NoError(t, db.Bun.NewSelect().Table("access_log").ColumnExpr("max(id)").Scan(context.Background(), &max))
			gap = max + 1
			require.NoError(t, audit.Record(agentCtx, db.Bun, audit.Entry{ID: max + 2, Action: "ticket_view"}))
		}
		if i == n/2 && db.Dialect == database.Postgres {
			rollback := errors.New("rolled back")
			err := db.RunInTx(context.Background(), func(ctx context.Context, tx bun.Tx) error {
				e := audit.Entry{Action: "ticket_view"}
				require.NoError(t, audit.Record(agentCtx, tx, e))
				require.NoError(t, tx.NewSelect().Table("access_log").ColumnExpr("max(id)").Scan(ctx, &gap))
				return rollback
			})
			require.ErrorIs(t, err, rollback)
		}
	}
	return gap
}

func sealed(t *testing.T, db *database.DB) (note.Signer, note.Verifier) {
	t.Helper()
	skey, vkey, err := audit.GenerateKey("contactd-test")
	require.NoError(t, err)
	signer, derived, err := audit.NewSigner(skey)
	require.NoError(t, err)
	require.Equal(t, vkey, derived)
	verifier, err := note.NewVerifier(vkey)
	require.NoError(t, err)
	_, err = audit.SealAll(context.Background(), db.Bun, time.Now())
	require.NoError(t, err)
	_, err = audit.WriteCheckpoints(context.Background(), db.Bun, signer, time.Hour, time.Now())
	require.NoError(t, err)
	return signer, verifier
}

// tamper runs SQL as someone with the database owner's rights would: past
// the append-only triggers.
func tamper(t *testing.T, db *database.DB, statements ...string) {
	t.Helper()
	ctx := context.Background()
	err := db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if db.Dialect == database.Postgres {
			if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
				return err
			}
		} else {
			for _, trig := range []string{"access_log_no_update", "access_log_no_delete", "consultations_no_update", "consultations_no_delete",
				"audit_seals_no_update", "audit_seals_no_delete", "audit_checkpoints_no_update", "audit_checkpoints_no_delete",
				"audit_tree_no_update", "audit_tree_no_delete", "audit_witnessed_no_update", "audit_witnessed_no_delete"} {
				if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS "+trig); err != nil {
					return err
				}
			}
		}
		for _, s := range statements {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
}

func verifyAll(db *database.DB, v note.Verifier, external ...[]byte) error {
	for _, log := range audit.Logs {
		if _, err := audit.Verify(context.Background(), audit.DBSource{DB: db.Bun}, log, v, external...); err != nil {
			return err
		}
	}
	return nil
}

// TestVerifyCatchesTampering: a sealed, checkpointed history verifies;
// then each kind of tampering done directly in the database — an entry
// edited, deleted, inserted into sealed history, two entries reordered, a
// seal altered — is caught, naming the first entry (or seal) at fault.
func TestVerifyCatchesTampering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		sql   func(gap int64) []string
		log   audit.Log
		entry int64
		what  string
	}{
		{"edited", func(int64) []string { return []string{"UPDATE access_log SET detail = 'nothing to see' WHERE id = 4"} }, audit.AccessLog, 4, "edited"},
		{"deleted", func(int64) []string { return []string{"DELETE FROM consultations WHERE id = 6"} }, audit.ConsultationLog, 6, "deleted"},
		{"inserted", func(gap int64) []string {
			return []string{fmt.Sprintf("INSERT INTO access_log (id, at, role, institution_code, action, outcome, ticket_ref, citizen, detail, request_id, client_addr) "+
				"VALUES (%d, '2026-11-24 08:00:00', 'front_office', 'contact_centre', 'ticket_view', 'ok', 'CC-2026-000001', '', '', 'forged', '')", gap)}
		}, audit.AccessLog, -1, "inserted"},
		{"reordered", func(int64) []string {
			cols := "at, user_id, role, institution_code, action, outcome, ticket_ref, citizen, detail, request_id, client_addr"
			return []string{"UPDATE access_log SET (" + cols + ") = (SELECT " + cols + " FROM access_log WHERE id = 3) WHERE id = 2"}
		}, audit.AccessLog, 2, "reordered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			testdb.Each(t, func(t *testing.T, db *database.DB) {
				gap := history(t, db, 12)
				require.NotZero(t, gap)
				_, verifier := sealed(t, db)
				require.NoError(t, verifyAll(db, verifier), "untouched history verifies")

				tamper(t, db, tc.sql(gap)...)
				err := verifyAll(db, verifier)
				var p *audit.Problem
				require.ErrorAs(t, err, &p)
				require.Equal(t, tc.log, p.Log)
				require.Equal(t, tc.what, p.What, err.Error())
				want := tc.entry
				if want < 0 {
					want = gap
				}
				require.Equal(t, want, p.EntryID, err.Error())
			})
		})
	}
}
