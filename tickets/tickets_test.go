package tickets_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testdb"
	"contactd/tickets"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var (
	front    = audit.WithActor(context.Background(), audit.Actor{UserID: 0, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
	sigedis  = audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleBackOffice, Institution: "sigedis"})
	sfpd     = audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleBackOffice, Institution: "sfpd"})
	adviser  = audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleSecurityAdviser, Institution: "contact_centre"})
	portal   = audit.WithActor(context.Background(), audit.Actor{System: "citizen-portal"})
	managers = audit.WithActor(context.Background(), audit.Actor{Role: audit.RoleLocalManager, Institution: "contact_centre"})
)

// citizen is a synthetic citizen for a test.
func citizen(seed uint64) *tickets.Citizen {
	n := insz.Generate(rand.New(rand.NewPCG(seed, 1)), insz.GenerateOptions{}).String()
	return &tickets.Citizen{INSZ: &n, LastName: "Voorbeeld", FirstName: "An", Sex: "female", BirthDate: "1970-01-01", BirthPlace: "Gent", Address: "Straat 1, 9000 Gent"}
}

func phoneTicket(c *tickets.Citizen) tickets.NewTicket {
	in := tickets.NewTicket{Portal: tickets.PortalMyCareer, Channel: tickets.ChannelPhone, Purpose: tickets.PurposeContentQuestion,
		Subject: "Question about a missing period", Citizen: c, Check: &tickets.ControlCheck{Put: 2, Passed: true}}
	if c != nil {
		in.Lookup = &audit.Consultation{INSZ: *c.INSZ, Kind: "identity", Reason: "identification", Outcome: audit.Found}
	}
	return in
}

func setup(t *testing.T, db *database.DB) *tickets.Service {
	return tickets.NewService(db, tickets.Options{})
}

func accessLog(t *testing.T, db *database.DB, action string) []audit.Entry {
	t.Helper()
	e, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: action, Limit: 1000})
	require.NoError(t, err)
	return e
}

func countRows(t *testing.T, db *database.DB, table string) int {
	t.Helper()
	n, err := db.Bun.NewSelect().Table(table).Count(context.Background())
	require.NoError(t, err)
	return int(n)
}

// TestPhoneTicketLifecycle: a phone contact becomes a ticket with a
// reference, the caller's identity and the outcome of the control
// questions; it is assigned to a back office, answered by eBox and closed,
// then reopened — each step on the timeline and in the access log (O1–O5, O8).
func TestPhoneTicketLifecycle(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		c := citizen(1)
		tk, err := svc.Create(front, phoneTicket(c))
		require.NoError(t, err)
		require.Regexp(t, `^CC-\d{4}-\d{6}$`, tk.Ref)
		require.Equal(t, tickets.StatusInProgress, tk.Status)
		require.Equal(t, *c.INSZ, tk.NationalNumber())

		_, err = svc.Assign(front, tk.Ref, "sigedis", "content question on the pension plan", false)
		require.NoError(t, err)
		_, err = svc.AddNote(sigedis, tk.Ref, "Checked with the plan's organiser.", false)
		require.NoError(t, err)
		_, err = svc.RecordAnswer(sigedis, tk.Ref, tickets.Answer{Channel: tickets.AnswerEbox, ContainsPersonalData: true})
		require.NoError(t, err)
		_, err = svc.Close(sigedis, tk.Ref)
		require.NoError(t, err)
		_, err = svc.Reopen(front, tk.Ref, "the citizen called back", false)
		require.NoError(t, err)

		v, err := svc.ByRef(front, tk.Ref)
		require.NoError(t, err)
		var kinds []tickets.ActionKind
		for _, a := range v.Actions {
			kinds = append(kinds, a.Kind)
		}
		require.Equal(t, []tickets.ActionKind{"created", "consultation", "identity_verified", "assigned", "note", "answer_sent", "closed", "reopened"}, kinds)
		require.Equal(t, 2, v.Actions[2].QuestionsPut, "control questions recorded")
		require.True(t, *v.Actions[2].QuestionsPassed)
		require.Equal(t, tickets.StatusInProgress, v.Ticket.Status)
		require.Equal(t, "contact_centre", v.Ticket.Institution)
		require.Len(t, accessLog(t, db, "ticket_create"), 1)
		require.Len(t, accessLog(t, db, "ticket_update"), 5)
		view := accessLog(t, db, "ticket_view")
		require.Len(t, view, 1)
		require.Equal(t, *c.INSZ, view[0].Citizen)
		require.Equal(t, tk.Ref, view[0].TicketRef)
	})
}

