package audit

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
)

// Horizon marks where a log's verifiable history now begins, once entries
// older than the retention period were removed (O13, §17): after seal
// SealID, whose last entry is LastID, with the chain at Total entries and
// ChainHash. It is signed with the checkpoint key, like a checkpoint, so
// that nobody without the key can declare history shorter than it is.
// Verification starts from the last horizon and still checks every entry
// after it, and every checkpoint.
type Horizon struct {
	bun.BaseModel `bun:"table:audit_horizons"`

	ID        int64     `bun:"id,pk,autoincrement" json:"id"`
	Log       Log       `bun:"log,notnull" json:"log"`
	SealID    int64     `bun:"seal_id,notnull" json:"seal_id"`
	LastID    int64     `bun:"last_id,notnull" json:"last_id"`
	Total     int64     `bun:"total,notnull" json:"total"`
	ChainHash []byte    `bun:"chain_hash,notnull" json:"chain_hash"`
	Cutoff    time.Time `bun:"cutoff,notnull" json:"cutoff"`
	Note      string    `bun:"note,notnull" json:"note"`
	CreatedAt time.Time `bun:"created_at,notnull" json:"created_at"`
}

// text is what a horizon's note states. Its first line differs from a
// checkpoint's, so that neither can pass for the other.
func (h Horizon) text() string {
	return fmt.Sprintf("contactd/%s/horizon\n%d\n%s\n%d\n%d\n", h.Log, h.Total,
		base64.StdEncoding.EncodeToString(h.ChainHash), h.SealID, h.LastID)
}

// sign fills the horizon's note.
func (h *Horizon) sign(signer note.Signer) error {
	signed, err := note.Sign(&note.Note{Text: h.text()}, signer)
	if err != nil {
		return fmt.Errorf("audit: sign horizon: %w", err)
	}
	h.Note = string(signed)
	return nil
}

// check says whether the horizon's note is signed by verifier (when not
// nil) and states exactly the horizon's columns.
func (h Horizon) check(verifier note.Verifier) error {
	text := ""
	if verifier != nil {
		n, err := note.Open([]byte(h.Note), note.VerifierList(verifier))
		if err != nil {
			return fmt.Errorf("its signature does not verify: %v", err)
		}
		text = n.Text
	} else {
		body, _, _ := bytes.Cut([]byte(h.Note), []byte("\n\n"))
		text = string(body) + "\n"
	}
	if text != h.text() {
		return fmt.Errorf("its signed text does not state its seal, entry and hash")
	}
	return nil
}

// Horizons lists a log's horizons, oldest first.
func Horizons(ctx context.Context, db bun.IDB, log Log) ([]Horizon, error) {
	var out []Horizon
	err := db.NewSelect().Model(&out).Where("log = ?", log).OrderExpr("id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: horizons of %s: %w", log, err)
	}
	return out, nil
}

// lastHorizon is a log's latest horizon, or the zero Horizon when its
// history was never pruned.
func lastHorizon(ctx context.Context, db bun.IDB, log Log) (Horizon, error) {
	hs, err := Horizons(ctx, db, log)
	if err != nil || len(hs) == 0 {
		return Horizon{Log: log}, err
	}
	return hs[len(hs)-1], nil
}
