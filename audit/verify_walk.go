package audit

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// walk is one verification of one log: three ordered streams — seals,
// entries, checkpoints — merged in step, so that it holds one seal's
// entries, a log₂ n frontier and the anchors, whatever the history's
// length (ten years of a large contact centre: a billion entries).
type walk struct {
	ctx      context.Context
	src      Source
	log      Log
	verifier note.Verifier
	r        *Report
	st       chainState
	floor    int64 // entries at or below it are before the horizon
	sawTree  bool
	// lastSigned says whether the last seal walked had a checkpoint:
	// with a verifier, the newest seal must (sealing signs each seal).
	lastSigned bool
	anchors    []*anchor
	// the entry and checkpoint streams, with one of lookahead each
	entries     func() (entry, error, bool)
	stopEntries func()
	nextEntry   entry
	checkpoints func() (Checkpoint, error, bool)
	nextCP      *Checkpoint
	maxCPSeal   int64
}

// anchor is a parsed Anchor and whether the walk met it.
type anchor struct {
	from string
	h    head
	met  bool
}

func verifyOnce(ctx context.Context, src Source, log Log, opts VerifyOptions, horizons []Horizon) (Report, error) {
	r := Report{Log: log, From: opts.After}
	w := &walk{ctx: ctx, src: src, log: log, verifier: opts.Verifier, r: &r, st: chainState{log: log}}
	for _, a := range opts.Anchors {
		h, err := w.open(a.Note)
		if err != nil {
			return r, &Problem{Log: log, What: "checkpoint", Detail: fmt.Sprintf("the one %s holds: %v", a.From, err)}
		}
		switch {
		case a.Log != "" && h.log != a.Log:
			return r, &Problem{Log: log, What: "checkpoint", Detail: fmt.Sprintf("the one %s holds for %s states the log %s", a.From, a.Log, h.log)}
		case h.log == log:
			w.anchors = append(w.anchors, &anchor{from: a.From, h: h})
		}
	}
	hz, err := w.checkHorizons(horizons)
	if err != nil {
		return r, err
	}
	upTo, err := src.LastSealID(ctx, log)
	if err != nil {
		return r, err
	}
	start := max(hz.SealID, opts.After)
	w.floor = hz.LastID
	sealsFrom, cpFrom := int64(0), int64(0)
	if opts.After > 0 {
		sealsFrom, cpFrom = opts.After-1, opts.After-1
	}
	// Entries are read from the first (a full verification counts those
	// a pruning run has yet to remove) or after the seal an incremental
	// one starts from, once the walk knows it.
	defer func() {
		if w.stopEntries != nil {
			w.stopEntries()
		}
	}()
	var stopC func()
	w.checkpoints, stopC = iter.Pull2(src.Checkpoints(ctx, log, cpFrom, upTo))
	defer stopC()
	started := start == 0
	for st, err := range src.Seals(ctx, log, sealsFrom, upTo) {
		if err != nil {
			return r, err
		}
		switch {
		case st.Seal.ID < start:
			err = w.kept(st, hz)
		case st.Seal.ID == start:
			err = w.begin(st, hz, opts.After)
			started = true
		default:
			if !started {
				return r, &Problem{Log: log, SealID: start, What: "seal", Detail: "the seal verification starts from is gone"}
			}
			err = w.seal(st)
		}
		if err != nil {
			return r, err
		}
	}
	if !started {
		return r, &Problem{Log: log, SealID: start, What: "seal", Detail: "the seal verification starts from is gone"}
	}
	return r, w.finish(hz)
}

// open checks a note's signature (when there is a verifier) and parses it.
func (w *walk) open(msg []byte) (head, error) {
	text := ""
	if w.verifier != nil {
		n, err := note.Open(msg, note.VerifierList(w.verifier))
		if err != nil {
			return head{}, fmt.Errorf("its signature does not verify: %v", err)
		}
		text = n.Text
	} else {
		body, _, _ := bytes.Cut(msg, []byte("\n\n")) // unsigned check: the text only
		text = string(body) + "\n"
	}
	return parseHead(text)
}

