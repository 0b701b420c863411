package audit

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

// sealV1 is how the code before trees sealed and signed (commit 96d5ff1):
// a chain of seals and an hourly checkpoint of the chain's head. It is
// kept here only to make the databases that code made.
func sealV1(t *testing.T, db *database.DB, signer note.Signer) {
	ctx := context.Background()
	for _, log := range Logs {
		last, err := lastSeal(ctx, db.Bun, log)
		require.NoError(t, err)
		horizon, err := committedUpTo(ctx, db.Bun, log)
		require.NoError(t, err)
		rows, err := readEntries(ctx, db.Bun, log, last.LastID+1, horizon, sealBatch)
		require.NoError(t, err)
		if len(rows) == 0 {
			continue
		}
		s := Seal{Log: log, FirstID: rows[0].rowID(), LastID: rows[len(rows)-1].rowID(), Entries: len(rows),
			Total: last.Total + int64(len(rows)), SealedAt: time.Now().UTC()}
		batch := sha256.New()
		for _, e := range rows {
			content := contentHash(log, e)
			s.Prints = appendPrint(s.Prints, e.rowID(), content)
			h := entryHash(e.rowID(), content)
			batch.Write(h[:])
		}
		var sum [32]byte
		batch.Sum(sum[:0])
		s.ChainHash = chainHash(last.ChainHash, sum)
		_, err = db.Bun.NewInsert().Model(&s).Exec(ctx)
		require.NoError(t, err)
		signed, err := note.Sign(&note.Note{Text: head{log: log, total: s.Total, hash: s.ChainHash, sealID: s.ID}.text()}, signer)
		require.NoError(t, err)
		_, err = db.Bun.NewInsert().Model(&Checkpoint{Log: log, SealID: s.ID, Total: s.Total, Note: string(signed), SignedAt: time.Now().UTC()}).Exec(ctx)
		require.NoError(t, err)
	}
}

func v1History(t *testing.T, db *database.DB, at time.Time, n int) {
	ctx := WithActor(context.Background(), Actor{UserID: 3, Role: RoleFrontOffice, Institution: "contact_centre", RequestID: "req"})
	for i := range n {
		require.NoError(t, Record(ctx, db.Bun, Entry{At: at, Action: "ticket_view", TicketRef: fmt.Sprintf("CC-2016-%06d", i+1)}))
		c := Consultation{At: at, Kind: "career", Reason: "citizen_question", Outcome: Found, INSZ: "62011920450", TicketRef: "CC-2016-000001"}
		require.NoError(t, RecordConsultation(ctx, db.Bun, &c))
	}
}

func verifyBoth(t *testing.T, db *database.DB, v note.Verifier, anchors ...Anchor) error {
	for _, log := range Logs {
		if _, err := VerifyWith(context.Background(), DBSource{DB: db.Bun}, log, VerifyOptions{Verifier: v, Anchors: anchors}); err != nil {
			return err
		}
	}
	return nil
}