// TestReferenceFromTheTicketNumber: a ticket's reference is CC-<year>-
// and its number, zero-padded to six digits and longer past 999,999 —
// the same on PostgreSQL, where the statement that inserts the ticket
// writes the reference, as on SQLite; its timeline, lookup record and
// access-log entry name that ticket.
func TestReferenceFromTheTicketNumber(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		first, err := svc.Create(front, phoneTicket(citizen(7)))
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("CC-%d-%06d", first.CreatedAt.Year(), first.ID), first.Ref)

		bump := `UPDATE sqlite_sequence SET seq = 1234566 WHERE name = 'tickets'`
		if db.Dialect == database.Postgres {
			bump = `SELECT setval(pg_get_serial_sequence('tickets', 'id'), 1234566)`
		}
		_, err = db.Bun.ExecContext(context.Background(), bump)
		require.NoError(t, err)
		c := citizen(8)
		long, err := svc.Create(front, phoneTicket(c))
		require.NoError(t, err)
		require.EqualValues(t, 1234567, long.ID)
		require.Equal(t, fmt.Sprintf("CC-%d-1234567", long.CreatedAt.Year()), long.Ref)

		v, err := svc.ByRef(front, long.Ref)
		require.NoError(t, err)
		require.Equal(t, long.ID, v.Ticket.ID)
		require.Len(t, v.Actions, 3, "created, consultation, identity_verified")
		looked, err := audit.ConsultationsOf(context.Background(), db.Bun, long.ID)
		require.NoError(t, err)
		require.Len(t, looked, 1)
		require.Equal(t, long.Ref, looked[0].TicketRef)
		require.Equal(t, fmt.Sprintf("identity#%d", looked[0].ID), v.Actions[1].ConsultationRef)
		created := accessLog(t, db, "ticket_create")
		require.Len(t, created, 2)
		require.ElementsMatch(t, []string{first.Ref, long.Ref}, []string{created[0].TicketRef, created[1].TicketRef})
	})
}

// TestCreateStatementFailureWritesNothing: on PostgreSQL an agent's
// contact is one statement; when it fails — here the ticket's number is
// already taken — the agent gets the database's refusal (ErrDuplicate,
// not a bare "no row"), and neither the ticket nor its lookup record,
// timeline or access-log entry is written; the log keeps the refusal.
func TestCreateStatementFailureWritesNothing(t *testing.T) {
	t.Parallel()
	db := testdb.Postgres(t)
	svc := setup(t, db)
	first, err := svc.Create(front, phoneTicket(citizen(9)))
	require.NoError(t, err)
	tables := []string{"tickets", "ticket_actions", "consultations", "access_log"}
	before := map[string]int{}
	for _, table := range tables {
		before[table] = countRows(t, db, table)
	}
	_, err = db.Bun.ExecContext(context.Background(), `SELECT setval(pg_get_serial_sequence('tickets', 'id'), ?, false)`, first.ID)
	require.NoError(t, err)

	_, err = svc.Create(front, phoneTicket(citizen(10)))
	require.ErrorIs(t, err, tickets.ErrDuplicate)
	for _, table := range tables {
		after := countRows(t, db, table)
		if table == "access_log" {
			after-- // the refusal's own entry, below
		}
		require.Equal(t, before[table], after, table)
	}
	created := accessLog(t, db, "ticket_create") // newest first
	require.Len(t, created, 2)
	require.Equal(t, audit.Refused, created[0].Outcome)
	require.Equal(t, "duplicate", created[0].Detail)
	require.Empty(t, created[0].TicketRef, "no ticket to name")
}

