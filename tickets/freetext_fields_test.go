package tickets_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/freetext/freetexttest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// notFreeText registers the string and struct parameters of the service
// that hold no text a person writes, and the free-text ones by field.
var notFreeText = map[string]string{
	"AddNote#1": "-", "AddNote#2": "note", // a reference; the note
	"Assign#1": "-", "Assign#2": "-", "Assign#3": "reason", // a reference; an institution from the list
	"HandBack#1": "-", "HandBack#2": "reason",
	"Reopen#1": "-", "Reopen#2": "reason",
	"ByRef#1": "-", "Close#1": "-", "ConsultationTicket#1": "-", "Identify#1": "-", "RecordAnswer#1": "-",
	"SetStatus#1": "-", "SetStatus#2": "-", "Take#1": "-", "VerifyIdentity#1": "-",
	"CheckIdentify#1": "-", "CheckIdentify#2": "-", // a national number, parsed
	"IngestEmail#1":          "-",                                     // a portal from the list; the message itself is the citizen's own words
	"type:tickets.NewTicket": "input", "type:tickets.Answer": "input", // checked field by field
	"type:tickets.Filter":       "-", // a search, never stored
	"type:tickets.Citizen":      "-", // the identity the register gave (O3)
	"type:tickets.ControlCheck": "-", // numbers only
	"type:tickets.Ticket":       "-", // a loaded ticket, for a consultation's record
	"type:audit.Consultation":   "-", // written by the lookup service from the register
}

// agent is a signed-in front-office agent: the request text is guarded
// for people, not for the citizen portal, which sends the citizen's words.
var agent = audit.WithActor(context.Background(), audit.Actor{UserID: 7, Role: audit.RoleFrontOffice, Institution: tickets.ContactCentre})

func addAgent(t *testing.T, db *database.DB) {
	t.Helper()
	_, err := db.Bun.ExecContext(context.Background(), "INSERT INTO users (id, subject, created_at) VALUES (?, ?, ?)", 7, "agent-7", time.Now().UTC())
	require.NoError(t, err)
}

// attempt writes text into one free-text field through the public method
// that takes it, on a fresh ticket of citizen c, and returns its error.
type attempt func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, confirmed bool) error

func openTicket(t *testing.T, svc *tickets.Service, c *tickets.Citizen) tickets.Ticket {
	t.Helper()
	tk, err := svc.Create(front, phoneTicket(c))
	require.NoError(t, err)
	return tk
}

var attempts = map[string]attempt{
	"NewTicket.Subject": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		in := phoneTicket(c)
		in.Subject, in.Confirmed = text, ok
		_, err := svc.Create(agent, in)
		return err
	},
	"NewTicket.Request": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		in := phoneTicket(c)
		in.Request, in.Confirmed = text, ok
		_, err := svc.Create(agent, in)
		return err
	},
	"NewTicket.Sender": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		in := phoneTicket(c)
		in.Channel, in.Check, in.Sender, in.Confirmed = tickets.ChannelPost, nil, text, ok
		_, err := svc.Create(agent, in)
		return err
	},
	"Answer.Summary": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		_, err := svc.RecordAnswer(front, openTicket(t, svc, c).Ref, tickets.Answer{Channel: tickets.AnswerEbox, ContainsPersonalData: true, Summary: text, Confirmed: ok})
		return err
	},
	"AddNote#2": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		_, err := svc.AddNote(front, openTicket(t, svc, c).Ref, text, ok)
		return err
	},
	"Assign#3": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		_, err := svc.Assign(front, openTicket(t, svc, c).Ref, "sigedis", text, ok)
		return err
	},
	"HandBack#2": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		tk := openTicket(t, svc, c)
		_, err := svc.Assign(front, tk.Ref, "sigedis", "plan question", false)
		require.NoError(t, err)
		_, err = svc.HandBack(sigedis, tk.Ref, text, ok)
		return err
	},
	"Reopen#2": func(t *testing.T, svc *tickets.Service, c *tickets.Citizen, text string, ok bool) error {
		tk := openTicket(t, svc, c)
		_, err := svc.Close(front, tk.Ref)
		require.NoError(t, err)
		_, err = svc.Reopen(front, tk.Ref, text, ok)
		return err
	},
}

// TestEveryFreeTextFieldIsGuarded (O5, §5): every string field of the
// input structs and every string parameter of the service's methods is
// found by reflection; each free-text one is attacked through its public
// method with another citizen's national number (refused, even confirmed)
// and with a salary and career periods (warned about, then accepted once
// the agent confirms) — and what was refused is nowhere in the database.
// A new field or parameter that nobody registered fails here.
func TestEveryFreeTextFieldIsGuarded(t *testing.T) {
	t.Parallel()
	sites := append(freetexttest.Fields(t, tickets.NewTicket{}, tickets.Answer{}),
		freetexttest.Params(t, notFreeText, &tickets.Service{})...)
	require.Len(t, sites, len(attempts), "every free-text field found has its attack, and no attack is stale")
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		addAgent(t, db)
		c := citizen(60)
		other := freetexttest.OtherNumber(61, *c.INSZ)
		for _, site := range sites {
			try, ok := attempts[site.Where]
			require.True(t, ok, "%s has no attack", site.Where)
			var ve *tickets.ValidationError
			require.ErrorAs(t, try(t, svc, c, "about "+other, true), &ve, site.Where)
			require.Equal(t, "other_insz", ve.Code, site.Where)
			require.Equal(t, site.Field, ve.Field, site.Where)
			for _, leak := range []string{freetexttest.Salary, freetexttest.Career} {
				var we *tickets.WarningError
				require.ErrorAs(t, try(t, svc, c, leak, false), &we, "%s: %s", site.Where, leak)
				require.Equal(t, site.Field, we.Field, site.Where)
			}
		}
		for _, needle := range []string{"2.345,67", "1985-03-24", other[9:]} {
			require.Zero(t, freetexttest.Stored(t, db, needle), "%s stored", needle)
		}
		for _, site := range sites {
			require.NoError(t, attempts[site.Where](t, svc, c, freetexttest.Salary, true), "%s: confirmed by the agent", site.Where)
		}
	})
}
