package tickets_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestPortalRequestNamesNoOtherNumber: the portal's request is the
// citizen's own words — no warning about their own data — but it never
// names another person's national number; before, the subject was
// guarded and the request stored as given (201, outside test).
func TestPortalRequestNamesNoOtherNumber(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		in := tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: tickets.ChannelPortalForm, Purpose: tickets.PurposeErrorReport,
			Subject: "ok", Request: freetexttest.OtherNumber(9, *citizen(8).INSZ) + " " + freetexttest.Salary, Citizen: citizen(8), IdempotencyKey: "k-9"}
		_, err := svc.Create(portal, in)
		var ve *tickets.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "request", ve.Field)
		in.Request = "Mon salaire de " + freetexttest.Salary + " manque."
		_, err = svc.Create(portal, in)
		require.NoError(t, err, "the citizen writes about their own data")
	})
}
