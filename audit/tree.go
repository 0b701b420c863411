package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/tlog"
)

// Tree is a log's Merkle tree (RFC 6962, as golang.org/x/mod/sumdb/tlog
// computes it) after one seal: its size, its root, and the hashes the
// seal's entries added to it. A checkpoint signs a root; an inclusion
// proof shows one entry under it and a consistency proof that a later
// root extends an earlier one, each in log₂ n hashes read from here
// (O6, O9: the adviser, a witness and a citizen check without trusting
// the database).
//
// Leaves are numbered from the tree's base: 0 for a log sealed by this
// code from its first entry, or the first entry after the retention
// horizon for a log whose older entries were pruned before trees existed.
type Tree struct {
	bun.BaseModel `bun:"table:audit_tree"`

	SealID   int64 `bun:"seal_id,pk" json:"seal_id"`
	Log      Log   `bun:"log,notnull" json:"log"`
	FromSize int64 `bun:"from_size,notnull" json:"from_size"` // leaves before this seal
	Size     int64 `bun:"size,notnull" json:"size"`           // leaves after it
	// HashFrom is tlog.StoredHashCount(FromSize): the stored-hash index
	// of Hashes' first, by which a proof finds a hash's seal.
	HashFrom int64  `bun:"hash_from,notnull" json:"hash_from"`
	Root     []byte `bun:"root,notnull" json:"root"`
	// Hashes are tlog's stored hashes of the seal's entries, in order,
	// from index HashFrom.
	Hashes []byte `bun:"hashes,notnull" json:"hashes"`
}

// receiptPart splits an entry into what a receipt shows (the fields the
// person it concerns is shown anyway) and the rest, which a receipt holds
// only as a digest.
type receiptPart interface {
	public() []byte
	private() []byte
}

// A consultation's receipt shows what the transparency API shows the
// citizen: when, which institution, which kind of data, within which
// ticket, about whom, and that data were shown. Who in person, from where
// and why stay digested.
func (c Consultation) public() []byte {
	var b canon
	b.time(c.At)
	b.str(c.INSZ, c.Institution, c.Kind, c.TicketRef, string(c.Outcome))
	return b
}

func (c Consultation) private() []byte {
	var b canon
	b.id(c.UserID)
	b.str(c.Role)
	b.id(c.TicketID)
	b.str(c.Reason, c.Detail, fmt.Sprint(c.LatencyUS), c.RequestID, c.ClientAddr)
	return b
}

// An access-log entry has no receipt: it is digested whole.
func (e Entry) public() []byte  { return nil }
func (e Entry) private() []byte { return e.canonical() }

// leafData is the record a leaf hashes: the log, the entry's id, its
// public fields and the digest of the rest. docs/AUDIT.md gives the
// algorithm, so that a receipt is checked without this code.
func leafData(log Log, id int64, public []byte, privateDigest [32]byte) []byte {
	out := fmt.Appendf(nil, "contactd/%s/leaf/v1\x00", log)
	out = binary.BigEndian.AppendUint64(out, uint64(id))
	out = binary.AppendUvarint(out, uint64(len(public)))
	out = append(out, public...)
	return append(out, privateDigest[:]...)
}

// leafHash is an entry's leaf in its log's tree.
func leafHash(log Log, e entry) tlog.Hash {
	p := e.(receiptPart)
	return tlog.RecordHash(leafData(log, e.rowID(), p.public(), sha256.Sum256(p.private())))
}

// frontier is a tree held as the roots of its complete subtrees, largest
// first: log₂ n hashes, whatever n — what lets sealing and verification
// extend a tree of a hundred million entries in constant memory.
type frontier struct {
	size  int64
	nodes []tlog.Hash
}

// add appends a leaf and returns the hashes tlog stores for it (the leaf,
// then each subtree it completes), appended to stored.
func (f *frontier) add(leaf tlog.Hash, stored []byte) []byte {
	h := leaf
	stored = append(stored, h[:]...)
	for n := f.size; n&1 == 1; n >>= 1 {
		h = tlog.NodeHash(f.nodes[len(f.nodes)-1], h)
		f.nodes = f.nodes[:len(f.nodes)-1]
		stored = append(stored, h[:]...)
	}
	f.nodes = append(f.nodes, h)
	f.size++
	return stored
}

// root is the tree's hash (RFC 6962's MTH).
func (f *frontier) root() tlog.Hash {
	if f.size == 0 {
		return tlog.RecordHash(nil) // unused: a tree is signed only once it has leaves
	}
	h := f.nodes[len(f.nodes)-1]
	for i := len(f.nodes) - 2; i >= 0; i-- {
		h = tlog.NodeHash(f.nodes[i], h)
	}
	return h
}

// frontierIndexes are the stored-hash indexes of the complete subtrees of
// a tree of size n, largest first.
func frontierIndexes(n int64) []int64 {
	var out []int64
	lo := int64(0)
	for level := 62; level >= 0; level-- {
		if n&(1<<level) != 0 {
			out = append(out, tlog.StoredHashIndex(level, lo>>level))
			lo += 1 << level
		}
	}
	return out
}

// frontierFrom rebuilds the frontier of size n from stored hashes.
func frontierFrom(n int64, r tlog.HashReader) (frontier, error) {
	idx := frontierIndexes(n)
	hashes, err := r.ReadHashes(idx)
	if err != nil {
		return frontier{}, err
	}
	return newFrontier(n, hashes)
}

// newFrontier checks that nodes are as many as a tree of size n has
// complete subtrees (one per bit of n): a frontier read from an export
// is only as good as whoever wrote the file.
func newFrontier(n int64, nodes []tlog.Hash) (frontier, error) {
	if n < 0 || len(nodes) != bits.OnesCount64(uint64(n)) {
		return frontier{}, fmt.Errorf("audit: a tree of %d entries has %d subtrees, not %d", n, bits.OnesCount64(uint64(max(n, 0))), len(nodes))
	}
	return frontier{size: n, nodes: nodes}, nil
}

// newTree is the tree row of a seal that took the tree from size from to
// what out holds.
func newTree(log Log, sealID, from int64, out sealed) Tree {
	root := out.tree.root()
	return Tree{SealID: sealID, Log: log, FromSize: from, Size: out.tree.size, HashFrom: tlog.StoredHashCount(from),
		Root: root[:], Hashes: out.stored}
}
