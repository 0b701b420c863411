package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestRecordTakesWhoFromTheActor: an entry names the actor of its request —
// user, role, institution, request id, client address — without the caller
// repeating them; a system client is named as such; Entries filters.
func TestRecordTakesWhoFromTheActor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		user := audit.WithActor(ctx, audit.Actor{UserID: 7, Role: audit.RoleBackOffice, Institution: "sigedis", RequestID: "r1", ClientAddr: "127.0.0.1"})
		require.NoError(t, audit.Record(user, db.Bun, audit.Entry{Action: "ticket_view", TicketRef: "CC-2026-000001"}))
		portal := audit.WithActor(ctx, audit.Actor{System: "citizen-portal", RequestID: "r2"})
		require.NoError(t, audit.Record(portal, db.Bun, audit.Entry{Action: "intake", Outcome: audit.Refused, Detail: "duplicate"}))

		all, err := audit.Entries(ctx, db.Bun, audit.Filter{})
		require.NoError(t, err)
		require.Len(t, all, 2)
		sys, view := all[0], all[1] // newest first
		require.Equal(t, int64(7), *view.UserID)
		require.Equal(t, "back_office", view.Role)
		require.Equal(t, "sigedis", view.Institution)
		require.Equal(t, "r1", view.RequestID)
		require.Equal(t, "127.0.0.1", view.ClientAddr)
		require.Equal(t, audit.OK, view.Outcome)
		require.WithinDuration(t, time.Now(), view.At, time.Minute)
		require.Nil(t, sys.UserID)
		require.Equal(t, "system:citizen-portal", sys.Role)
		require.Equal(t, audit.Refused, sys.Outcome)

		mine, err := audit.Entries(ctx, db.Bun, audit.Filter{UserID: 7})
		require.NoError(t, err)
		require.Len(t, mine, 1)
		none, err := audit.Entries(ctx, db.Bun, audit.Filter{Since: time.Now().Add(time.Hour)})
		require.NoError(t, err)
		require.Empty(t, none)
	})
}
