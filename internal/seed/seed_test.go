package seed_test

import (
	"context"
	"testing"
	"time"

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

// TestSeedAccessLog: seeded entries are a real log, on both databases:
// they seal and verify, and an adviser's search finds them by ticket.
func TestSeedAccessLog(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		require.NoError(t, seed.AccessLog(ctx, db, 1200))
		sealed, err := audit.SealAll(ctx, db.Bun, time.Now())
		require.NoError(t, err)
		require.Equal(t, 1200, sealed)
		r, err := audit.Verify(ctx, audit.DBSource{DB: db.Bun}, audit.AccessLog, nil)
		require.NoError(t, err)
		require.Equal(t, int64(1200), r.Entries)
		var oldest time.Time
		require.NoError(t, db.Bun.NewSelect().Table("access_log").Column("at").OrderExpr("id").Limit(1).Scan(ctx, &oldest))
		step := seed.AccessLogSpan / 1200
		require.WithinDuration(t, time.Now().Add(-1199*step), oldest, 2*time.Minute, "spread evenly over the span, back from now")
	})
}
