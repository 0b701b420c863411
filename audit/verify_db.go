package audit

import (
	"context"

	"github.com/uptrace/bun"
)

// DBSource reads the logs from the database.
type DBSource struct{ DB bun.IDB }

// verifyPage is the entries read per query while verifying.
const verifyPage = 10_000

// Seals lists a log's seals in order.
func (s DBSource) Seals(ctx context.Context, log Log) ([]Seal, error) {
	var out []Seal
	return out, s.DB.NewSelect().Model(&out).Where("log = ?", log).OrderExpr("id").Scan(ctx)
}

// Entries walks a log in id order, a page at a time.
func (s DBSource) Entries(ctx context.Context, log Log, fn func(entry) error) error {
	return walkEntries(ctx, s.DB, log, 1, 1<<62, fn)
}

// walkEntries calls fn for each entry from…to of a log, in id order, read
// a page at a time.
func walkEntries(ctx context.Context, db bun.IDB, log Log, from, to int64, fn func(entry) error) error {
	for {
		page, err := readEntries(ctx, db, log, from, to, verifyPage)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < verifyPage {
			return nil
		}
		from = page[len(page)-1].rowID() + 1
	}
}

// Checkpoints lists a log's checkpoints in order.
func (s DBSource) Checkpoints(ctx context.Context, log Log) ([]Checkpoint, error) {
	var out []Checkpoint
	return out, s.DB.NewSelect().Model(&out).Where("log = ?", log).OrderExpr("id").Scan(ctx)
}

// Horizons lists a log's horizons in order.
func (s DBSource) Horizons(ctx context.Context, log Log) ([]Horizon, error) {
	return Horizons(ctx, s.DB, log)
}
