package tickets

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun/dialect"

	"contactd/audit"
)

// viewRow is one row of the view statement: a ticket (the one asked for,
// or one of its citizen's others) and, on the asked ticket's rows, one
// action of its timeline.
type viewRow struct {
	Ticket Ticket `bun:"embed:t_"`
	Action Action `bun:"embed:a_"`
}

// viewAtOnceSQL reads a ticket the actor may see with its timeline,
// appends the view to the access log, and reads the citizen's other
// visible tickets, in one statement: the entry is written only when the
// ticket row is there to be shown, and commits with the read. %[1]s and
// %[2]s are the ticket's and its actions' columns, renamed with the
// prefixes of viewRow; %[5]s and %[6]s the same for the history's rows,
// whose action columns are NULL; %[3]s and %[4]s the visibility rule for
// the ticket and for its history (canView's).
const viewAtOnceSQL = `WITH t AS (SELECT * FROM tickets WHERE ref = ? AND %[3]s),
l AS (INSERT INTO access_log (at, user_id, role, institution_code, action, outcome, ticket_ref, citizen, detail, request_id, client_addr)
      SELECT ?::timestamptz, ?::bigint, ?::text, ?::text, 'ticket_view', 'ok', t.ref, coalesce(t.insz, ''), '', ?::text, ?::text FROM t)
SELECT %[1]s, %[2]s FROM t LEFT JOIN ticket_actions a ON a.ticket_id = t.id
UNION ALL
(SELECT %[5]s, %[6]s FROM tickets h, t WHERE h.insz = t.insz AND h.id <> t.id AND %[4]s ORDER BY h.id DESC LIMIT ?)`

// viewQuery is the view statement for the visibility conditions own and
// other, built once per pair (there are three: one per kind of role).
func (s *Service) viewQuery(own, other string) string {
	key := own + "\x00" + other
	if q, ok := s.viewQueries.Load(key); ok {
		return q.(string)
	}
	db := s.db
	q := db.Placeholders(fmt.Sprintf(viewAtOnceSQL,
		db.Columns(Ticket{}, "t", "t_"), db.Columns(Action{}, "a", "a_"), own, other,
		db.Columns(Ticket{}, "h", "t_"), db.Columns(Action{}, "", "a_")))
	s.viewQueries.Store(key, q)
	return q
}

// viewAtOnce is ByRef's fast path on PostgreSQL: one statement instead of
// four, one round trip, planned once per connection. ok is false when the
// ticket is not there to be shown — unknown, or not the actor's to see — so
// that the general path decides which, and logs the refusal.
func (s *Service) viewAtOnce(ctx context.Context, a audit.Actor, ref string) (v View, ok bool, err error) {
	if s.db.Bun.Dialect().Name() != dialect.PG {
		return v, false, nil
	}
	own, ownArgs := visibility(a, "tickets")
	other, otherArgs := visibility(a, "h")
	query := s.viewQuery(own, other)
	entry := audit.Entry{Action: "ticket_view"}
	audit.PrepareEntry(ctx, &entry)
	args := append([]any{ref}, ownArgs...)
	args = append(args, entry.At, entry.UserID, entry.Role, entry.Institution, entry.RequestID, entry.ClientAddr)
	args = append(args, otherArgs...)
	args = append(args, historyLimit)
	var rows []viewRow
	res, err := s.db.QueryPrepared(ctx, query, args...)
	if err != nil {
		return v, true, err
	}
	if err := s.db.Bun.ScanRows(ctx, res, &rows); err != nil {
		return v, true, err
	}
	v.Actions, v.History = []Action{}, []Ticket{}
	for _, r := range rows {
		switch {
		case r.Ticket.Ref != ref:
			v.History = append(v.History, r.Ticket)
		case r.Action.ID != 0:
			v.Actions = append(v.Actions, r.Action)
			fallthrough
		default:
			v.Ticket = r.Ticket
		}
	}
	if v.Ticket.Ref != ref {
		return View{}, false, nil
	}
	slices.SortFunc(v.Actions, func(x, y Action) int { return cmp.Compare(x.ID, y.ID) })
	slices.SortFunc(v.History, func(x, y Ticket) int { return cmp.Compare(y.ID, x.ID) })
	return v, true, nil
}
