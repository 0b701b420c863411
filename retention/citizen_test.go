package retention

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

func admin() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{UserID: 1, Role: audit.RoleAdmin, Institution: "contact_centre"})
}

// TestEraseCitizen: an admin erases one citizen's closed tickets at once,
// whatever their age, and only theirs; the logs are kept and say so. An
// open ticket, another role, a bad national number or a missing reason is
// refused with nothing changed, and every refusal is logged.
func TestEraseCitizen(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		n, other := b.citizen(), b.citizen()
		mine := b.ticket(t, n, *ago(3, 0), ago(2, 0))
		theirs := b.ticket(t, other, *ago(3, 0), ago(2, 0))
		stillOpen := b.ticket(t, other, *ago(1, 0), nil)

		for _, c := range []struct {
			ctx    context.Context
			insz   string
			reason string
			want   error
		}{
			{audit.WithActor(context.Background(), audit.Actor{UserID: 2, Role: audit.RoleSecurityAdviser}), n, "letter", ErrForbidden},
			{audit.WithActor(context.Background(), audit.Actor{UserID: 3, Role: audit.RoleLocalManager}), n, "letter", ErrForbidden},
			{context.Background(), n, "letter", ErrForbidden},
			{admin(), n[:10] + string('0'+(n[10]-'0'+1)%10), "letter", &ValidationError{}},
			{admin(), n, "  ", &ValidationError{}},
			{admin(), other, "letter", ErrOpenTickets},
		} {
			_, err := b.svc.EraseCitizen(c.ctx, c.insz, c.reason)
			if ve, ok := c.want.(*ValidationError); ok {
				require.ErrorAs(t, err, &ve)
			} else {
				require.ErrorIs(t, err, c.want)
			}
		}
		var oe *OpenTicketsError
		_, err := b.svc.EraseCitizen(admin(), other, "letter")
		require.ErrorAs(t, err, &oe)
		require.Equal(t, []string{stillOpen.Ref}, oe.Refs)
		for _, id := range []int64{mine.ID, theirs.ID, stillOpen.ID} {
			require.Nil(t, b.load(t, id).ErasedAt, "nothing changed by a refusal")
		}
		refused := b.entries(t, "citizen_erase")
		require.Len(t, refused, 7)
		for _, e := range refused {
			require.Equal(t, audit.Refused, e.Outcome)
		}

		res, err := b.svc.EraseCitizen(admin(), n, "request by letter of 2030-06-01")
		require.NoError(t, err)
		require.Equal(t, []string{mine.Ref}, res.Refs)
		require.Contains(t, res.LogsKept, "kept")
		got := b.load(t, mine.ID)
		require.Equal(t, WhyCitizen, got.ErasedWhy)
		require.Nil(t, got.INSZ)
		require.Empty(t, b.noteText(t, mine.ID))
		require.Nil(t, b.load(t, theirs.ID).ErasedAt, "another citizen's ticket is untouched")
		done := b.entries(t, "citizen_erase")[0]
		require.Equal(t, audit.OK, done.Outcome)
		require.Equal(t, n, done.Citizen, "the access log names the citizen whose data were erased")
		require.Contains(t, done.Detail, "logs kept by law")
	})
}

// TestRectifyCitizen: an admin corrects identity fields on every ticket of
// one citizen; the log names the fields, not the values; invalid input,
// another role, or a citizen without tickets is refused with nothing
// changed.
func TestRectifyCitizen(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		n := b.citizen()
		a := b.ticket(t, n, *ago(3, 0), ago(2, 0))
		c := b.ticket(t, n, *ago(1, 0), nil)
		other := b.ticket(t, b.citizen(), *ago(1, 0), nil)
		name, bad := "Peeters-Janssens", "1947-13-40"
		fields := Rectification{LastName: &name}

		_, err := b.svc.RectifyCitizen(audit.WithActor(context.Background(), audit.Actor{UserID: 2, Role: audit.RoleFrontOffice}), n, fields, "letter")
		require.ErrorIs(t, err, ErrForbidden)
		var ve *ValidationError
		_, err = b.svc.RectifyCitizen(admin(), n, Rectification{}, "letter")
		require.ErrorAs(t, err, &ve)
		_, err = b.svc.RectifyCitizen(admin(), n, Rectification{LastName: &name, BirthDate: &bad}, "letter")
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "birth_date", ve.Field)
		_, err = b.svc.RectifyCitizen(admin(), b.citizen(), fields, "letter")
		require.ErrorIs(t, err, ErrNoTickets)
		require.Equal(t, "Peeters", b.load(t, a.ID).LastName, "nothing changed by a refusal")

		res, err := b.svc.RectifyCitizen(admin(), n, fields, "letter of 2030-06-01")
		require.NoError(t, err)
		require.Equal(t, 2, res.Tickets)
		require.Equal(t, []string{"last_name"}, res.Fields)
		for _, id := range []int64{a.ID, c.ID} {
			require.Equal(t, name, b.load(t, id).LastName)
		}
		require.Equal(t, "Peeters", b.load(t, other.ID).LastName)
		e := b.entries(t, "citizen_rectify")[0]
		require.Equal(t, audit.OK, e.Outcome)
		require.Contains(t, e.Detail, "fields=last_name")
		require.NotContains(t, e.Detail, name, "the log names the fields, not their values")
	})
}
