package audit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/freetext"
	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// reviewParams registers the string and struct parameters of the review:
// the comment, the referral and the sanction are the adviser's prose.
var reviewParams = map[string]string{
	"SetVerdict#3": "-", "SetVerdict#4": "comment", // a verdict from the list; the comment
	"UpdateFollowUp#3": "referred_to", "UpdateFollowUp#4": "sanction",
	"type:time.Time": "-", // the review's clock
}

// TestReviewTextIsGuarded (O5, §5; issue 14 §3): the verdict's comment
// and the follow-up's referral and sanction, found by reflection, pass the
// free-text guard: a national number — any, since the item already names
// its consultation — is refused even confirmed; a salary or career periods
// are warned about until the adviser confirms; nothing refused is stored.
func TestReviewTextIsGuarded(t *testing.T) {
	t.Parallel()
	sites := freetexttest.Params(t, reviewParams, audit.SetVerdict, audit.UpdateFollowUp)
	require.Len(t, sites, 3)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		start, end, _ := period(t, db)
		run, err := audit.DrawRun(ctx, db.Bun, start, end, "all", 1, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		adv := audit.WithActor(ctx, audit.Actor{UserID: 102, Role: audit.RoleSecurityAdviser, Institution: tickets.ContactCentre})
		_, items, err := audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		item := items[0].ID
		require.NoError(t, audit.SetVerdict(adv, db.Bun, item, audit.NotJustified, "", time.Now(), false), "a follow-up to write in")
		try := map[string]func(text string, confirmed bool) error{
			"SetVerdict#4": func(s string, ok bool) error {
				return audit.SetVerdict(adv, db.Bun, items[1].ID, audit.ExplanationAsked, s, time.Now(), ok)
			},
			"UpdateFollowUp#3": func(s string, ok bool) error {
				return audit.UpdateFollowUp(adv, db.Bun, item, s, "", false, time.Now(), ok)
			},
			"UpdateFollowUp#4": func(s string, ok bool) error {
				return audit.UpdateFollowUp(adv, db.Bun, item, "team lead", s, false, time.Now(), ok)
			},
		}
		other := freetexttest.OtherNumber(9, "")
		for _, site := range sites {
			var fe *freetext.Error
			require.True(t, errors.As(try[site.Where]("agent looked up "+other, true), &fe), site.Where)
			require.Equal(t, freetext.CodeOtherNumber, fe.Code)
			require.Equal(t, site.Field, fe.Field)
			for _, leak := range []string{freetexttest.Salary, freetexttest.Career} {
				fe = nil
				require.True(t, errors.As(try[site.Where](leak, false), &fe), "%s: %s", site.Where, leak)
				require.True(t, fe.Warning, site.Where)
			}
		}
		for _, needle := range []string{"2.345,67", "1985-03-24", other[9:]} {
			like := "%" + needle + "%"
			n, err := db.Bun.NewSelect().Table("sampling_items").Where("comment LIKE ?", like).Count(ctx)
			require.NoError(t, err)
			m, err := db.Bun.NewSelect().Table("sampling_followups").Where("referred_to LIKE ? OR sanction LIKE ?", like, like).Count(ctx)
			require.NoError(t, err)
			require.Zero(t, n+m, needle)
		}
		for _, site := range sites {
			require.NoError(t, try[site.Where]("confirmed: "+freetexttest.Career, true), site.Where)
		}
	})
}
