package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// ReceiptFormat names the receipt's format.
const ReceiptFormat = "contactd-receipt/v1"

// Receipt proves to a citizen, offline, that a consultation of their data
// is in the consultation log as shown, under a checkpoint a witness holds
// (O9: "who looked at my file, and can I trust the list?"). It shows the
// consultation's public fields; who in person, from where and why are
// only a digest. docs/AUDIT.md gives the algorithm that checks it.
type Receipt struct {
	Format        string       `json:"format"`
	Log           Log          `json:"log"`
	EntryID       int64        `json:"entry_id"`
	Leaf          int64        `json:"leaf_index"`
	Entry         ReceiptEntry `json:"entry"`
	PrivateDigest string       `json:"private_digest"` // base64 SHA-256 of the fields not shown
	TreeSize      int64        `json:"tree_size"`
	Proof         []string     `json:"proof"`      // base64 hashes, tlog.ProveRecord's order
	Checkpoint    string       `json:"checkpoint"` // the signed note, as the witness holds it
	Witness       string       `json:"witness"`
}

// ReceiptEntry is what a receipt shows of a consultation.
type ReceiptEntry struct {
	At          time.Time `json:"at"`
	INSZ        string    `json:"insz"`
	Institution string    `json:"institution"`
	Kind        string    `json:"kind"`
	TicketRef   string    `json:"ticket_ref"`
	Outcome     string    `json:"outcome"`
}

// ErrNotWitnessed says a consultation is not yet under a witnessed
// checkpoint (sealed within the last seconds): its receipt comes later.
var ErrNotWitnessed = errors.New("audit: not yet under a witnessed checkpoint")

// Prove makes the receipt of consultation id.
func Prove(ctx context.Context, db bun.IDB, id int64) (Receipt, error) {
	var c Consultation
	if err := db.NewSelect().Model(&c).Where("id = ?", id).Scan(ctx); err != nil {
		return Receipt{}, fmt.Errorf("audit: receipt: %w", err)
	}
	leaf, err := leafIndex(ctx, db, ConsultationLog, id)
	if err != nil {
		return Receipt{}, err
	}
	var w Witnessed
	err = db.NewSelect().Model(&w).Where("log = ? AND size > ?", ConsultationLog, leaf).OrderExpr("size DESC, id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Receipt{}, ErrNotWitnessed
	}
	if err != nil {
		return Receipt{}, err
	}
	proof, err := tlog.ProveRecord(w.Size, leaf, treeReader{ctx, db, ConsultationLog})
	if err != nil {
		return Receipt{}, fmt.Errorf("audit: receipt: %w", err)
	}
	digest := sha256.Sum256(c.private())
	r := Receipt{Format: ReceiptFormat, Log: ConsultationLog, EntryID: id, Leaf: leaf,
		Entry:         ReceiptEntry{At: c.At.UTC(), INSZ: c.INSZ, Institution: c.Institution, Kind: c.Kind, TicketRef: c.TicketRef, Outcome: string(c.Outcome)},
		PrivateDigest: base64.StdEncoding.EncodeToString(digest[:]), TreeSize: w.Size, Checkpoint: w.Note, Witness: w.Witness}
	for _, h := range proof {
		r.Proof = append(r.Proof, h.String())
	}
	return r, nil
}

// leafIndex is an entry's leaf in its log's tree: its seal's first leaf
// plus its place among the seal's prints.
func leafIndex(ctx context.Context, db bun.IDB, log Log, id int64) (int64, error) {
	var from int64
	var prints []byte
	err := db.NewRaw("SELECT t.from_size, s.prints FROM audit_seals s JOIN audit_tree t ON t.seal_id = s.id WHERE s.log = ? AND s.first_id <= ? AND s.last_id >= ?",
		log, id, id).Scan(ctx, &from, &prints)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotWitnessed
	}
	if err != nil {
		return 0, err
	}
	ps, err := readPrints(prints)
	if err != nil {
		return 0, err
	}
	for i, p := range ps {
		if p.id == id {
			return from + int64(i), nil
		}
	}
	return 0, fmt.Errorf("audit: receipt: no seal names entry %d", id)
}

// CheckReceipt checks a receipt offline: the checkpoint is signed by the
// log's key (and cosigned by the witness when witness is given), and the
// proof leads from the consultation shown to the checkpoint's root.
func CheckReceipt(r Receipt, logKey, witness note.Verifier) error {
	if r.Format != ReceiptFormat || r.Log != ConsultationLog {
		return errors.New("not a contactd consultation receipt")
	}
	verifiers := []note.Verifier{logKey}
	if witness != nil {
		verifiers = append(verifiers, witness)
	}
	n, err := note.Open([]byte(r.Checkpoint), note.VerifierList(verifiers...))
	if err != nil {
		return fmt.Errorf("the checkpoint's signature does not verify: %v", err)
	}
	if witness != nil && !signedBy(n, witness.Name()) {
		return errors.New("the checkpoint is not cosigned by the witness")
	}
	if !signedBy(n, logKey.Name()) {
		return errors.New("the checkpoint is not signed by the log's key")
	}
	h, err := parseHead(n.Text)
	if err != nil || !h.v2 || h.log != r.Log || h.size != r.TreeSize {
		return errors.New("the checkpoint does not state the tree the proof is for")
	}
	if r.Entry.At.After(h.at.Add(time.Second)) {
		return errors.New("the consultation is dated after the checkpoint that would contain it")
	}
	digest, err := base64.StdEncoding.DecodeString(r.PrivateDigest)
	if err != nil || len(digest) != sha256.Size {
		return errors.New("malformed private digest")
	}
	var proof tlog.RecordProof
	for _, s := range r.Proof {
		h, err := tlog.ParseHash(s)
		if err != nil {
			return errors.New("malformed proof")
		}
		proof = append(proof, h)
	}
	c := Consultation{At: r.Entry.At, INSZ: r.Entry.INSZ, Institution: r.Entry.Institution, Kind: r.Entry.Kind,
		TicketRef: r.Entry.TicketRef, Outcome: ConsultationOutcome(r.Entry.Outcome)}
	var d [32]byte
	copy(d[:], digest)
	leaf := tlog.RecordHash(leafData(r.Log, r.EntryID, c.public(), d))
	if err := tlog.CheckRecord(proof, r.TreeSize, h.root, r.Leaf, leaf); err != nil {
		return errors.New("the proof does not lead from this consultation to the checkpoint: the receipt or the log was altered")
	}
	return nil
}

func signedBy(n *note.Note, name string) bool {
	for _, s := range n.Sigs {
		if s.Name == name {
			return true
		}
	}
	return false
}