// checkHorizons checks that every horizon is signed and follows the one
// before, and returns the last (the zero Horizon when none).
func (w *walk) checkHorizons(horizons []Horizon) (Horizon, error) {
	for i, h := range horizons {
		if err := h.check(w.verifier); err != nil {
			return h, &Problem{Log: w.log, SealID: h.SealID, What: "horizon", Detail: err.Error()}
		}
		if i > 0 && h.SealID <= horizons[i-1].SealID {
			return h, &Problem{Log: w.log, SealID: h.SealID, What: "horizon", Detail: "it goes back before the horizon that precedes it"}
		}
	}
	if len(horizons) == 0 {
		return Horizon{Log: w.log}, nil
	}
	return horizons[len(horizons)-1], nil
}

// stated is what the database says the log was after a seal.
func stated(st SealTree) head {
	h := head{log: st.Seal.Log, total: st.Seal.Total, hash: st.Seal.ChainHash, sealID: st.Seal.ID}
	if st.Tree != nil {
		h.v2, h.size = true, st.Tree.Size
		copy(h.root[:], st.Tree.Root)
	}
	return h
}

// kept checks a seal before the horizon, whose entries were removed: its
// checkpoints against the seal and tree kept.
func (w *walk) kept(st SealTree, hz Horizon) error {
	w.r.Seals++
	return w.checkpointsOf(stated(st))
}

// begin starts the walk after seal st: the horizon's, or the one an
// incremental verification starts after.
func (w *walk) begin(st SealTree, hz Horizon, after int64) error {
	s := st.Seal
	if hz.SealID == s.ID && (s.Total != hz.Total || s.LastID != hz.LastID || !bytes.Equal(s.ChainHash, hz.ChainHash)) {
		return &Problem{Log: w.log, SealID: s.ID, What: "horizon", Detail: "it does not state the seal it names"}
	}
	w.st.prev, w.st.total, w.st.lastID = s.ChainHash, s.Total, s.LastID
	if after == 0 {
		w.r.Seals++ // the horizon's seal, kept with its entries removed
	}
	if st.Tree != nil {
		f, err := w.src.Frontier(w.ctx, w.log, st.Tree.Size)
		if err != nil {
			return err
		}
		if root := f.root(); !bytes.Equal(root[:], st.Tree.Root) {
			return &Problem{Log: w.log, SealID: s.ID, What: "tree", Detail: "its stored hashes do not give its root"}
		}
		w.st.tree, w.sawTree = f, true
	}
	before := w.r.Checkpoints
	if err := w.checkpointsOf(stated(st)); err != nil {
		return err
	}
	w.lastSigned = w.r.Checkpoints > before
	if after == s.ID && w.verifier != nil && w.r.Checkpoints == before {
		return &Problem{Log: w.log, SealID: s.ID, What: "checkpoint", Detail: "the seal the last verification reached has lost its signed checkpoint"}
	}
	w.r.Horizon, w.r.LastSeal, w.r.TreeSize = hz.SealID, s.ID, w.st.tree.size
	return w.anchorsBefore(st)
}

// seal checks the next seal against its entries, its tree, its
// checkpoints and the anchors.
func (w *walk) seal(st SealTree) error {
	s := st.Seal
	var rows []entry
	for {
		e, err := w.peekEntry()
		if err != nil {
			return err
		}
		if e == nil || e.rowID() > s.LastID || len(rows) > s.Entries {
			break
		}
		w.nextEntry = nil
		if e.rowID() <= w.floor {
			w.r.BeforeHorizon++
			continue
		}
		rows = append(rows, e)
	}
	from := w.st.tree.size
	out, err := w.st.check(s, rows)
	if err != nil {
		return err
	}
	if st.Tree == nil && w.sawTree {
		return &Problem{Log: w.log, SealID: s.ID, What: "tree", Detail: "it has no tree, yet the seals before it have"}
	}
	if err := checkTree(w.log, s, st.Tree, from, out); err != nil {
		return err
	}
	w.sawTree = w.sawTree || st.Tree != nil
	w.st.advance(s, out)
	w.r.Seals++
	w.r.Entries += int64(len(rows))
	w.r.LastSeal, w.r.TreeSize = s.ID, w.st.tree.size
	now := head{log: w.log, total: w.st.total, hash: w.st.prev, sealID: s.ID, v2: st.Tree != nil, size: w.st.tree.size, root: w.st.tree.root()}
	before := w.r.Checkpoints
	if err := w.checkpointsOf(now); err != nil {
		return err
	}
	w.lastSigned = w.r.Checkpoints > before
	return w.anchorsAt(now)
}

