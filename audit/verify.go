package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Problem is the first thing verification found wrong in a log.
type Problem struct {
	Log     Log
	EntryID int64  // the entry at fault, when one is
	SealID  int64  // the seal at fault, when one is
	What    string // edited, deleted, inserted, reordered, seal, tree, checkpoint, horizon, truncated, forked
	Detail  string
}

func (p *Problem) Error() string {
	switch {
	case p.EntryID != 0:
		return fmt.Sprintf("%s: entry %d %s: %s", p.Log, p.EntryID, p.What, p.Detail)
	case p.SealID != 0:
		return fmt.Sprintf("%s: seal %d: %s: %s", p.Log, p.SealID, p.What, p.Detail)
	}
	return fmt.Sprintf("%s: %s: %s", p.Log, p.What, p.Detail)
}

// Report is what verification checked.
type Report struct {
	Log         Log
	Entries     int64 // entries recomputed and found as sealed
	Seals       int
	Checkpoints int
	Unsealed    int64 // entries newer than the last seal: checked at the next run
	// Horizon is the seal after which history begins when older entries
	// were removed under the retention policy (0: the whole history).
	Horizon int64
	// BeforeHorizon counts entries below the horizon that a pruning run
	// has yet to remove; they are outside verified history.
	BeforeHorizon int64
	// From is the seal an incremental verification started after (0: a
	// full verification).
	From int64
	// LastSeal, TreeSize and LastCheckpoint say where the walk ended.
	LastSeal, TreeSize int64
	LastCheckpoint     *Checkpoint
	// Anchors are the checkpoints held outside the database that the log
	// was checked against: the witnesses' newest and any given.
	Anchors []AnchorResult
}

// Anchor is a checkpoint held outside the database: a witness's newest,
// or a note kept by the adviser.
type Anchor struct {
	From string // who holds it: a witness, a file
	Note []byte
	// Log is the log the holder keeps it for (a witness's file of that
	// log), "" for a note of either log kept by the adviser.
	Log Log
}

// AnchorResult says what an anchor stated and that the log holds it.
type AnchorResult struct {
	From string
	Size int64 // leaves (0 for a checkpoint written before trees)
	At   time.Time
}

// VerifyOptions say what to check a log against.
type VerifyOptions struct {
	// Verifier checks checkpoint signatures; nil checks the texts only
	// (`audit verify --no-signatures`).
	Verifier note.Verifier
	// Anchors are checkpoints held outside the database.
	Anchors []Anchor
	// After starts an incremental verification after this seal, whose
	// tree a signed checkpoint states (0: full).
	After int64
}

// Verify recomputes a log's chain and tree from its entries and checks
// them against its seals, trees and checkpoints, and against checkpoints
// held outside (notes given). It returns the first Problem found, as an
// error. Signatures are checked when verifier is not nil.
func Verify(ctx context.Context, src Source, log Log, verifier note.Verifier, external ...[]byte) (Report, error) {
	opts := VerifyOptions{Verifier: verifier}
	for _, n := range external {
		opts.Anchors = append(opts.Anchors, Anchor{From: "a checkpoint kept outside", Note: n})
	}
	return VerifyWith(ctx, src, log, opts)
}

// VerifyWith is Verify with every option.
func VerifyWith(ctx context.Context, src Source, log Log, opts VerifyOptions) (Report, error) {
	horizons, err := src.Horizons(ctx, log)
	if err != nil {
		return Report{Log: log}, err
	}
	r, err := verifyOnce(ctx, src, log, opts, horizons)
	var p *Problem
	if errors.As(err, &p) {
		// A pruning run may have moved the horizon and removed entries
		// while they were read: verify again from the new horizon.
		if again, herr := src.Horizons(ctx, log); herr == nil && len(again) > len(horizons) {
			r, err = verifyOnce(ctx, src, log, opts, again)
		}
	}
	return r, err
}
