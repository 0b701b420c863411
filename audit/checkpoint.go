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
	"golang.org/x/mod/sumdb/tlog"
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

// head is what a checkpoint states. A checkpoint of this code (v2) is a
// checkpoint in the sense of transparency logs (c2sp.org/tlog-checkpoint):
// origin, tree size and root, then extension lines binding the seal, the
// chain and the time. One written before trees existed (v1) states the
// chain only; it is still checked against the chain.
type head struct {
	log    Log
	total  int64
	hash   []byte // the chain hash after the seal
	sealID int64
	// v2 only: the tree's size and root after the seal, and when it was
	// signed.
	v2   bool
	size int64
	root tlog.Hash
	at   time.Time
}

func (h head) text() string {
	if !h.v2 {
		return fmt.Sprintf("contactd/%s\n%d\n%s\n%d\n", h.log, h.total, base64.StdEncoding.EncodeToString(h.hash), h.sealID)
	}
	return fmt.Sprintf("contactd/%s\n%d\n%s\nseal %d %d %s\ntime %d\n", h.log, h.size, base64.StdEncoding.EncodeToString(h.root[:]),
		h.sealID, h.total, base64.StdEncoding.EncodeToString(h.hash), h.at.Unix())
}

func parseHead(text string) (head, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "contactd/") {
		return head{}, errors.New("audit: not a contactd checkpoint")
	}
	h := head{log: Log(strings.TrimPrefix(lines[0], "contactd/"))}
	if len(lines) == 4 { // v1
		var err1, err2, err3 error
		h.total, err1 = strconv.ParseInt(lines[1], 10, 64)
		h.hash, err2 = base64.StdEncoding.DecodeString(lines[2])
		h.sealID, err3 = strconv.ParseInt(lines[3], 10, 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return head{}, fmt.Errorf("audit: malformed checkpoint: %w", err)
		}
		return h, nil
	}
	var chain string
	var unix int64
	if len(lines) != 5 || !strings.HasPrefix(lines[3], "seal ") || !strings.HasPrefix(lines[4], "time ") {
		return head{}, errors.New("audit: malformed checkpoint")
	}
	_, err1 := fmt.Sscanf(lines[3], "seal %d %d %s", &h.sealID, &h.total, &chain)
	_, err2 := fmt.Sscanf(lines[4], "time %d", &unix)
	var err3, err4 error
	h.size, err3 = strconv.ParseInt(lines[1], 10, 64)
	h.root, err4 = tlog.ParseHash(lines[2])
	h.hash, _ = base64.StdEncoding.DecodeString(chain)
	if err := errors.Join(err1, err2, err3, err4); err != nil || h.size <= 0 || len(h.hash) != 32 {
		return head{}, fmt.Errorf("audit: malformed checkpoint: %v", err)
	}
	h.v2, h.at = true, time.Unix(unix, 0).UTC()
	return h, nil
}

// signHead signs a v2 checkpoint of seal s with tree t.
func signHead(signer note.Signer, s Seal, t Tree, now time.Time) (Checkpoint, error) {
	var root tlog.Hash
	copy(root[:], t.Root)
	h := head{log: s.Log, total: s.Total, hash: s.ChainHash, sealID: s.ID, v2: true, size: t.Size, root: root, at: now.UTC()}
	signed, err := note.Sign(&note.Note{Text: h.text()}, signer)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: sign checkpoint: %w", err)
	}
	return Checkpoint{Log: s.Log, SealID: s.ID, Total: s.Total, Note: string(signed), SignedAt: now.UTC()}, nil
}

// WriteCheckpoints signs the newest seal of each log that has no
// checkpoint yet — sealing signs each seal it makes when it has the key;
// this signs what was sealed without it (`contactd audit seal` with no
// key, then with). every is kept for callers that space checkpoints; 0
// signs at once. It returns the checkpoints written.
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
		var t Tree
		if err := db.NewSelect().Model(&t).ExcludeColumn("hashes").Where("seal_id = ?", last.ID).Scan(ctx); err != nil {
			return out, fmt.Errorf("audit: checkpoint: the tree of seal %d: %w", last.ID, err)
		}
		c, err := signHead(signer, last, t, now)
		if err != nil {
			return out, err
		}
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

// LastCheckpoint is the checkpoint of a log's newest seal, nil when that
// seal has none. It is found through the seal, not by the highest seal id
// a checkpoint names: a row naming a seal that does not exist must not
// stand for the log's head (it would stop witnessing, silently).
func LastCheckpoint(ctx context.Context, db bun.IDB, log Log) (*Checkpoint, error) {
	var c Checkpoint
	err := db.NewSelect().Model(&c).Where("log = ?", log).
		Where("seal_id = (SELECT max(id) FROM audit_seals WHERE log = ?)", log).OrderExpr("id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: last checkpoint of %s: %w", log, err)
	}
	return &c, nil
}