// TestBackOfficeSeesOnlyItsOwnTickets: lists, search by reference or
// national number, direct view and changes — another institution's ticket
// never shows, and every refusal is logged.
func TestBackOfficeSeesOnlyItsOwnTickets(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		c := citizen(2)
		mine, err := svc.Create(front, phoneTicket(c))
		require.NoError(t, err)
		theirs, err := svc.Create(front, phoneTicket(c))
		require.NoError(t, err)
		_, err = svc.Assign(front, mine.Ref, "sigedis", "plan question", false)
		require.NoError(t, err)
		_, err = svc.Assign(front, theirs.Ref, "sfpd", "pension question", false)
		require.NoError(t, err)

		for _, f := range []tickets.Filter{{}, {Queue: tickets.QueueAll}, {INSZ: *c.INSZ}, {Ref: theirs.Ref}, {Institution: "sfpd"}} {
			p, err := svc.List(sigedis, f)
			require.NoError(t, err)
			for _, tk := range p.Tickets {
				require.Equal(t, "sigedis", tk.Institution, "filter %+v leaked %s", f, tk.Ref)
			}
		}
		p, err := svc.List(sigedis, tickets.Filter{Queue: tickets.QueueInstitution})
		require.NoError(t, err)
		require.Len(t, p.Tickets, 1)

		// Another institution's ticket is not found, as an unknown
		// reference is: its existence is not theirs to learn (issue 14).
		_, err = svc.ByRef(sigedis, theirs.Ref)
		require.ErrorIs(t, err, tickets.ErrNotFound)
		require.NotErrorIs(t, err, tickets.ErrForbidden)
		v, err := svc.ByRef(sigedis, mine.Ref)
		require.NoError(t, err)
		require.Empty(t, v.History, "the citizen's history shows only what the viewer may see")
		_, err = svc.AddNote(sigedis, theirs.Ref, "not mine", false)
		require.ErrorIs(t, err, tickets.ErrNotFound)
		_, err = svc.ByRef(managers, mine.Ref)
		require.ErrorIs(t, err, tickets.ErrNotFound, "a local manager does not read tickets")

		refused := map[string]string{}
		for _, e := range append(accessLog(t, db, "ticket_view"), accessLog(t, db, "ticket_update")...) {
			if e.Outcome == audit.Refused {
				refused[e.Institution+" "+e.Action+" "+e.TicketRef] = e.Detail
			}
		}
		require.Equal(t, map[string]string{
			"sigedis ticket_view " + theirs.Ref:      "not_visible",
			"sigedis ticket_update " + theirs.Ref:    "not_visible",
			"contact_centre ticket_view " + mine.Ref: "not_visible",
		}, refused, "every refusal is logged with the reference asked")

		fv, err := svc.ByRef(front, mine.Ref)
		require.NoError(t, err)
		require.Len(t, fv.History, 1, "the front office sees the citizen's other ticket (O2)")
		_, err = svc.ByRef(adviser, theirs.Ref)
		require.NoError(t, err)
		_, err = svc.AddNote(adviser, mine.Ref, "advisers only read", false)
		require.ErrorIs(t, err, tickets.ErrForbidden)
	})
}

// TestIllegalTransitionsChangeNothing: moves that make no sense are refused
// and leave the ticket, its timeline and the log of changes as they were.
func TestIllegalTransitionsChangeNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		tk, err := svc.Create(front, phoneTicket(citizen(3)))
		require.NoError(t, err)
		_, err = svc.Close(front, tk.Ref)
		require.NoError(t, err)
		actions := countRows(t, db, "ticket_actions")
		for name, op := range map[string]func() error{
			"close twice": func() error { _, err := svc.Close(front, tk.Ref); return err },
			"answer closed": func() error {
				_, err := svc.RecordAnswer(front, tk.Ref, tickets.Answer{Channel: tickets.AnswerPost})
				return err
			},
			"assign closed":    func() error { _, err := svc.Assign(front, tk.Ref, "sigedis", "x", false); return err },
			"note on closed":   func() error { _, err := svc.AddNote(front, tk.Ref, "x", false); return err },
			"status to new":    func() error { _, err := svc.SetStatus(front, tk.Ref, tickets.StatusNew); return err },
			"hand back closed": func() error { _, err := svc.HandBack(sigedis, tk.Ref, "x", false); return err },
		} {
			require.Error(t, op(), name)
		}
		_, err = svc.Reopen(front, "CC-1999-000000", "x", false)
		require.ErrorIs(t, err, tickets.ErrNotFound)
		open, err := svc.Create(front, phoneTicket(citizen(3)))
		require.NoError(t, err)
		_, err = svc.Reopen(front, open.Ref, "not closed", false)
		require.ErrorIs(t, err, tickets.ErrTransition)
		require.Equal(t, actions+3, countRows(t, db, "ticket_actions"), "only the new ticket's own actions were added")
		v, err := svc.ByRef(front, tk.Ref)
		require.NoError(t, err)
		require.Equal(t, tickets.StatusClosed, v.Ticket.Status)
	})
}

