package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
)

// PrunePlan is what pruning a log would remove: the entries up to LastID,
// which close seal SealID. Entries are removed only in whole seals that a
// signed checkpoint already covers, so that what is removed was provably
// there and intact. Counts and ranges only, never contents.
type PrunePlan struct {
	Log     Log       `json:"log"`
	Cutoff  time.Time `json:"cutoff"`
	SealID  int64     `json:"seal_id"`  // history will begin after this seal (0: never pruned)
	LastID  int64     `json:"last_id"`  // entries up to this id are removed
	Entries int64     `json:"entries"`  // entries still to remove
	FirstID int64     `json:"first_id"` // their id range
	MaxID   int64     `json:"max_id"`
	From    time.Time `json:"from"` // their date range
	To      time.Time `json:"to"`
	// Waiting counts entries older than the cutoff that cannot go yet: no
	// signed checkpoint covers their seal, or a younger entry shares it.
	Waiting int64 `json:"waiting"`
}

// PruneBatch is one transaction of a pruning run: the entries it removed.
type PruneBatch struct {
	Log      Log
	Entries  int64
	FirstID  int64
	LastID   int64
	From, To time.Time
}

// ErrPruneUnverified refuses to remove entries that do not verify against
// their seals: tampered evidence is shown to the adviser, never deleted.
var ErrPruneUnverified = errors.New("audit: the entries to prune do not verify against their seals; nothing was removed")

// PlanPrune says what Prune would remove from log for entries older than
// cutoff, without changing anything.
func PlanPrune(ctx context.Context, db bun.IDB, log Log, cutoff time.Time) (PrunePlan, error) {
	hz, err := lastHorizon(ctx, db, log)
	if err != nil {
		return PrunePlan{}, err
	}
	p := PrunePlan{Log: log, Cutoff: cutoff.UTC(), SealID: hz.SealID, LastID: hz.LastID}
	seal, found, err := prunableSeal(ctx, db, log, hz, cutoff)
	if err != nil {
		return p, fmt.Errorf("audit: plan pruning %s: %w", log, err)
	}
	if found {
		p.SealID, p.LastID = seal.ID, seal.LastID
	}
	if err := p.count(ctx, db); err != nil {
		return p, fmt.Errorf("audit: plan pruning %s: %w", log, err)
	}
	return p, nil
}

// prunableSeal is the last seal after the horizon whose entries are all
// older than cutoff and that a signed checkpoint covers.
func prunableSeal(ctx context.Context, db bun.IDB, log Log, hz Horizon, cutoff time.Time) (Seal, bool, error) {
	var young sql.NullInt64
	err := db.NewRaw("SELECT id FROM "+string(log)+" WHERE id > ? AND at >= ? ORDER BY id LIMIT 1", hz.LastID, cutoff.UTC()).Scan(ctx, &young)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Seal{}, false, err
	}
	var s Seal
	q := db.NewSelect().Model(&s).Where("log = ?", log).Where("id > ?", hz.SealID).
		Where("id <= (SELECT coalesce(max(seal_id), 0) FROM audit_checkpoints WHERE log = ?)", log).
		OrderExpr("id DESC").Limit(1)
	if young.Valid {
		q = q.Where("last_id < ?", young.Int64)
	}
	err = q.Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Seal{}, false, nil
	}
	return s, err == nil, err
}

// count fills the plan's counts and ranges from the database.
func (p *PrunePlan) count(ctx context.Context, db bun.IDB) error {
	r, err := idRange(ctx, db, p.Log, "id <= ?", p.LastID)
	if err != nil {
		return err
	}
	p.Entries, p.FirstID, p.MaxID, p.From, p.To = r.Entries, r.FirstID, r.LastID, r.From, r.To
	return db.NewRaw("SELECT count(*) FROM "+string(p.Log)+" WHERE id > ? AND at < ?", p.LastID, p.Cutoff).Scan(ctx, &p.Waiting)
}

// idRange counts a log's entries that match where, with their first and
// last ids and those entries' times. The times are read from the rows
// themselves: SQLite returns an aggregate of times as text.
func idRange(ctx context.Context, db bun.IDB, log Log, where string, args ...any) (PruneBatch, error) {
	r := PruneBatch{Log: log}
	var first, last sql.NullInt64
	err := db.NewRaw("SELECT count(*), min(id), max(id) FROM "+string(log)+" WHERE "+where, args...).Scan(ctx, &r.Entries, &first, &last)
	if err != nil || r.Entries == 0 {
		return r, err
	}
	r.FirstID, r.LastID = first.Int64, last.Int64
	if r.From, err = entryAt(ctx, db, log, r.FirstID); err == nil {
		r.To, err = entryAt(ctx, db, log, r.LastID)
	}
	return r, err
}

func entryAt(ctx context.Context, db bun.IDB, log Log, id int64) (time.Time, error) {
	var at time.Time
	err := db.NewRaw("SELECT at FROM "+string(log)+" WHERE id = ?", id).Scan(ctx, &at)
	return at.UTC(), err
}

