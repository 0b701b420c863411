package audit_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestReceiptProvesAConsultation: every consultation under a witnessed
// checkpoint has a receipt that checks offline with the log's key and the
// witness's; a receipt altered in any part — what it shows, its digest,
// its place, its proof, its checkpoint — or checked with another key is
// refused; a consultation sealed after the newest witnessed checkpoint
// has none yet.
func TestReceiptProvesAConsultation(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		signer, verifier := keys(t, "contactd-test")
		witnessSigner, witnessVerifier := keys(t, "witness-test")
		ws := &audit.WitnessServer{Store: audit.DirWitness{Dir: t.TempDir(), Logs: verifier}, Signer: witnessSigner, Logs: verifier}
		srv := httptest.NewServer(ws.Handler())
		defer srv.Close()
		w := audit.HTTPWitness{URL: srv.URL, Client: srv.Client(), Verifier: witnessVerifier}
		witnessedHistory(t, db, signer, w, 3)

		var ids []int64
		require.NoError(t, db.Bun.NewRaw("SELECT id FROM consultations ORDER BY id").Scan(ctx, &ids))
		require.NotEmpty(t, ids)
		for _, id := range ids {
			r, err := audit.Prove(ctx, db.Bun, id)
			require.NoError(t, err, "consultation %d", id)
			require.NoError(t, audit.CheckReceipt(r, verifier, witnessVerifier), "consultation %d", id)
			require.Equal(t, citizenNumber, r.Entry.INSZ)
		}

		r, err := audit.Prove(ctx, db.Bun, ids[1])
		require.NoError(t, err)
		_, otherKey := keys(t, "contactd-test")
		_, otherWitness := keys(t, "witness-test")
		for name, alter := range map[string]func(*audit.Receipt){
			"another institution": func(r *audit.Receipt) { r.Entry.Institution = "sigedis" },
			"another time":        func(r *audit.Receipt) { r.Entry.At = r.Entry.At.Add(time.Hour) },
			"another citizen":     func(r *audit.Receipt) { r.Entry.INSZ = "00000000097" },
			"another kind":        func(r *audit.Receipt) { r.Entry.Kind = "pension" },
			"another digest":      func(r *audit.Receipt) { r.PrivateDigest = r.Proof[0] },
			"another place":       func(r *audit.Receipt) { r.Leaf++ },
			"another entry id":    func(r *audit.Receipt) { r.EntryID++ },
			"a proof hash":        func(r *audit.Receipt) { r.Proof[0], r.Proof[1] = r.Proof[1], r.Proof[0] },
			"a shorter proof":     func(r *audit.Receipt) { r.Proof = r.Proof[1:] },
			"another tree size":   func(r *audit.Receipt) { r.TreeSize-- },
			"the checkpoint":      func(r *audit.Receipt) { r.Checkpoint = r.Checkpoint[:20] + "9" + r.Checkpoint[21:] },
		} {
			bad := clone(t, r)
			alter(&bad)
			require.Error(t, audit.CheckReceipt(bad, verifier, witnessVerifier), name)
		}
		require.Error(t, audit.CheckReceipt(r, otherKey, nil), "another log key")
		require.Error(t, audit.CheckReceipt(r, verifier, otherWitness), "another witness")

		history(t, db, 1) // recorded, not sealed yet
		var newest int64
		require.NoError(t, db.Bun.NewRaw("SELECT max(id) FROM consultations").Scan(ctx, &newest))
		_, err = audit.Prove(ctx, db.Bun, newest)
		require.ErrorIs(t, err, audit.ErrNotWitnessed)
	})
}

func clone(t *testing.T, r audit.Receipt) audit.Receipt {
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var out audit.Receipt
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}
