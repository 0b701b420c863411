package retention

import (
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/database"
	"contactd/internal/testdb"
)

// TestTimelineIsAppendOnly: the database itself refuses to rewrite or
// remove a ticket's timeline, as it refuses for the logs (issue 14 §4).
// The one change it allows is erasure's (O13): blanking the text of the
// actions of a ticket already marked erased — by the retention run and by
// a citizen's erasure, which still work.
func TestTimelineIsAppendOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		n := b.citizen()
		expired := b.ticket(t, b.citizen(), *ago(40, 0), ago(30, 0))
		young := b.ticket(t, n, *ago(3, 0), ago(2, 0))
		open := b.ticket(t, b.citizen(), *ago(1, 0), nil)

		refused := func(query string, args ...any) {
			t.Helper()
			_, err := db.Bun.ExecContext(b.ctx, query, args...)
			require.Error(t, err, query)
			require.Contains(t, err.Error(), "append-only", query)
		}
		for _, tk := range []int64{expired.ID, young.ID, open.ID} {
			refused("UPDATE ticket_actions SET text = 'rewritten' WHERE ticket_id = ?", tk)
			refused("UPDATE ticket_actions SET text = '' WHERE ticket_id = ?", tk)
			refused("UPDATE ticket_actions SET kind = 'closed' WHERE ticket_id = ?", tk)
			refused("DELETE FROM ticket_actions WHERE ticket_id = ?", tk)
		}
		if db.Dialect == database.Postgres {
			refused("TRUNCATE ticket_actions")
		}
		require.Equal(t, "Called back, explained the portal.", b.noteText(t, expired.ID), "nothing changed")

		_, err := b.svc.Run(b.ctx, now)
		require.NoError(t, err)
		require.Empty(t, b.noteText(t, expired.ID), "the retention run blanks the timeline of an expired ticket")
		require.NotEmpty(t, b.noteText(t, young.ID))
		_, err = b.svc.EraseCitizen(admin(), n, "letter of the citizen")
		require.NoError(t, err)
		require.Empty(t, b.noteText(t, young.ID), "a citizen's erasure blanks their tickets' timeline")

		// Erased is not a licence: the actions of an erased ticket still
		// take no other change and are not removed.
		refused("UPDATE ticket_actions SET text = 'back again' WHERE ticket_id = ?", expired.ID)
		refused("UPDATE ticket_actions SET at = at, kind = 'closed' WHERE ticket_id = ?", expired.ID)
		refused("DELETE FROM ticket_actions WHERE ticket_id = ?", expired.ID)
		require.Equal(t, "Called back, explained the portal.", b.noteText(t, open.ID))
	})
}
