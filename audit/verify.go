package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"

	"golang.org/x/mod/sumdb/note"
)

// Problem is the first thing verification found wrong in a log.
type Problem struct {
	Log     Log
	EntryID int64  // the entry at fault, when one is
	SealID  int64  // the seal at fault, when one is
	What    string // edited, deleted, inserted, reordered, seal, checkpoint
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
}

// Source is where verification reads a log: the database, or a file
// exported from it.
type Source interface {
	// Seals lists a log's seals in order.
	Seals(ctx context.Context, log Log) ([]Seal, error)
	// Entries calls fn for each entry of a log in id order.
	Entries(ctx context.Context, log Log, fn func(entry) error) error
	// Checkpoints lists a log's checkpoints in order.
	Checkpoints(ctx context.Context, log Log) ([]Checkpoint, error)
	// Horizons lists a log's horizons in order: where history begins
	// after entries were removed under the retention policy.
	Horizons(ctx context.Context, log Log) ([]Horizon, error)
}

// Verify recomputes a log's chain from its entries and checks it against
// its seals and checkpoints, and against the external checkpoints given
// (notes kept outside the database). It returns the first Problem found,
// as an error, naming the entry that was edited, deleted, inserted or
// reordered, or the seal or checkpoint that does not hold. Checkpoint
// signatures are checked when verifier is not nil.
func Verify(ctx context.Context, src Source, log Log, verifier note.Verifier, external ...[]byte) (Report, error) {
	r, horizons, err := verify(ctx, src, log, verifier, external)
	var p *Problem
	if errors.As(err, &p) {
		// A pruning run may have moved the horizon and removed entries
		// while they were read: verify again from the new horizon.
		if again, herr := src.Horizons(ctx, log); herr == nil && len(again) > horizons {
			r, _, err = verify(ctx, src, log, verifier, external)
		}
	}
	return r, err
}

// verify is one pass of Verify; it also says how many horizons it saw.
func verify(ctx context.Context, src Source, log Log, verifier note.Verifier, external [][]byte) (Report, int, error) {
	r := Report{Log: log}
	horizons, err := src.Horizons(ctx, log)
	if err != nil {
		return r, 0, err
	}
	seals, err := src.Seals(ctx, log)
	if err != nil {
		return r, len(horizons), err
	}
	checkpoints, err := src.Checkpoints(ctx, log)
	if err != nil {
		return r, len(horizons), err
	}
	w := &walker{log: log, seals: seals, heads: map[int64]head{}}
	if err := w.begin(horizons, checkpoints, verifier); err != nil {
		return r, len(horizons), err
	}
	if err := src.Entries(ctx, log, w.entry); err != nil {
		return r, len(horizons), err
	}
	if err := w.finish(); err != nil {
		return r, len(horizons), err
	}
	r.Entries, r.Seals, r.Unsealed = w.checked, len(seals), w.unsealed
	r.Horizon, r.BeforeHorizon = w.horizon, w.beforeHorizon
	for _, c := range checkpoints {
		if len(seals) == 0 || c.SealID > seals[len(seals)-1].ID {
			// Signed after the seals were read (the worker runs on): it
			// is checked at the next verification.
			continue
		}
		if err := w.checkNote([]byte(c.Note), verifier, c.SealID); err != nil {
			return r, len(horizons), err
		}
		r.Checkpoints++
	}
	for _, n := range external {
		if err := w.checkNote(n, verifier, 0); err != nil {
			return r, len(horizons), err
		}
	}
	return r, len(horizons), nil
}

// walker merges a log's entries, in id order, with its seals' prints.
type walker struct {
	log      Log
	seals    []Seal
	at       int     // the seal being walked
	prints   []print // its prints
	pos      int     // the next print expected
	batch    hash.Hash
	prev     []byte
	total    int64
	heads    map[int64]head // chain state after each seal
	checked  int64
	unsealed int64
	lastID   int64
	// horizon is the seal after which history begins, floor its last
	// entry: entries at or below it are outside verified history.
	horizon, floor, beforeHorizon int64
}

func (w *walker) problem(id int64, what, detail string) error {
	return &Problem{Log: w.log, EntryID: id, What: what, Detail: detail}
}

func (w *walker) entry(e entry) error {
	id := e.rowID()
	if id <= w.lastID {
		return w.problem(id, "reordered", fmt.Sprintf("it comes after entry %d", w.lastID))
	}
	w.lastID = id
	if id <= w.floor {
		w.beforeHorizon++
		return nil
	}
	for w.at < len(w.seals) && w.seals[w.at].LastID < id {
		if err := w.closeSeal(); err != nil {
			return err
		}
	}
	if w.at == len(w.seals) {
		w.unsealed++
		return nil
	}
	if err := w.openSeal(); err != nil {
		return err
	}
	if w.pos == len(w.prints) || w.prints[w.pos].id > id {
		return w.problem(id, "inserted", "no seal names this entry, yet it lies within sealed history")
	}
	if p := w.prints[w.pos]; p.id < id {
		return w.problem(p.id, "deleted", "the seal names this entry, and it is gone")
	}
	content := contentHash(w.log, e)
	if !bytes.Equal(content[:8], w.prints[w.pos].fp[:]) {
		for _, other := range w.prints {
			if other.id != id && bytes.Equal(content[:8], other.fp[:]) {
				return w.problem(id, "reordered", fmt.Sprintf("it holds what entry %d held when sealed", other.id))
			}
		}
		return w.problem(id, "edited", "its content differs from what was sealed")
	}
	h := entryHash(id, content)
	w.batch.Write(h[:])
	w.pos++
	w.checked++
	return nil
}

