package audit

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"
)

// chainState is where a walk of a log stands after a seal: the chain hash
// and entry count it binds, the last entry id, and the tree. It is all a
// walk keeps, so that sealing, verifying and pruning a log of any length
// hold one seal's entries at a time.
type chainState struct {
	log    Log
	prev   []byte // chain hash of the last seal walked
	total  int64
	lastID int64
	tree   frontier
}

// sealed is what one seal's entries give: the chain hash, the tree after
// them and the hashes the tree stores for them.
type sealed struct {
	chain  []byte
	tree   frontier
	stored []byte
}

// extend computes what sealing rows after st gives, without checking
// anything: what the sealer writes.
func (st *chainState) extend(rows []entry) (sealed, []byte) {
	prints := make([]byte, 0, len(rows)*printSize)
	batch := sha256.New()
	tree := frontier{size: st.tree.size, nodes: slices.Clone(st.tree.nodes)}
	stored := make([]byte, 0, 2*len(rows)*32)
	for _, e := range rows {
		content := contentHash(st.log, e)
		prints = appendPrint(prints, e.rowID(), content)
		h := entryHash(e.rowID(), content)
		batch.Write(h[:])
		stored = tree.add(leafHash(st.log, e), stored)
	}
	var sum [32]byte
	batch.Sum(sum[:0])
	return sealed{chain: chainHash(st.prev, sum), tree: tree, stored: stored}, prints
}

// check recomputes seal s from rows — every entry with an id after the
// last seal's up to s.LastID — and names the first entry or the seal that
// does not hold: an entry deleted, inserted, edited or moved, or a seal
// whose counts or chain hash do not follow.
func (st *chainState) check(s Seal, rows []entry) (sealed, error) {
	problem := func(id int64, what, detail string) error {
		return &Problem{Log: st.log, EntryID: id, What: what, Detail: detail}
	}
	prints, err := readPrints(s.Prints)
	if err != nil || len(prints) != s.Entries || s.Total != st.total+int64(s.Entries) || s.FirstID <= st.lastID {
		return sealed{}, &Problem{Log: st.log, SealID: s.ID, What: "seal", Detail: "its counts or prints are inconsistent"}
	}
	last := st.lastID
	for i, e := range rows {
		id := e.rowID()
		if id <= last {
			return sealed{}, problem(id, "reordered", fmt.Sprintf("it comes after entry %d", last))
		}
		last = id
		if i >= len(prints) || prints[i].id > id {
			return sealed{}, problem(id, "inserted", "no seal names this entry, yet it lies within sealed history")
		}
		if prints[i].id < id {
			return sealed{}, problem(prints[i].id, "deleted", "the seal names this entry, and it is gone")
		}
		content := contentHash(st.log, e)
		if !bytes.Equal(content[:8], prints[i].fp[:]) {
			for _, other := range prints {
				if other.id != id && bytes.Equal(content[:8], other.fp[:]) {
					return sealed{}, problem(id, "reordered", fmt.Sprintf("it holds what entry %d held when sealed", other.id))
				}
			}
			return sealed{}, problem(id, "edited", "its content differs from what was sealed")
		}
	}
	if len(rows) < len(prints) {
		return sealed{}, problem(prints[len(rows)].id, "deleted", "the seal names this entry, and it is gone")
	}
	out, _ := st.extend(rows)
	if !bytes.Equal(out.chain, s.ChainHash) {
		return sealed{}, &Problem{Log: st.log, SealID: s.ID, What: "seal", Detail: "its chain hash does not follow from the entries and the seals before it"}
	}
	return out, nil
}

// advance moves the state past seal s.
func (st *chainState) advance(s Seal, out sealed) {
	st.prev, st.total, st.lastID, st.tree = out.chain, s.Total, s.LastID, out.tree
}

// checkTree compares the tree row stored for a seal with the tree its
// entries give.
func checkTree(log Log, s Seal, t *Tree, from int64, out sealed) error {
	root := out.tree.root()
	switch {
	case t == nil:
		return nil
	case t.FromSize != from || t.Size != out.tree.size || t.HashFrom != tlog.StoredHashCount(from):
		return &Problem{Log: log, SealID: s.ID, What: "tree", Detail: fmt.Sprintf("it states %d…%d leaves; the entries give %d…%d", t.FromSize, t.Size, from, out.tree.size)}
	case !bytes.Equal(t.Root, root[:]) || !bytes.Equal(t.Hashes, out.stored):
		return &Problem{Log: log, SealID: s.ID, What: "tree", Detail: "its root or stored hashes do not follow from the entries: proofs read from it would not hold"}
	}
	return nil
}
