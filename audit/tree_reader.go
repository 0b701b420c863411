package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

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

// readBatch bounds the hashes read in one query.
const readBatch = 64

// ReadHashes implements tlog.HashReader: one round trip per 64 hashes,
// each an index probe for the seal whose stored hashes hold it (the one
// with the largest hash_from at or below it) and a 32-byte slice of them.
func (r treeReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, 0, len(indexes))
	for len(indexes) > 0 {
		batch := indexes[:min(len(indexes), readBatch)]
		indexes = indexes[len(batch):]
		var q strings.Builder
		args := make([]any, 0, 4*len(batch))
		for i, index := range batch {
			if i > 0 {
				q.WriteString(" UNION ALL ")
			}
			fmt.Fprintf(&q, "SELECT %d AS k, (SELECT substr(hashes, CAST((? - hash_from) * %d + 1 AS integer), %d) FROM audit_tree WHERE log = ? AND hash_from <= ? ORDER BY hash_from DESC LIMIT 1) AS h",
				i, tlog.HashSize, tlog.HashSize)
			args = append(args, index, r.log, index)
		}
		rows, err := r.db.QueryContext(r.ctx, "SELECT h FROM ("+q.String()+") AS hs ORDER BY k", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h []byte
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return nil, err
			}
			if len(h) != tlog.HashSize {
				rows.Close()
				return nil, fmt.Errorf("audit: %s: a tree hash is not where its seal keeps it", r.log)
			}
			out = append(out, tlog.Hash(h))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 && len(indexes) > 0 {
		return nil, fmt.Errorf("audit: %s: no tree hashes", r.log)
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