// TestUpgradeFromTheChain: a database sealed and signed by the code
// before trees — and one whose oldest entries were then pruned under the
// retention policy — verifies after the upgrade; the first seal after it
// builds the trees (from the first entry, or from the horizon), signs
// each new seal, and is witnessed; the old checkpoints still verify
// against the chain, and tampering with history from before the upgrade
// is still found.
func TestUpgradeFromTheChain(t *testing.T) {
	t.Parallel()
	for _, pruned := range []bool{false, true} {
		t.Run(fmt.Sprintf("pruned=%v", pruned), func(t *testing.T) {
			t.Parallel()
			testdb.Each(t, func(t *testing.T, db *database.DB) {
				ctx := context.Background()
				skey, vkey, err := GenerateKey("contactd-test")
				require.NoError(t, err)
				signer, _, err := NewSigner(skey)
				require.NoError(t, err)
				verifier, err := note.NewVerifier(vkey)
				require.NoError(t, err)
				old := time.Now().AddDate(-11, 0, 0)
				v1History(t, db, old, 4)
				sealV1(t, db, signer)
				v1History(t, db, time.Now(), 5)
				sealV1(t, db, signer)
				if pruned {
					for _, log := range Logs {
						p, err := Prune(ctx, db.Bun, log, time.Now().AddDate(-10, 0, 0), signer, time.Now(), 100, nil)
						require.NoError(t, err)
						require.EqualValues(t, 4, p.Entries)
					}
				}
				require.NoError(t, verifyBoth(t, db, verifier), "the database as the old code left it")

				v1History(t, db, time.Now(), 3)
				_, err = Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
				require.NoError(t, err)
				w := DirWitness{Dir: t.TempDir(), Logs: verifier}
				require.NoError(t, Publish(ctx, db.Bun, []Witness{w}, time.Now()))
				anchors, err := WitnessAnchors(ctx, []Witness{w}, AccessLog)
				require.NoError(t, err)
				require.Len(t, anchors, 1)
				r, err := VerifyWith(ctx, DBSource{DB: db.Bun}, AccessLog, VerifyOptions{Verifier: verifier, Anchors: anchors})
				require.NoError(t, err)
				wantSize := int64(12)
				if pruned {
					wantSize = 8 // the tree starts after the horizon
				}
				require.Equal(t, wantSize, r.TreeSize)
				require.Equal(t, 3, r.Checkpoints, "two of the chain, one of the tree")
				require.Len(t, r.Anchors, 1)

				var trees int
				require.NoError(t, db.Bun.NewRaw("SELECT count(*) FROM audit_tree WHERE log = 'access_log'").Scan(ctx, &trees))
				require.Equal(t, map[bool]int{false: 3, true: 2}[pruned], trees, "a tree for every seal after the base")

				rec, err := Prove(ctx, db.Bun, 6) // a consultation sealed before the upgrade
				require.NoError(t, err)
				require.NoError(t, CheckReceipt(rec, verifier, nil))

				tamperV1(t, db, "UPDATE access_log SET detail = 'rewritten' WHERE id = 6")
				err = verifyBoth(t, db, verifier)
				var p *Problem
				require.ErrorAs(t, err, &p)
				require.Equal(t, "edited", p.What)
				require.EqualValues(t, 6, p.EntryID)
			})
		})
	}
}

// TestUpgradeOfARealDatabase: a dev database made by the code before
// trees (commit 96d5ff1, `contactd dev` then `contactd audit seal`; kept
// in testdata with its dev key) is migrated, sealed, witnessed and
// verified by this code.
func TestUpgradeOfARealDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fixture, err := os.ReadFile("testdata/v1-dev.sqlite")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "contactd.db")
	require.NoError(t, os.WriteFile(path, fixture, 0o600))
	db, err := database.Open(ctx, "sqlite:"+path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Migrate(ctx)
	require.NoError(t, err)
	skey, err := os.ReadFile("testdata/v1-dev.audit.key")
	require.NoError(t, err)
	signer, vkey, err := NewSigner(strings.TrimSpace(string(skey)))
	require.NoError(t, err)
	verifier, err := note.NewVerifier(vkey)
	require.NoError(t, err)

	r, err := Verify(ctx, DBSource{DB: db.Bun}, AccessLog, verifier)
	require.NoError(t, err, "as the old code left it")
	require.Equal(t, 2, r.Checkpoints)
	var trees int
	require.NoError(t, db.Bun.NewRaw("SELECT count(*) FROM audit_tree").Scan(ctx, &trees))
	require.Zero(t, trees, "no tree yet")

	require.NoError(t, Record(WithActor(ctx, Actor{Role: RoleFrontOffice}), db.Bun, Entry{Action: "ticket_view"}))
	_, err = Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
	require.NoError(t, err)
	w := DirWitness{Dir: t.TempDir(), Logs: verifier}
	require.NoError(t, Publish(ctx, db.Bun, []Witness{w}, time.Now()))
	anchors, err := WitnessAnchors(ctx, []Witness{w}, AccessLog)
	require.NoError(t, err)
	r, err = VerifyWith(ctx, DBSource{DB: db.Bun}, AccessLog, VerifyOptions{Verifier: verifier, Anchors: anchors})
	require.NoError(t, err)
	require.EqualValues(t, r.Entries, r.TreeSize, "the tree covers every entry from the first")
	require.Equal(t, 3, r.Checkpoints)
	require.Len(t, r.Anchors, 1)
}

// tamperV1 runs SQL past the append-only triggers.
func tamperV1(t *testing.T, db *database.DB, stmt string) {
	err := db.Bun.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		if db.Dialect == database.Postgres {
			if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS access_log_no_update"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, stmt)
		return err
	})
	require.NoError(t, err)
}
