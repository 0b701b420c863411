package retention

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// quarantineRow is what retention reads of a quarantined e-mail: its id
// and arrival, never the message.
type quarantineRow struct {
	bun.BaseModel `bun:"table:mail_quarantine"`
	ID            int64     `bun:"id"`
	ReceivedAt    time.Time `bun:"received_at"`
}

func quarantineRange(rows []quarantineRow) Range {
	var r Range
	for _, q := range rows {
		r = r.merge(Range{Count: 1, FirstID: q.ID, LastID: q.ID, From: q.ReceivedAt.UTC(), To: q.ReceivedAt.UTC()})
	}
	return r
}

// planQuarantine counts the quarantined e-mails that arrived before cutoff.
func planQuarantine(ctx context.Context, db bun.IDB, cutoff time.Time) (Range, error) {
	var rows []quarantineRow
	err := db.NewSelect().Model(&rows).Column("id", "received_at").Where("received_at < ?", cutoff).OrderExpr("id").Scan(ctx)
	return quarantineRange(rows), err
}

// deleteQuarantineBatch deletes up to limit of them in tx, whole: an
// e-mail that could not be read never named its citizen in a way we could
// keep apart from its contents.
func deleteQuarantineBatch(ctx context.Context, tx bun.Tx, cutoff time.Time, limit int) (Range, error) {
	var rows []quarantineRow
	err := tx.NewSelect().Model(&rows).Column("id", "received_at").Where("received_at < ?", cutoff).OrderExpr("id").Limit(int64(limit)).Scan(ctx)
	if err != nil || len(rows) == 0 {
		return Range{}, err
	}
	ids := make([]int64, len(rows))
	for i, q := range rows {
		ids[i] = q.ID
	}
	_, err = tx.NewDelete().Table("mail_quarantine").Where("id IN (?)", bun.In(ids)).Exec(ctx)
	return quarantineRange(rows), err
}
