package audit

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Witness keeps checkpoints outside the database, where its owner cannot
// rewrite them (O6): an append-only directory on the adviser's share, or
// a witness service (`contactd audit witness`) that cosigns a checkpoint
// only if it extends the last one it holds. `audit verify` checks the
// database against a witness's newest checkpoint, so that removing the
// newest entries with their seals and checkpoints — or a whole log — is
// found.
type Witness interface {
	// Name says where the witness is, for reports.
	Name() string
	// Latest is the newest checkpoint note of log the witness holds, nil
	// when it holds none.
	Latest(ctx context.Context, log Log) ([]byte, error)
	// Add hands the witness a checkpoint with the proof that it extends
	// the witness's tree of size old, and returns the note as witnessed.
	Add(ctx context.Context, log Log, old int64, proof tlog.TreeProof, note []byte) ([]byte, error)
}

// ConflictError is a witness's answer that it holds another size than the
// one a checkpoint was proved from: the proof is made again from Size.
type ConflictError struct{ Size int64 }

func (e ConflictError) Error() string {
	return fmt.Sprintf("audit: the witness holds a tree of %d entries", e.Size)
}

// ErrWitnessAhead says a witness holds a larger tree than the database:
// entries it saw are gone. Sealing goes on; verification names it.
var ErrWitnessAhead = errors.New("audit: a witness holds more of the log than the database")

// DirWitness keeps checkpoints in an append-only directory, one file per
// log, one line (the note in base64) per checkpoint, each written with
// O_APPEND and synced: mounted append-only (chattr +a, a WORM share), it
// is out of reach of whoever owns the database. Like the witness service,
// it keeps a checkpoint only if it is signed by the log's key, states the
// log whose file it goes to, and extends the one it holds: a superuser who
// rewrites history and lets the worker re-sign it gets a refusal, not a
// new line (a fork the directory took would pass verification against it).
type DirWitness struct {
	Dir  string
	Logs note.Verifier // the log's key; nil only to read (audit verify)
}

// Name says where the witness is.
func (d DirWitness) Name() string { return "witness directory " + d.Dir }

func (d DirWitness) path(log Log) string { return filepath.Join(d.Dir, string(log)+".checkpoints") }

// tailBytes bounds what Latest reads: the last line of a file that grows
// by a line per seal for ten years.
const tailBytes = 64 << 10

// Latest reads the last line of the log's file.
func (d DirWitness) Latest(_ context.Context, log Log) ([]byte, error) {
	f, err := os.Open(d.path(log))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	from := max(0, end-tailBytes)
	buf := make([]byte, end-from)
	if _, err := f.ReadAt(buf, from); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(buf), "\n"), "\n")
	last := lines[len(lines)-1]
	if last == "" {
		return nil, nil
	}
	note, err := base64.StdEncoding.DecodeString(last)
	if err != nil {
		return nil, fmt.Errorf("audit: %s: its last line is not a checkpoint", d.path(log))
	}
	return note, nil
}

