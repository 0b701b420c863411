package seed_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/seed"
	"contactd/internal/testdb"
	"contactd/tickets"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestSeedTickets: seeded tickets are real rows the service lists and
// filters, on both databases.
func TestSeedTickets(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		require.NoError(t, seed.Tickets(context.Background(), db, 700))
		svc := tickets.NewService(db, tickets.Options{})
		front := audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		p, err := svc.List(front, tickets.Filter{Status: tickets.StatusNew, Limit: 200})
		require.NoError(t, err)
		require.Len(t, p.Tickets, 100)
		sig := audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleBackOffice, Institution: "sigedis"})
		p, err = svc.List(sig, tickets.Filter{Limit: 200})
		require.NoError(t, err)
		require.Len(t, p.Tickets, 25)
		v, err := svc.ByRef(front, "CC-2025-0000001")
		require.NoError(t, err)
		require.Equal(t, tickets.ChannelEmail, v.Ticket.Channel)
	})
}