// openSeal starts walking the current seal if it has not started yet.
func (w *walker) openSeal() error {
	if w.batch != nil {
		return nil
	}
	s := w.seals[w.at]
	prints, err := readPrints(s.Prints)
	if err != nil || len(prints) != s.Entries || s.Total != w.total+int64(s.Entries) {
		return &Problem{Log: w.log, SealID: s.ID, What: "seal", Detail: "its counts or prints are inconsistent"}
	}
	w.prints, w.pos, w.batch = prints, 0, sha256.New()
	return nil
}

// closeSeal checks that every print of the current seal was met and that
// the recomputed chain hash is the one stored.
func (w *walker) closeSeal() error {
	if err := w.openSeal(); err != nil {
		return err
	}
	s := w.seals[w.at]
	if w.pos < len(w.prints) {
		return w.problem(w.prints[w.pos].id, "deleted", "the seal names this entry, and it is gone")
	}
	var sum [32]byte
	w.batch.Sum(sum[:0])
	got := chainHash(w.prev, sum)
	if !bytes.Equal(got, s.ChainHash) {
		return &Problem{Log: w.log, SealID: s.ID, What: "seal", Detail: "its chain hash does not follow from the entries and the seals before it"}
	}
	w.prev, w.total = got, s.Total
	w.heads[s.ID] = head{log: w.log, total: s.Total, hash: got, sealID: s.ID}
	w.at, w.batch = w.at+1, nil
	return nil
}

func (w *walker) finish() error {
	for w.at < len(w.seals) {
		if err := w.closeSeal(); err != nil {
			return err
		}
	}
	return nil
}

// checkNote checks a signed checkpoint against the recomputed chain; want
// is the seal the database says it signs (0 for an external note).
func (w *walker) checkNote(msg []byte, verifier note.Verifier, want int64) error {
	fail := func(detail string) error {
		return &Problem{Log: w.log, SealID: want, What: "checkpoint", Detail: detail}
	}
	var text string
	if verifier != nil {
		n, err := note.Open(msg, note.VerifierList(verifier))
		if err != nil {
			return fail("its signature does not verify: " + err.Error())
		}
		text = n.Text
	} else {
		body, _, _ := bytes.Cut(msg, []byte("\n\n")) // unsigned check: the text only
		text = string(body) + "\n"
	}
	h, err := parseHead(text)
	if err != nil {
		return fail(err.Error())
	}
	if h.log != w.log {
		return nil // another log's checkpoint
	}
	got, ok := w.heads[h.sealID]
	if !ok || (want != 0 && h.sealID != want) {
		return fail(fmt.Sprintf("it signs seal %d, which the chain does not hold", h.sealID))
	}
	if got.total != h.total || !bytes.Equal(got.hash, h.hash) {
		return fail(fmt.Sprintf("the chain at seal %d is not what was signed: history was rewritten", h.sealID))
	}
	return nil
}

// begin starts the walk after the last horizon, if history was pruned.
// Every horizon must be signed, match the seal it names (seals are kept
// when entries are removed), follow the one before, and lie within
// history a signed checkpoint covers. Before the horizon the kept seals
// are all that is left: a checkpoint of that time is checked against them.
func (w *walker) begin(horizons []Horizon, checkpoints []Checkpoint, verifier note.Verifier) error {
	at := -1
	for i, h := range horizons {
		fail := func(detail string) error {
			return &Problem{Log: w.log, SealID: h.SealID, What: "horizon", Detail: detail}
		}
		if err := h.check(verifier); err != nil {
			return fail(err.Error())
		}
		at = sealIndex(w.seals, h.SealID)
		if at < 0 {
			return fail("it names a seal the chain does not hold")
		}
		if s := w.seals[at]; s.Total != h.Total || s.LastID != h.LastID || !bytes.Equal(s.ChainHash, h.ChainHash) {
			return fail("it does not state the seal it names")
		}
		if i > 0 && h.SealID <= horizons[i-1].SealID {
			return fail("it goes back before the horizon that precedes it")
		}
		if !coveredBy(checkpoints, h.SealID) {
			return fail("no signed checkpoint covers the history it removed")
		}
	}
	if at < 0 {
		return nil
	}
	for _, s := range w.seals[:at+1] {
		w.heads[s.ID] = head{log: w.log, total: s.Total, hash: s.ChainHash, sealID: s.ID}
	}
	h := horizons[len(horizons)-1]
	w.at, w.prev, w.total, w.horizon, w.floor = at+1, h.ChainHash, h.Total, h.SealID, h.LastID
	return nil
}

func sealIndex(seals []Seal, id int64) int {
	for i := range seals {
		if seals[i].ID == id {
			return i
		}
	}
	return -1
}

func coveredBy(checkpoints []Checkpoint, sealID int64) bool {
	for _, c := range checkpoints {
		if c.SealID >= sealID {
			return true
		}
	}
	return false
}
