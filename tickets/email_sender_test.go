package tickets_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestEmailSenderNameIsGuarded: an e-mail whose display name carries
// another person's national number, an amount or career periods is still
// filed — a citizen's request is never lost — but the ticket keeps only
// the address (before: the name was stored as given).
func TestEmailSenderNameIsGuarded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		for i, name := range []string{freetexttest.OtherNumber(3, ""), freetexttest.Salary, freetexttest.Career} {
			raw := []byte("From: \"" + name + "\" <someone@example.be>\r\nSubject: Question " + string(rune('A'+i)) +
				"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n")
			in, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, raw)
			require.NoError(t, err, name)
			require.True(t, in.NewTicket, name)
			require.Equal(t, "<someone@example.be>", in.Ticket.Sender, name)
		}
		raw := []byte("From: Renée Exemple <renee@example.be>\r\nSubject: Hello\r\n\r\nText\r\n")
		in, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, raw)
		require.NoError(t, err)
		require.Equal(t, "Renée Exemple <renee@example.be>", in.Ticket.Sender, "an ordinary name is kept")
	})
}
