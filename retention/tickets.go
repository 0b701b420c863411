package retention

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Why a ticket was erased, in tickets.erased_why.
const (
	WhyRetention = "retention"
	WhyCitizen   = "citizen_request"
)

// ticketRow is what erasure reads of a ticket: never its contents.
type ticketRow struct {
	bun.BaseModel `bun:"table:tickets"`
	ID            int64      `bun:"id"`
	Ref           string     `bun:"ref"`
	Status        string     `bun:"status"`
	ClosedAt      *time.Time `bun:"closed_at"`
}

// expiredTickets selects the closed tickets, not yet erased, closed before
// cutoff.
func expiredTickets(q *bun.SelectQuery, cutoff time.Time) *bun.SelectQuery {
	return q.Where("status = 'closed' AND erased_at IS NULL AND closed_at < ?", cutoff)
}

// planTickets counts what the next run erases of the tickets.
func planTickets(ctx context.Context, db bun.IDB, cutoff time.Time) (Range, error) {
	var rows []ticketRow
	err := expiredTickets(db.NewSelect().Model(&rows).Column("id", "closed_at"), cutoff).OrderExpr("id").Scan(ctx)
	return ticketRange(rows), err
}

func ticketRange(rows []ticketRow) Range {
	var r Range
	for _, t := range rows {
		b := Range{Count: 1, FirstID: t.ID, LastID: t.ID}
		if t.ClosedAt != nil {
			b.From, b.To = t.ClosedAt.UTC(), t.ClosedAt.UTC()
		}
		r = r.merge(b)
	}
	return r
}

// eraseTicketBatch erases up to limit expired tickets in tx.
func eraseTicketBatch(ctx context.Context, tx bun.Tx, cutoff, now time.Time, limit int) (Range, error) {
	var rows []ticketRow
	err := expiredTickets(tx.NewSelect().Model(&rows).Column("id", "closed_at"), cutoff).OrderExpr("id").Limit(int64(limit)).Scan(ctx)
	if err != nil || len(rows) == 0 {
		return Range{}, err
	}
	return ticketRange(rows), eraseTickets(ctx, tx, rows, now, WhyRetention)
}

// eraseTickets removes the citizen's identity and every free text of the
// tickets — the subject, the request, the sender, the message ids, the
// portal's idempotency key, the text of every timeline action — and
// keeps what statistics need: reference, dates, channel, portal, purpose,
// statuses and institution (O13, §17).
func eraseTickets(ctx context.Context, tx bun.Tx, rows []ticketRow, now time.Time, why string) error {
	ids := make([]int64, len(rows))
	for i, t := range rows {
		ids[i] = t.ID
	}
	_, err := tx.NewUpdate().Table("tickets").
		Set("insz = NULL, last_name = '', first_name = '', sex = '', birth_date = '', birth_place = '', address = ''").
		Set("sender = '', subject = '', request = '', message_id = NULL, idempotency_key = NULL").
		Set("erased_at = ?, erased_why = ?", now, why).
		Where("id IN (?)", bun.In(ids)).Exec(ctx)
	if err != nil {
		return err
	}
	_, err = tx.NewUpdate().Table("ticket_actions").Set("text = ''").Where("ticket_id IN (?)", bun.In(ids)).Exec(ctx)
	return err
}
