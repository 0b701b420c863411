package frontend_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestTransparencyReceipts: each consultation the portal is shown comes
// with a receipt that checks offline against the log's verifier key once
// it is under a witnessed checkpoint — and says it is pending before.
func TestTransparencyReceipts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front := app.Browser()
		front.SignIn(t, "frontoffice")
		created := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 12)))
		res := front.JSON(t, "POST", "/api/v1/tickets/"+created.Ref+"/consultations", map[string]any{"kind": "career", "reason": "citizen_question"})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)

		portal := demo.SystemClients[0]
		type answer struct {
			Consultations []struct {
				audit.CitizenConsultation
				Receipt        *audit.Receipt `json:"receipt"`
				ReceiptPending bool           `json:"receipt_pending"`
			} `json:"consultations"`
		}
		ask := func() answer {
			req, _ := http.NewRequest(http.MethodPost, app.URL+"/api/v1/citizens/consultations",
				strings.NewReader(`{"insz":"`+app.Registry.Citizen(12).String()+`"}`))
			req.Header.Set("Authorization", "Bearer "+clientToken(t, app, portal.ID, portal.Secret))
			req.Header.Set("Content-Type", "application/json")
			res := app.Browser().Do(t, req)
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
			return decode[answer](t, res)
		}
		before := ask()
		require.Len(t, before.Consultations, 2)
		for _, c := range before.Consultations {
			require.True(t, c.ReceiptPending, "not sealed yet")
			require.Nil(t, c.Receipt)
		}

		skey, vkey, err := audit.GenerateKey("contactd-test")
		require.NoError(t, err)
		signer, err := note.NewSigner(skey)
		require.NoError(t, err)
		verifier, err := note.NewVerifier(vkey)
		require.NoError(t, err)
		ctx := context.Background()
		_, err = audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
		require.NoError(t, err)
		require.NoError(t, audit.Publish(ctx, db.Bun, []audit.Witness{audit.DirWitness{Dir: t.TempDir(), Logs: verifier}}, time.Now()))

		after := ask()
		require.Len(t, after.Consultations, 2)
		for _, c := range after.Consultations {
			require.False(t, c.ReceiptPending)
			require.NotNil(t, c.Receipt)
			require.NoError(t, audit.CheckReceipt(*c.Receipt, verifier, nil))
			require.Equal(t, c.At.UTC(), c.Receipt.Entry.At.UTC(), "the receipt proves what the citizen is shown")
			require.Equal(t, c.Institution, c.Receipt.Entry.Institution)
			require.Equal(t, c.Kind, c.Receipt.Entry.Kind)
			require.Equal(t, c.TicketRef, c.Receipt.Entry.TicketRef)
		}
	})
}
