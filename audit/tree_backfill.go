package audit

import (
	"bytes"
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// sealPage is the seals read per query by a walk: their prints are the
// bulk of what a walk holds.
const sealPage = 64

// buildTrees brings a log's tree up to its last seal and returns the walk
// state there. A database sealed before trees existed (chain only) gets
// its tree here, on the first seal after the upgrade: from its first
// entry, or from the retention horizon when older entries were already
// removed. Each seal is checked against its entries before its tree is
// written, so that a tree is only ever built on intact history; a seal
// that does not hold stops sealing with the Problem, which the daily
// verification reports.
func buildTrees(ctx context.Context, db bun.IDB, log Log) (chainState, Seal, error) {
	st := chainState{log: log}
	last, err := lastSeal(ctx, db, log)
	if err != nil || last.ID == 0 {
		return st, last, err
	}
	t, err := lastTree(ctx, db, log)
	if err != nil {
		return st, last, err
	}
	after := int64(0)
	switch {
	case t.SealID != 0:
		var s Seal
		if err := db.NewSelect().Model(&s).ExcludeColumn("prints").Where("id = ?", t.SealID).Scan(ctx); err != nil {
			return st, last, fmt.Errorf("audit: tree of %s: %w", log, err)
		}
		if st.tree, err = frontierFrom(t.Size, treeReader{ctx, db, log}); err != nil {
			return st, last, err
		}
		if root := st.tree.root(); !bytes.Equal(root[:], t.Root) {
			return st, last, &Problem{Log: log, SealID: t.SealID, What: "tree", Detail: "its stored hashes do not give its root"}
		}
		st.prev, st.total, st.lastID, after = s.ChainHash, s.Total, s.LastID, s.ID
	default:
		hz, err := lastHorizon(ctx, db, log)
		if err != nil {
			return st, last, err
		}
		st.prev, st.total, st.lastID, after = hz.ChainHash, hz.Total, hz.LastID, hz.SealID
	}
	if after == last.ID {
		return st, last, nil
	}
	err = walkSeals(ctx, db, log, after, func(s Seal, _ *Tree) error {
		rows, err := readEntries(ctx, db, log, st.lastID+1, s.LastID, s.Entries+1)
		if err != nil {
			return err
		}
		out, err := st.check(s, rows)
		if err != nil {
			return err
		}
		row := newTree(log, s.ID, st.tree.size, out)
		if _, err := db.NewInsert().Model(&row).Exec(ctx); err != nil {
			return fmt.Errorf("audit: tree of %s: %w", log, err)
		}
		st.advance(s, out)
		return nil
	})
	return st, last, err
}

// walkSeals calls fn for each seal of log after seal id after, in order,
// with its tree when it has one, a page at a time.
func walkSeals(ctx context.Context, db bun.IDB, log Log, after int64, fn func(Seal, *Tree) error) error {
	for {
		var page []Seal
		if err := db.NewSelect().Model(&page).Where("log = ? AND id > ?", log, after).OrderExpr("id").Limit(sealPage).Scan(ctx); err != nil {
			return fmt.Errorf("audit: seals of %s: %w", log, err)
		}
		if len(page) == 0 {
			return nil
		}
		ids := make([]int64, len(page))
		for i := range page {
			ids[i] = page[i].ID
		}
		var trees []Tree
		if err := db.NewSelect().Model(&trees).Where("seal_id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
			return fmt.Errorf("audit: trees of %s: %w", log, err)
		}
		bySeal := make(map[int64]*Tree, len(trees))
		for i := range trees {
			bySeal[trees[i].SealID] = &trees[i]
		}
		for _, s := range page {
			if err := fn(s, bySeal[s.ID]); err != nil {
				return err
			}
		}
		after = page[len(page)-1].ID
	}
}