// TestNoPersonalDataByPhone: an answer with personal data cannot be given
// by phone (O7, §7); one without can.
func TestNoPersonalDataByPhone(t *testing.T) {
	t.Parallel()
	svc := setup(t, testdb.SQLite(t))
	tk, err := svc.Create(front, phoneTicket(citizen(4)))
	require.NoError(t, err)
	_, err = svc.RecordAnswer(front, tk.Ref, tickets.Answer{Channel: tickets.AnswerPhone, ContainsPersonalData: true})
	var ve *tickets.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "channel", ve.Field)
	_, err = svc.RecordAnswer(front, tk.Ref, tickets.Answer{Channel: tickets.AnswerPhone})
	require.NoError(t, err, "how to use the portal may be explained by phone")
}

// TestFreeTextGuard: a note naming another citizen's national number is
// refused; one that looks like consulted data is warned about until the
// agent confirms; the ticket's own number is fine (§5).
func TestFreeTextGuard(t *testing.T) {
	t.Parallel()
	svc := setup(t, testdb.SQLite(t))
	c := citizen(5)
	tk, err := svc.Create(front, phoneTicket(c))
	require.NoError(t, err)
	other := *citizen(6).INSZ
	var ve *tickets.ValidationError
	_, err = svc.AddNote(front, tk.Ref, "Also asked about "+other[:6]+" "+other[6:9]+" "+other[9:], true)
	require.ErrorAs(t, err, &ve)
	require.Contains(t, ve.Message, "another person's national number")
	_, err = svc.Create(front, tickets.NewTicket{Portal: "mycareer", Channel: "phone", Purpose: "other", Subject: "about " + other, Citizen: c})
	require.ErrorAs(t, err, &ve, "the subject is guarded too")

	for _, leak := range []string{
		"Reserve of € 12.345,67 at 2025-12-31",
		"Monthly salary 2 345,00 according to the screen",
		"Worked 01/02/1990 to 31/12/1995 at Bakkerij Peeters",
		"Son salaire brut était élevé",
	} {
		var we *tickets.WarningError
		_, err = svc.AddNote(front, tk.Ref, leak, false)
		require.ErrorAs(t, err, &we, leak)
		require.Contains(t, we.Message, "§5")
	}
	_, err = svc.AddNote(front, tk.Ref, "Monthly salary 2 345,00 according to the citizen's own letter", true)
	require.NoError(t, err, "confirmed by the agent")
	_, err = svc.AddNote(front, tk.Ref, "Caller "+*c.INSZ+" asked for a call back tomorrow", false)
	require.NoError(t, err, "the ticket's own number is allowed")
	_, err = svc.AddNote(front, tk.Ref, "   ", false)
	require.ErrorAs(t, err, &ve)
}

// TestCreateRefusals: invalid national number, unknown channel, an empty or
// oversize subject, a phone contact without number, an actor who may not
// create — each refused, nothing written but the refusal's log entry.
func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		bad := "85073003300"
		long := make([]byte, 201)
		for i := range long {
			long[i] = 'a'
		}
		cases := map[string]struct {
			ctx context.Context
			in  tickets.NewTicket
		}{
			"invalid insz":   {front, func() tickets.NewTicket { n := phoneTicket(citizen(7)); n.Citizen.INSZ = &bad; return n }()},
			"channel":        {front, func() tickets.NewTicket { n := phoneTicket(citizen(7)); n.Channel = "fax"; return n }()},
			"empty subject":  {front, func() tickets.NewTicket { n := phoneTicket(citizen(7)); n.Subject = " "; return n }()},
			"long subject":   {front, func() tickets.NewTicket { n := phoneTicket(citizen(7)); n.Subject = string(long); return n }()},
			"phone, no insz": {front, func() tickets.NewTicket { n := phoneTicket(nil); return n }()},
			"future": {front, func() tickets.NewTicket {
				n := phoneTicket(citizen(7))
				n.ReceivedAt = time.Now().Add(time.Hour)
				return n
			}()},
			"adviser":     {adviser, phoneTicket(citizen(7))},
			"back office": {sigedis, phoneTicket(citizen(7))},
		}
		for name, c := range cases {
			_, err := svc.Create(c.ctx, c.in)
			require.Error(t, err, name)
		}
		require.Zero(t, countRows(t, db, "tickets"))
		require.Zero(t, countRows(t, db, "ticket_actions"))
		require.Len(t, accessLog(t, db, "ticket_create"), len(cases), "each refusal is logged")
	})
}