// Add appends the checkpoint if it extends the one the directory holds.
func (d DirWitness) Add(ctx context.Context, log Log, old int64, proof tlog.TreeProof, msg []byte) ([]byte, error) {
	if d.Logs == nil {
		return nil, errors.New("audit: a witness directory takes checkpoints only with the log's verifier key")
	}
	n, err := note.Open(msg, note.VerifierList(d.Logs))
	if err != nil {
		return nil, errors.New("the checkpoint is not signed by the log's key")
	}
	h, err := parseHead(n.Text)
	if err != nil || !h.v2 || h.log != log {
		return nil, fmt.Errorf("the checkpoint is not one of %s's tree", log)
	}
	latest, err := d.Latest(ctx, log)
	if err != nil {
		return nil, err
	}
	switch status, why := extends(latest, d.Logs, h, old, proof); status {
	case http.StatusOK:
	case http.StatusConflict:
		return nil, ConflictError{Size: noteSize(latest)}
	default:
		return nil, errors.New(why)
	}
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(d.path(log), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(msg) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return msg, err
}

// PublishKey leaves the log's verifier key in the directory, once, so
// that `audit verify` finds the key to check signatures with; a directory
// that holds another key is refused (two deployments on one share, or a
// key replaced behind the adviser's back).
func (d DirWitness) PublishKey(vkey string) error {
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return err
	}
	path := filepath.Join(d.Dir, "verifier.key")
	held, err := os.ReadFile(path)
	if err == nil {
		if strings.TrimSpace(string(held)) != strings.TrimSpace(vkey) {
			return fmt.Errorf("audit: %s holds another verifier key than this deployment's", path)
		}
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(strings.TrimSpace(vkey) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// VerifierKey is the key the directory was given, "" when none.
func (d DirWitness) VerifierKey() (string, error) {
	b, err := os.ReadFile(filepath.Join(d.Dir, "verifier.key"))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	return strings.TrimSpace(string(b)), err
}

// noteSize is the tree size a checkpoint note states, 0 for none. The
// signature is not checked here: whoever uses the size checks the note.
func noteSize(msg []byte) int64 {
	if len(msg) == 0 {
		return 0
	}
	h, err := parseHead(noteText(string(msg)))
	if err != nil {
		return 0
	}
	return h.size
}

// noteText is a note's text, its signatures not checked.
func noteText(msg string) string {
	body, _, _ := strings.Cut(msg, "\n\n")
	return body + "\n"
}

// WitnessAnchors are the witnesses' newest checkpoints of log.
func WitnessAnchors(ctx context.Context, witnesses []Witness, log Log) ([]Anchor, error) {
	var out []Anchor
	for _, w := range witnesses {
		n, err := w.Latest(ctx, log)
		if err != nil {
			return nil, fmt.Errorf("audit: %s: %w", w.Name(), err)
		}
		if n != nil {
			out = append(out, Anchor{From: w.Name(), Note: n, Log: log})
		}
	}
	return out, nil
}

// Witnessed is a checkpoint a witness accepted, with the note as the
// witness returned it.
type Witnessed struct {
	bun.BaseModel `bun:"table:audit_witnessed"`

	ID           int64     `bun:"id,pk,autoincrement" json:"-"`
	Log          Log       `bun:"log,notnull" json:"log"`
	CheckpointID int64     `bun:"checkpoint_id,notnull" json:"checkpoint_id"`
	Size         int64     `bun:"size,notnull" json:"size"`
	Witness      string    `bun:"witness,notnull" json:"witness"`
	Note         string    `bun:"note,notnull" json:"note"`
	WitnessedAt  time.Time `bun:"witnessed_at,notnull" json:"witnessed_at"`
}

// Publish hands each log's newest checkpoint to every witness that does
// not hold it yet, with the proof that it extends what the witness holds,
// and records what each accepted. Every witness is tried; the errors are
// joined.
func Publish(ctx context.Context, db bun.IDB, witnesses []Witness, now time.Time) error {
	var failed error
	for _, log := range Logs {
		c, err := LastCheckpoint(ctx, db, log)
		if err != nil {
			failed = errors.Join(failed, err)
			continue
		}
		if c == nil {
			continue // nothing signed yet
		}
		h, err := parseHead(noteText(c.Note))
		if err != nil || !h.v2 {
			continue // a checkpoint from before trees: witnesses take trees
		}
		if h.log != log || h.sealID != c.SealID {
			failed = errors.Join(failed, fmt.Errorf("audit: the newest checkpoint of %s states another log or seal: not handed to any witness", log))
			continue
		}
		size := h.size
		for _, w := range witnesses {
			failed = errors.Join(failed, publishTo(ctx, db, w, log, *c, size, now))
		}
	}
	return failed
}

func publishTo(ctx context.Context, db bun.IDB, w Witness, log Log, c Checkpoint, size int64, now time.Time) error {
	latest, err := w.Latest(ctx, log)
	if err != nil {
		return fmt.Errorf("audit: %s: %w", w.Name(), err)
	}
	old := noteSize(latest)
	for attempt := 0; ; attempt++ {
		switch {
		case old == size:
			return nil
		case old > size:
			return fmt.Errorf("%w: %s holds %d entries of %s, the database %d", ErrWitnessAhead, w.Name(), old, log, size)
		}
		var proof tlog.TreeProof
		if old > 0 {
			if proof, err = tlog.ProveTree(size, old, treeReader{ctx, db, log}); err != nil {
				return fmt.Errorf("audit: proof for %s: %w", w.Name(), err)
			}
		}
		got, err := w.Add(ctx, log, old, proof, []byte(c.Note))
		var conflict ConflictError
		if errors.As(err, &conflict) && attempt == 0 {
			old = conflict.Size
			continue
		}
		if err != nil {
			return fmt.Errorf("audit: %s: %w", w.Name(), err)
		}
		rec := Witnessed{Log: log, CheckpointID: c.ID, Size: size, Witness: w.Name(), Note: string(got), WitnessedAt: now.UTC()}
		_, err = db.NewInsert().Model(&rec).Exec(ctx)
		return err
	}
}
