package audit

import (
	"context"
	"iter"
)

// Source is where verification reads a log: the database, or a file
// exported from it. Everything is streamed in order, so that verifying a
// log of any length holds one seal's entries at a time.
type Source interface {
	// Horizons lists a log's horizons in order: where history begins
	// after entries were removed under the retention policy.
	Horizons(ctx context.Context, log Log) ([]Horizon, error)
	// LastSealID is the id of the log's newest seal (0: none); a walk
	// stops there, so that what is sealed while it runs waits for the
	// next one.
	LastSealID(ctx context.Context, log Log) (int64, error)
	// Seals yields the log's seals with ids in (after, upTo], in order,
	// each with its tree when it has one.
	Seals(ctx context.Context, log Log, after, upTo int64) iter.Seq2[SealTree, error]
	// Entries yields the log's entries from id from on, in id order.
	Entries(ctx context.Context, log Log, from int64) iter.Seq2[entry, error]
	// Checkpoints yields the log's checkpoints of seals in (after, upTo],
	// in the order of their seals.
	Checkpoints(ctx context.Context, log Log, after, upTo int64) iter.Seq2[Checkpoint, error]
	// Frontier is the log's tree of size n, from its stored hashes.
	Frontier(ctx context.Context, log Log, n int64) (frontier, error)
}

// SealTree is a seal with its tree (nil for a seal made before trees).
type SealTree struct {
	Seal Seal
	Tree *Tree
}
