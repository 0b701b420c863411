package tickets_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestReasonsAreGuarded (issue 14 §3): an assign, hand-back or reopen
// reason copied from a career screen — a salary, career periods — is
// warned about like a note and stored nowhere; another citizen's number
// is refused. Before the fix each reason was taken as confirmed: 200,
// and the text stood on the timeline.
func TestReasonsAreGuarded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		other := *citizen(41).INSZ
		ops := map[string]func(reason string) error{
			"assign": func(reason string) error {
				tk, err := svc.Create(front, phoneTicket(citizen(40)))
				require.NoError(t, err)
				_, err = svc.Assign(front, tk.Ref, "sigedis", reason, false)
				return err
			},
			"hand back": func(reason string) error {
				tk, err := svc.Create(front, phoneTicket(citizen(40)))
				require.NoError(t, err)
				_, err = svc.Assign(front, tk.Ref, "sigedis", "plan question", false)
				require.NoError(t, err)
				_, err = svc.HandBack(sigedis, tk.Ref, reason, false)
				return err
			},
			"reopen": func(reason string) error {
				tk, err := svc.Create(front, phoneTicket(citizen(40)))
				require.NoError(t, err)
				_, err = svc.Close(front, tk.Ref)
				require.NoError(t, err)
				_, err = svc.Reopen(front, tk.Ref, reason, false)
				return err
			},
		}
		for name, op := range ops {
			for _, leak := range []string{freetexttest.Salary, freetexttest.Career} {
				var we *tickets.WarningError
				require.ErrorAs(t, op(leak), &we, "%s: %s", name, leak)
				require.Equal(t, "reason", we.Field)
			}
			var ve *tickets.ValidationError
			require.ErrorAs(t, op("also about "+other), &ve, name)
			require.Equal(t, "other_insz", ve.Code)
		}
		for _, needle := range []string{"2.345,67", "1985-03-24", other} {
			require.Zero(t, freetexttest.Stored(t, db, needle), needle)
		}
	})
}

// TestSenderIsGuarded (issue 14 §3): the sender of a letter or an e-mail
// typed in by an agent names no other citizen and, unless confirmed,
// nothing that looks like consulted data. Before the fix each was stored
// as given.
func TestSenderIsGuarded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		other := *citizen(43).INSZ
		letter := func(ch tickets.Channel, sender string) tickets.NewTicket {
			return tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: ch, Purpose: tickets.PurposeOther, Subject: "A letter", Sender: sender}
		}
		for _, ch := range []tickets.Channel{tickets.ChannelPost, tickets.ChannelEmail} {
			var ve *tickets.ValidationError
			_, err := svc.Create(front, letter(ch, "J. Peeters "+other[:6]+"-"+other[6:9]+"."+other[9:]))
			require.ErrorAs(t, err, &ve, ch)
			require.Equal(t, "sender", ve.Field)
			for _, leak := range []string{freetexttest.Salary, freetexttest.Career} {
				var we *tickets.WarningError
				_, err = svc.Create(front, letter(ch, leak))
				require.ErrorAs(t, err, &we, "%s: %s", ch, leak)
				require.Equal(t, "sender", we.Field)
			}
		}
		for _, needle := range []string{"2.345,67", "1985-03-24", other[6:9] + "." + other[9:]} {
			require.Zero(t, freetexttest.Stored(t, db, needle), needle)
		}
		tk, err := svc.Create(front, letter(tickets.ChannelPost, "  Mme R. Exemple, rue de la Loi 1, 5000 Namur  "))
		require.NoError(t, err)
		require.Equal(t, "Mme R. Exemple, rue de la Loi 1, 5000 Namur", tk.Sender)
		require.False(t, strings.Contains(tk.Sender, "  "))
	})
}
