package audit

import (
	"context"
	"iter"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/tlog"
)

// DBSource reads the logs from the database.
type DBSource struct{ DB bun.IDB }

// verifyPage is the entries read per query while verifying.
const verifyPage = 10_000

// Horizons lists a log's horizons in order.
func (s DBSource) Horizons(ctx context.Context, log Log) ([]Horizon, error) {
	return Horizons(ctx, s.DB, log)
}

// LastSealID is the id of the log's newest seal.
func (s DBSource) LastSealID(ctx context.Context, log Log) (int64, error) {
	var id int64
	err := s.DB.NewRaw("SELECT coalesce(max(id), 0) FROM audit_seals WHERE log = ?", log).Scan(ctx, &id)
	return id, err
}

// Seals yields seals a page at a time.
func (s DBSource) Seals(ctx context.Context, log Log, after, upTo int64) iter.Seq2[SealTree, error] {
	return func(yield func(SealTree, error) bool) {
		stop := errStop{}
		err := walkSeals(ctx, s.DB, log, after, func(seal Seal, t *Tree) error {
			if seal.ID > upTo || !yield(SealTree{seal, t}, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != error(stop) {
			yield(SealTree{}, err)
		}
	}
}

// errStop ends a walk early without being an error.
type errStop struct{}

func (errStop) Error() string { return "stop" }

// Entries yields entries a page at a time.
func (s DBSource) Entries(ctx context.Context, log Log, from int64) iter.Seq2[entry, error] {
	return func(yield func(entry, error) bool) {
		stop := errStop{}
		err := walkEntries(ctx, s.DB, log, from, 1<<62, func(e entry) error {
			if !yield(e, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != error(stop) {
			yield(nil, err)
		}
	}
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

// Checkpoints yields checkpoints a page at a time.
func (s DBSource) Checkpoints(ctx context.Context, log Log, after, upTo int64) iter.Seq2[Checkpoint, error] {
	return func(yield func(Checkpoint, error) bool) {
		lastSeal, lastID := after, int64(1<<62) // strictly after the seal at first
		for {
			var page []Checkpoint
			err := s.DB.NewSelect().Model(&page).Where("log = ? AND seal_id <= ?", log, upTo).
				Where("(seal_id > ? OR (seal_id = ? AND id > ?))", lastSeal, lastSeal, lastID).
				OrderExpr("seal_id, id").Limit(verifyPage / 10).Scan(ctx)
			if err != nil {
				yield(Checkpoint{}, err)
				return
			}
			for _, c := range page {
				if !yield(c, nil) {
					return
				}
			}
			if len(page) < verifyPage/10 {
				return
			}
			lastSeal, lastID = page[len(page)-1].SealID, page[len(page)-1].ID
		}
	}
}

// Frontier reads the tree of size n from audit_tree.
func (s DBSource) Frontier(ctx context.Context, log Log, n int64) (frontier, error) {
	return frontierFrom(n, treeReader{ctx, s.DB, log})
}

// ProveTree proves from the stored hashes that the log's tree of size t
// extends its tree of size n.
func (s DBSource) ProveTree(ctx context.Context, log Log, t, n int64) (tlog.TreeProof, error) {
	return tlog.ProveTree(t, n, treeReader{ctx, s.DB, log})
}

// OrphanCheckpoint is the id of a checkpoint of log whose seal is not one
// of the log's, 0 when there is none.
func (s DBSource) OrphanCheckpoint(ctx context.Context, log Log) (int64, error) {
	var ids []int64
	err := s.DB.NewRaw("SELECT c.id FROM audit_checkpoints c WHERE c.log = ? AND NOT EXISTS "+
		"(SELECT 1 FROM audit_seals s WHERE s.id = c.seal_id AND s.log = c.log) ORDER BY c.id LIMIT 1", log).Scan(ctx, &ids)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}