// TestPortalIdempotency: a retried portal post with the same key makes no
// second ticket.
func TestPortalIdempotency(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		in := tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: tickets.ChannelPortalForm, Purpose: tickets.PurposeErrorReport,
			Subject: "My plan is missing", Request: "Mon plan de pension n'apparaît pas.", Citizen: citizen(8), IdempotencyKey: "k-1"}
		first, err := svc.Create(portal, in)
		require.NoError(t, err)
		require.Equal(t, tickets.StatusNew, first.Status)
		_, err = svc.Create(portal, in)
		require.ErrorIs(t, err, tickets.ErrDuplicate)
		require.ErrorContains(t, err, first.Ref, "the refusal names the first ticket")
		other := audit.WithActor(context.Background(), audit.Actor{System: "another-portal"})
		_, err = svc.Create(other, in)
		require.NoError(t, err, "idempotency keys are per client")
		require.Equal(t, 2, countRows(t, db, "tickets"))
	})
}

// TestQueuesAndPaging: the new queue, mine, filters, and keyset paging.
func TestQueuesAndPaging(t *testing.T) {
	t.Parallel()
	svc := setup(t, testdb.SQLite(t))
	agent := audit.WithActor(context.Background(), audit.Actor{UserID: 0, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
	for i := range 7 {
		in := tickets.NewTicket{Portal: tickets.PortalMyPension, Channel: tickets.ChannelPortalForm, Purpose: tickets.PurposeOther,
			Subject: "form " + string(rune('a'+i)), Citizen: citizen(uint64(100 + i))}
		_, err := svc.Create(portal, in)
		require.NoError(t, err)
	}
	p, err := svc.List(agent, tickets.Filter{Queue: tickets.QueueNew, Limit: 3})
	require.NoError(t, err)
	require.Len(t, p.Tickets, 3)
	require.NotZero(t, p.Next)
	seen := map[string]bool{}
	for {
		for _, tk := range p.Tickets {
			require.False(t, seen[tk.Ref])
			seen[tk.Ref] = true
		}
		if p.Next == 0 {
			break
		}
		p, err = svc.List(agent, tickets.Filter{Queue: tickets.QueueNew, Limit: 3, Before: p.Next})
		require.NoError(t, err)
	}
	require.Len(t, seen, 7)
	p, err = svc.List(agent, tickets.Filter{Channel: tickets.ChannelPhone})
	require.NoError(t, err)
	require.Empty(t, p.Tickets)
	_, err = svc.List(agent, tickets.Filter{Status: "lost"})
	var ve *tickets.ValidationError
	require.ErrorAs(t, err, &ve)
	_, err = svc.List(agent, tickets.Filter{INSZ: "12345"})
	require.ErrorAs(t, err, &ve)
}

// TestCreateKeepsTextAsWritten: quotes, question marks, percent signs and
// SQL-looking text reach the ticket exactly as typed, on both databases
// (PostgreSQL's create writes its values into one statement), and the
// timeline starts with the creation, then the lookup, then the check.
func TestCreateKeepsTextAsWritten(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		in := phoneTicket(citizen(77))
		in.Subject = `Why? It's 100% "odd" '); DROP TABLE tickets; -- $1 ?`
		tk, err := svc.Create(front, in)
		require.NoError(t, err)
		v, err := svc.ByRef(front, tk.Ref)
		require.NoError(t, err)
		require.Equal(t, in.Subject, v.Ticket.Subject)
		require.Equal(t, tk.Ref, v.Ticket.Ref)
		var kinds []tickets.ActionKind
		for _, a := range v.Actions {
			kinds = append(kinds, a.Kind)
		}
		require.Equal(t, []tickets.ActionKind{tickets.ActionCreated, tickets.ActionConsultation, tickets.ActionIdentityVerified}, kinds)
		require.Equal(t, tickets.ConsultationRef(in.Lookup), v.Actions[1].ConsultationRef)
		require.Len(t, accessLog(t, db, "ticket_create"), 1)
	})
}