// Prune removes log's entries older than cutoff, in whole sealed batches
// that a signed checkpoint covers, batch entries per transaction. Before
// removing anything past the last horizon, it checks those entries against
// their seals and records a new horizon signed by signer, so that `audit
// verify` starts from it. onBatch, when set, runs in each deleting
// transaction (the retention run counts there what it removed). Run again
// after an interruption, it removes what is left and nothing more.
func Prune(ctx context.Context, db bun.IDB, log Log, cutoff time.Time, signer note.Signer, now time.Time, batch int,
	onBatch func(context.Context, bun.Tx, PruneBatch) error) (PrunePlan, error) {
	p, err := PlanPrune(ctx, db, log, cutoff)
	if err != nil || p.Entries == 0 {
		return p, err
	}
	hz, err := lastHorizon(ctx, db, log)
	if err != nil {
		return p, err
	}
	if p.SealID > hz.SealID {
		if hz, err = newHorizon(ctx, db, hz, p, signer, now); err != nil {
			return p, err
		}
	}
	for {
		n, err := pruneBatch(ctx, db, hz, batch, onBatch)
		if err != nil {
			return p, fmt.Errorf("audit: prune %s: %w", log, err)
		}
		if n == 0 {
			return p, nil
		}
	}
}

// newHorizon checks the entries between the last horizon and the seal the
// plan ends at, then records the signed horizon after that seal.
func newHorizon(ctx context.Context, db bun.IDB, prev Horizon, p PrunePlan, signer note.Signer, now time.Time) (Horizon, error) {
	if signer == nil {
		return prev, errors.New("audit: pruning needs the checkpoint key (--audit-key)")
	}
	if err := verifySegment(ctx, db, prev, p); err != nil {
		return prev, err
	}
	var s Seal
	if err := db.NewSelect().Model(&s).Where("id = ?", p.SealID).Scan(ctx); err != nil {
		return prev, fmt.Errorf("audit: horizon seal: %w", err)
	}
	h := Horizon{Log: p.Log, SealID: s.ID, LastID: s.LastID, Total: s.Total, ChainHash: s.ChainHash,
		Cutoff: p.Cutoff, CreatedAt: now.UTC()}
	if err := h.sign(signer); err != nil {
		return prev, err
	}
	if _, err := db.NewInsert().Model(&h).Exec(ctx); err != nil {
		return prev, fmt.Errorf("audit: record horizon: %w", err)
	}
	return h, nil
}

// verifySegment recomputes the chain from the last horizon to the plan's
// seal from the entries about to be removed.
func verifySegment(ctx context.Context, db bun.IDB, prev Horizon, p PrunePlan) error {
	st := chainState{log: p.Log, prev: prev.ChainHash, total: prev.Total, lastID: prev.LastID}
	err := walkSeals(ctx, db, p.Log, prev.SealID, func(s Seal, _ *Tree) error {
		if s.ID > p.SealID {
			return errStop{}
		}
		rows, err := readEntries(ctx, db, p.Log, st.lastID+1, s.LastID, s.Entries+1)
		if err != nil {
			return err
		}
		out, err := st.check(s, rows)
		if err != nil {
			return err
		}
		st.advance(s, out)
		return nil
	})
	var problem *Problem
	switch {
	case errors.As(err, &problem):
		return fmt.Errorf("%w: %v", ErrPruneUnverified, err)
	case err != nil && !errors.As(err, new(errStop)):
		return err
	case st.lastID != p.LastID:
		return fmt.Errorf("%w: the seals end at entry %d, not %d", ErrPruneUnverified, st.lastID, p.LastID)
	}
	return nil
}

// pruneBatch removes up to batch entries at or below the horizon in one
// transaction that holds the horizon's permit only while it deletes.
func pruneBatch(ctx context.Context, db bun.IDB, hz Horizon, batch int, onBatch func(context.Context, bun.Tx, PruneBatch) error) (int64, error) {
	var b PruneBatch
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var last sql.NullInt64
		err := tx.NewRaw("SELECT max(id) FROM (SELECT id FROM "+string(hz.Log)+" WHERE id <= ? ORDER BY id LIMIT ?) AS b", hz.LastID, batch).Scan(ctx, &last)
		if err != nil || !last.Valid {
			return err
		}
		if b, err = idRange(ctx, tx, hz.Log, "id <= ?", last.Int64); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO audit_prune_permits (horizon_id) VALUES (?)", hz.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+string(hz.Log)+" WHERE id >= ? AND id <= ?", b.FirstID, b.LastID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM audit_prune_permits WHERE horizon_id = ?", hz.ID); err != nil {
			return err
		}
		if onBatch != nil {
			return onBatch(ctx, tx, b)
		}
		return nil
	})
	return b.Entries, err
}
