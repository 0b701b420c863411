package audit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
)

// Checkpoint is a signed statement of a log's chain head: how many entries
// it holds and the hash that binds them. It is a note in the format of Go's
// checksum database (golang.org/x/mod/sumdb/note), Ed25519-signed, so that
// a copy kept outside the database — printed, mailed to the adviser,
// archived — later proves that the history up to it was not rewritten.
type Checkpoint struct {
	bun.BaseModel `bun:"table:audit_checkpoints"`

	ID       int64     `bun:"id,pk,autoincrement" json:"id"`
	Log      Log       `bun:"log,notnull" json:"log"`
	SealID   int64     `bun:"seal_id,notnull" json:"seal_id"`
	Total    int64     `bun:"total,notnull" json:"total"`
	Note     string    `bun:"note,notnull" json:"note"`
	SignedAt time.Time `bun:"signed_at,notnull" json:"signed_at"`
}

// head is what a checkpoint states.
type head struct {
	log    Log
	total  int64
	hash   []byte
	sealID int64
}

func (h head) text() string {
	return fmt.Sprintf("contactd/%s\n%d\n%s\n%d\n", h.log, h.total, base64.StdEncoding.EncodeToString(h.hash), h.sealID)
}

func parseHead(text string) (head, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "contactd/") {
		return head{}, errors.New("audit: not a contactd checkpoint")
	}
	h := head{log: Log(strings.TrimPrefix(lines[0], "contactd/"))}
	var err1, err2, err3 error
	h.total, err1 = strconv.ParseInt(lines[1], 10, 64)
	h.hash, err2 = base64.StdEncoding.DecodeString(lines[2])
	h.sealID, err3 = strconv.ParseInt(lines[3], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return head{}, fmt.Errorf("audit: malformed checkpoint: %w", err)
	}
	return h, nil
}

// WriteCheckpoints signs the head of each log whose last checkpoint is
// older than every, or that has none, provided something was sealed since.
// It returns the checkpoints written.
func WriteCheckpoints(ctx context.Context, db bun.IDB, signer note.Signer, every time.Duration, now time.Time) ([]Checkpoint, error) {
	var out []Checkpoint
	for _, log := range Logs {
		last, err := lastSeal(ctx, db, log)
		if err != nil || last.ID == 0 {
			return out, err
		}
		var prev Checkpoint
		err = db.NewSelect().Model(&prev).Where("log = ?", log).OrderExpr("id DESC").Limit(1).Scan(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return out, err
		}
		if prev.SealID == last.ID || (prev.ID != 0 && now.Sub(prev.SignedAt) < every) {
			continue
		}
		signed, err := note.Sign(&note.Note{Text: head{log, last.Total, last.ChainHash, last.ID}.text()}, signer)
		if err != nil {
			return out, fmt.Errorf("audit: sign checkpoint: %w", err)
		}
		c := Checkpoint{Log: log, SealID: last.ID, Total: last.Total, Note: string(signed), SignedAt: now.UTC()}
		if _, err := db.NewInsert().Model(&c).Exec(ctx); err != nil {
			return out, fmt.Errorf("audit: checkpoint: %w", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// NewSigner reads a signer key as GenerateKey writes it, and returns the
// signer with the verifier key that checks its notes.
func NewSigner(skey string) (note.Signer, string, error) {
	signer, err := note.NewSigner(strings.TrimSpace(skey))
	if err != nil {
		return nil, "", fmt.Errorf("audit: signer key: %w", err)
	}
	vkey, err := verifierKey(strings.TrimSpace(skey))
	return signer, vkey, err
}

// GenerateKey makes a new checkpoint key pair named name.
func GenerateKey(name string) (skey, vkey string, err error) {
	return note.GenerateKey(rand.Reader, name)
}
