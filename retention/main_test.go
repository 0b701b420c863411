package retention

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

// now is the tests' "today": every age is counted back from it.
var now = time.Date(2030, 6, 15, 10, 0, 0, 0, time.UTC)

// bundle is what a test works with: a database, a service on it with
// small batches, and generated national numbers.
type bundle struct {
	db     *database.DB
	svc    *Service
	rng    *rand.Rand
	signer *testSigner
	ctx    context.Context
}

type testSigner struct {
	skey, vkey string
}

func setup(t *testing.T, db *database.DB) *bundle {
	t.Helper()
	skey, vkey, err := audit.GenerateKey("contactd-test")
	require.NoError(t, err)
	signer, _, err := audit.NewSigner(skey)
	require.NoError(t, err)
	svc := NewService(db, Options{Signer: signer, Batch: 2, Now: func() time.Time { return now }})
	return &bundle{db: db, svc: svc, rng: rand.New(rand.NewPCG(16, 46)), signer: &testSigner{skey, vkey},
		ctx: audit.WithActor(context.Background(), audit.Actor{System: "test"})}
}

// citizen is a new generated national number.
func (b *bundle) citizen() string { return insz.Generate(b.rng, insz.GenerateOptions{}).String() }

// ticket inserts a ticket of n received at received, closed at closed
// (nil: still in progress), with a note on its timeline.
func (b *bundle) ticket(t *testing.T, n string, received time.Time, closed *time.Time) tickets.Ticket {
	t.Helper()
	status := tickets.StatusInProgress
	if closed != nil {
		status = tickets.StatusClosed
	}
	key := fmt.Sprintf("key-%d", b.rng.Int64())
	tk := tickets.Ticket{
		Ref:     fmt.Sprintf("CC-T-%d", b.rng.Int64()),
		Citizen: tickets.Citizen{INSZ: &n, LastName: "Peeters", FirstName: "Eline", Sex: "female", BirthDate: "1947-02-10", BirthPlace: "Gent", Address: "Straat 1, 9000 Gent"},
		Sender:  "Eline <eline@example.org>", Portal: tickets.PortalMyPension, Channel: tickets.ChannelEmail,
		Purpose: tickets.PurposeContentQuestion, Subject: "My pension", Request: "When do I retire?",
		ReceivedAt: received, Status: status, Institution: "contact_centre", DueAt: received.Add(240 * time.Hour),
		CreatedAt: received, UpdatedAt: received, ClosedAt: closed, IdempotencyKey: &key,
	}
	_, err := b.db.Bun.NewInsert().Model(&tk).Returning("id").Exec(b.ctx)
	require.NoError(t, err)
	act := tickets.Action{TicketID: tk.ID, At: received, Kind: tickets.ActionNote, Text: "Called back, explained the portal."}
	_, err = b.db.Bun.NewInsert().Model(&act).Exec(b.ctx)
	require.NoError(t, err)
	return tk
}

// load reads a ticket back.
func (b *bundle) load(t *testing.T, id int64) tickets.Ticket {
	t.Helper()
	var tk tickets.Ticket
	require.NoError(t, b.db.Bun.NewSelect().Model(&tk).Where("id = ?", id).Scan(b.ctx))
	return tk
}

// noteText is the text of a ticket's note.
func (b *bundle) noteText(t *testing.T, id int64) string {
	t.Helper()
	var text string
	require.NoError(t, b.db.Bun.NewRaw("SELECT text FROM ticket_actions WHERE ticket_id = ?", id).Scan(b.ctx, &text))
	return text
}

// quarantine inserts an unreadable e-mail received at at.
func (b *bundle) quarantine(t *testing.T, at time.Time) int64 {
	t.Helper()
	q := tickets.Quarantined{ReceivedAt: at, Reason: "unreadable", Size: 5, Raw: []byte("From:")}
	_, err := b.db.Bun.NewInsert().Model(&q).Returning("id").Exec(b.ctx)
	require.NoError(t, err)
	return q.ID
}

// entries lists access-log entries of an action.
func (b *bundle) entries(t *testing.T, action string) []audit.Entry {
	t.Helper()
	list, err := audit.Entries(b.ctx, b.db.Bun, audit.Filter{Action: action})
	require.NoError(t, err)
	return list
}

func ago(months, days int) *time.Time {
	at := now.AddDate(0, -months, -days)
	return &at
}
