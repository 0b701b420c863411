package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/tlog"
)

// treeReader reads a log's stored tree hashes from audit_tree: each from
// the seal whose entries produced it, one indexed query per hash, so that
// a proof costs log₂ n short reads whatever the history's length.
type treeReader struct {
	ctx context.Context
	db  bun.IDB
	log Log
}

// ReadHashes implements tlog.HashReader.
func (r treeReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		level, n := tlog.SplitStoredHashIndex(index)
		record := (n+1)<<level - 1 // the leaf whose arrival stored this hash
		var sealID, fromSize int64
		err := r.db.NewRaw("SELECT seal_id, from_size FROM audit_tree WHERE log = ? AND size > ? AND from_size <= ? ORDER BY size LIMIT 1",
			r.log, record, record).Scan(r.ctx, &sealID, &fromSize)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("audit: %s: no tree hash %d", r.log, index)
		}
		if err != nil {
			return nil, err
		}
		// Only the 32 bytes wanted cross the wire, not the seal's blob.
		var hash []byte
		at := (index-tlog.StoredHashCount(fromSize))*tlog.HashSize + 1
		if err := r.db.NewRaw("SELECT substr(hashes, ?, ?) FROM audit_tree WHERE seal_id = ?", at, tlog.HashSize, sealID).Scan(r.ctx, &hash); err != nil {
			return nil, err
		}
		if len(hash) != tlog.HashSize {
			return nil, fmt.Errorf("audit: %s: tree hash %d is not where its seal keeps it", r.log, index)
		}
		copy(out[i][:], hash)
	}
	return out, nil
}

// lastTree is a log's newest tree row, or the zero Tree when it has none.
func lastTree(ctx context.Context, db bun.IDB, log Log) (Tree, error) {
	var t Tree
	err := db.NewSelect().Model(&t).ExcludeColumn("hashes").Where("log = ?", log).OrderExpr("size DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Tree{Log: log}, nil
	}
	return t, err
}
