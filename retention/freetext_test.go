package retention

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// params registers the string and struct parameters of the service: the
// reasons are free text, the rest is not.
var params = map[string]string{
	"EraseCitizen#1": "-", "EraseCitizen#2": "reason", // a national number, parsed; the reason
	"RectifyCitizen#1": "-", "RectifyCitizen#3": "reason",
	"type:retention.Rectification": "input", // checked field by field
	"type:time.Time":               "-",     // a run's clock
}

// inLog counts the access-log entries whose detail holds needle: a reason
// is written there, kept for ten years.
func inLog(t *testing.T, db *database.DB, needle string) int {
	t.Helper()
	n, err := db.Bun.NewSelect().Table("access_log").Where("detail LIKE ?", "%"+needle+"%").Count(context.Background())
	require.NoError(t, err)
	return int(n)
}

// TestEveryFreeTextFieldIsGuarded (O5, §5; issue 14 §3): the reasons of a
// citizen's erasure or rectification and the corrected identity values
// are found by reflection and attacked. Another citizen's national number
// is refused everywhere; in a reason, a salary or career periods are
// refused too (the forms have no confirmation step: a reason is the
// request and its date). Nothing refused reaches the access log. The
// identity values are checked for numbers only: the surname Van Loon is
// not pay.
func TestEveryFreeTextFieldIsGuarded(t *testing.T) {
	t.Parallel()
	fields := freetexttest.Fields(t, Rectification{})
	reasons := freetexttest.Params(t, params, &Service{})
	require.Len(t, fields, 6)
	require.Len(t, reasons, 2)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		n := b.citizen()
		b.ticket(t, n, *ago(1, 0), nil) // open: an erasure that passes the checks stops there
		other := freetexttest.OtherNumber(7, n)
		fix := func(v string) Rectification { return Rectification{LastName: &v} }
		try := map[string]func(reason string) error{
			"EraseCitizen#2":   func(r string) error { _, err := b.svc.EraseCitizen(admin(), n, r); return err },
			"RectifyCitizen#3": func(r string) error { _, err := b.svc.RectifyCitizen(admin(), n, fix("Peeters"), r); return err },
		}
		for _, site := range reasons {
			for _, attack := range []string{"letter of 2030-06-01 about " + other, freetexttest.Salary, freetexttest.Career} {
				var ve *ValidationError
				require.ErrorAs(t, try[site.Where](attack), &ve, "%s: %s", site.Where, attack)
				require.Equal(t, "reason", ve.Field)
			}
			err := try[site.Where]("letter of 2030-06-01 from " + n)
			if err != nil {
				require.ErrorIs(t, err, ErrOpenTickets, "%s: the citizen's own number passes the guard", site.Where)
			}
		}
		for _, site := range fields {
			v := "Peeters " + other
			r := Rectification{}
			for name, p := range map[string]**string{"last_name": &r.LastName, "first_name": &r.FirstName, "sex": &r.Sex,
				"birth_date": &r.BirthDate, "birth_place": &r.BirthPlace, "address": &r.Address} {
				if name == site.Field {
					*p = &v
				}
			}
			var ve *ValidationError
			_, err := b.svc.RectifyCitizen(admin(), n, r, "letter")
			require.ErrorAs(t, err, &ve, site.Where)
			require.Equal(t, site.Field, ve.Field, site.Where)
		}
		for _, needle := range []string{"2.345,67", "1985-03-24", other[9:]} {
			require.Zero(t, inLog(t, db, needle), needle)
		}
		vanLoon := "Van Loon"
		_, err := b.svc.RectifyCitizen(admin(), n, Rectification{LastName: &vanLoon}, "letter")
		require.NoError(t, err)
	})
}