func (w *walk) peekEntry() (entry, error) {
	if w.nextEntry != nil {
		return w.nextEntry, nil
	}
	if w.entries == nil {
		from := int64(1)
		if w.r.From > 0 {
			from = w.st.lastID + 1
		}
		w.entries, w.stopEntries = iter.Pull2(w.src.Entries(w.ctx, w.log, from))
	}
	e, err, ok := w.entries()
	if !ok {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if e.rowID() <= w.st.lastID && e.rowID() > w.floor {
		return nil, &Problem{Log: w.log, EntryID: e.rowID(), What: "reordered", Detail: fmt.Sprintf("it comes after entry %d", w.st.lastID)}
	}
	w.nextEntry = e
	return e, nil
}

// checkpointsOf checks every checkpoint of the seal want states, and
// refuses one of a seal the walk did not meet.
func (w *walk) checkpointsOf(want head) error {
	for {
		if w.nextCP == nil {
			c, err, ok := w.checkpoints()
			if !ok {
				return nil
			}
			if err != nil {
				return err
			}
			w.nextCP = &c
		}
		c := *w.nextCP
		if c.SealID > want.sealID {
			return nil
		}
		w.nextCP = nil
		fail := func(detail string) error {
			return &Problem{Log: w.log, SealID: c.SealID, What: "checkpoint", Detail: detail}
		}
		if c.SealID < want.sealID {
			return fail(fmt.Sprintf("it signs seal %d, which the chain does not hold", c.SealID))
		}
		h, err := w.open([]byte(c.Note))
		if err != nil {
			return fail(err.Error())
		}
		if h.sealID != c.SealID || h.log != w.log {
			return fail(fmt.Sprintf("it signs seal %d, which the chain does not hold", h.sealID))
		}
		if !sameHead(h, want) {
			return fail(fmt.Sprintf("the chain at seal %d is not what was signed: history was rewritten", h.sealID))
		}
		w.r.Checkpoints++
		w.maxCPSeal = max(w.maxCPSeal, c.SealID)
		cp := c
		w.r.LastCheckpoint = &cp
	}
}

// sameHead says whether a signed head states what the log holds.
func sameHead(signed, holds head) bool {
	if signed.total != holds.total || !bytes.Equal(signed.hash, holds.hash) {
		return false
	}
	return !signed.v2 || (holds.v2 && signed.size == holds.size && signed.root == holds.root)
}

// anchorsAt checks the anchors that state the log as it is after a seal.
func (w *walk) anchorsAt(now head) error {
	for _, a := range w.anchors {
		switch {
		case a.met:
		case !a.h.v2 && a.h.sealID == now.sealID:
			if !sameHead(a.h, now) {
				return w.forked(a)
			}
			a.met = true
		case a.h.v2 && now.v2 && a.h.size == now.size:
			if a.h.root != now.root {
				return w.forked(a)
			}
			a.met = true
		case a.h.v2 && now.v2 && a.h.size < now.size:
			return &Problem{Log: w.log, SealID: now.sealID, What: "forked",
				Detail: fmt.Sprintf("%s holds a checkpoint of %d entries, and no seal of the database ends there: history was rewritten", a.from, a.h.size)}
		}
		if a.met {
			w.r.Anchors = append(w.r.Anchors, AnchorResult{From: a.from, Size: a.h.size, At: a.h.at})
		}
	}
	return nil
}

func (w *walk) forked(a *anchor) error {
	return &Problem{Log: w.log, SealID: a.h.sealID, What: "forked",
		Detail: fmt.Sprintf("%s holds a checkpoint of this size%s that the database's log does not give: history was rewritten", a.from, signedAt(a.h))}
}

func signedAt(h head) string {
	if h.at.IsZero() {
		return ""
	}
	return " signed " + h.at.Format(time.RFC3339)
}

// anchorsBefore checks, when the walk starts after seal st, the anchors
// that state an earlier tree: through a consistency proof from the
// database's stored hashes to the tree at st, whose root is checked.
func (w *walk) anchorsBefore(st SealTree) error {
	now := stated(st)
	if err := w.anchorsAt(now); err != nil {
		return err
	}
	prover, ok := w.src.(treeProver)
	for _, a := range w.anchors {
		if a.met || !a.h.v2 || !now.v2 || a.h.size >= now.size {
			continue
		}
		if !ok {
			return &Problem{Log: w.log, What: "checkpoint", Detail: fmt.Sprintf("%s states a tree older than where this verification starts", a.from)}
		}
		proof, err := prover.ProveTree(w.ctx, w.log, now.size, a.h.size)
		if err != nil || tlog.CheckTree(proof, now.size, now.root, a.h.size, a.h.root) != nil {
			return w.forked(a)
		}
		a.met = true
		w.r.Anchors = append(w.r.Anchors, AnchorResult{From: a.from, Size: a.h.size, At: a.h.at})
	}
	return nil
}

// orphans is a Source that can name a checkpoint whose seal is not in the
// log — a checkpoint is written in its seal's transaction, so none can be
// legitimately; one naming a seal to come would otherwise pass unseen.
type orphans interface {
	OrphanCheckpoint(ctx context.Context, log Log) (int64, error)
}

// treeProver is a Source that proves one of its trees extends another.
type treeProver interface {
	ProveTree(ctx context.Context, log Log, t, n int64) (tlog.TreeProof, error)
}

// finish counts what is not sealed yet and refuses what the walk should
// have met: a checkpoint of a seal that is gone, an anchor the log no
// longer reaches (truncation), a horizon no checkpoint covers.
func (w *walk) finish(hz Horizon) error {
	for {
		e, err := w.peekEntry()
		if err != nil {
			return err
		}
		if e == nil {
			break
		}
		w.nextEntry = nil
		if e.rowID() <= w.floor {
			w.r.BeforeHorizon++
		} else {
			w.r.Unsealed++
		}
	}
	if err := w.checkpointsOf(head{sealID: 1 << 62}); err != nil {
		return err
	}
	if w.verifier != nil && w.sawTree && w.r.LastSeal != 0 && !w.lastSigned {
		return &Problem{Log: w.log, SealID: w.r.LastSeal, What: "checkpoint",
			Detail: "the newest seal has no signed checkpoint: it was sealed without the key, after the history it covers was rewritten or removed"}
	}
	if o, ok := w.src.(orphans); ok {
		id, err := o.OrphanCheckpoint(w.ctx, w.log)
		if err != nil {
			return err
		}
		if id != 0 {
			return &Problem{Log: w.log, What: "checkpoint", Detail: fmt.Sprintf("checkpoint %d signs a seal the chain does not hold", id)}
		}
	}
	for _, a := range w.anchors {
		if a.met {
			continue
		}
		if a.h.v2 {
			return &Problem{Log: w.log, What: "truncated", Detail: fmt.Sprintf("%s holds a checkpoint of %d entries%s; the database's log holds %d: its newest entries were removed with their seals",
				a.from, a.h.size, signedAt(a.h), w.st.tree.size)}
		}
		return &Problem{Log: w.log, SealID: a.h.sealID, What: "checkpoint", Detail: fmt.Sprintf("%s signs seal %d, which the chain does not hold", a.from, a.h.sealID)}
	}
	if hz.SealID != 0 && w.maxCPSeal < hz.SealID && w.r.From == 0 {
		return &Problem{Log: w.log, SealID: hz.SealID, What: "horizon", Detail: "no signed checkpoint covers the history it removed"}
	}
	return nil
}
