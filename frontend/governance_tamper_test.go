package frontend_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestGovernanceShowsTamperingAndStalls: tampering found by the daily
// verification, and sealing stalled behind it, are on the governance
// page, translated — not only in a log line the adviser never reads.
func TestGovernanceShowsTamperingAndStalls(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		app := apptest.New(t, db)
		skey, _, err := audit.GenerateKey("contactd-test")
		require.NoError(t, err)
		signer, vkey, err := audit.NewSigner(skey)
		require.NoError(t, err)
		_, err = audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
		require.NoError(t, err)
		tamperLog(t, db, "UPDATE access_log SET detail = 'rewritten' WHERE id = 1")
		require.NoError(t, audit.Record(audit.WithActor(ctx, audit.Actor{Role: audit.RoleFrontOffice}), db.Bun,
			audit.Entry{At: time.Now().Add(-10 * time.Minute), Action: "ticket_view"}))
		w := audit.DirWitness{Dir: t.TempDir(), Logs: mustVerifier(t, vkey)}
		_, err = audit.VerifyAndRecordWith(ctx, db.Bun, audit.RecordOptions{Verifier: mustVerifier(t, vkey), Witnesses: []audit.Witness{w}, Full: true}, time.Now())
		require.Error(t, err)

		adv := app.Browser()
		adv.SignIn(t, "adviser")
		page := adv.Get(t, "/governance")
		require.Equal(t, http.StatusOK, page.StatusCode)
		require.Contains(t, page.Body, "access_log: entry 1 edited", "the problem, naming the entry")
		require.Contains(t, page.Body, "ÉCHEC")
		require.Contains(t, page.Body, "Le scellement est bloqué")
	})
}
