package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"golang.org/x/mod/sumdb/note"
)

// Seal is one link of a log's chain: the entries first_id…last_id that
// were committed when it was made, a print of each, and the hash that
// binds them to every earlier seal.
type Seal struct {
	bun.BaseModel `bun:"table:audit_seals"`

	ID        int64     `bun:"id,pk,autoincrement" json:"id"`
	Log       Log       `bun:"log,notnull" json:"log"`
	FirstID   int64     `bun:"first_id,notnull" json:"first_id"`
	LastID    int64     `bun:"last_id,notnull" json:"last_id"`
	Entries   int       `bun:"entries,notnull" json:"entries"`
	Total     int64     `bun:"total,notnull" json:"total"`
	Prints    []byte    `bun:"prints,notnull" json:"prints"`
	ChainHash []byte    `bun:"chain_hash,notnull" json:"chain_hash"`
	SealedAt  time.Time `bun:"sealed_at,notnull" json:"sealed_at"`
}

// sealBatch bounds the entries of one seal, so that sealing a large
// backlog stays a series of short transactions.
const sealBatch = 5000

// Sealer seals the logs: each seal names the entries committed since the
// last, extends the log's chain and Merkle tree, and — with a signer — is
// signed as a checkpoint in the same transaction, so that no seal exists
// that a checkpoint does not state (O6: history after the last checkpoint
// is what a superuser could rewrite unnoticed; with a checkpoint per seal
// and a witness, that is only what is not sealed yet).
type Sealer struct {
	DB     bun.IDB
	Signer note.Signer // nil: seal without checkpoints (tests, `audit seal` without a key)
}

// SealAll seals every committed entry of both logs that no seal covers
// yet, without signing, and returns how many it sealed.
func SealAll(ctx context.Context, db bun.IDB, now time.Time) (int, error) {
	return Sealer{DB: db}.Seal(ctx, now)
}

// Seal seals both logs and returns how many entries it sealed. It runs in
// one process at a time (the River job takes a lock); a second sealer
// racing it fails on the seals' unique constraints and changes nothing.
func (sr Sealer) Seal(ctx context.Context, now time.Time) (int, error) {
	total := 0
	for _, log := range Logs {
		n, err := sr.sealLog(ctx, log, now)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (sr Sealer) sealLog(ctx context.Context, log Log, now time.Time) (int, error) {
	st, last, err := buildTrees(ctx, sr.DB, log)
	if err != nil {
		return 0, err
	}
	horizon, err := committedUpTo(ctx, sr.DB, log)
	if err != nil {
		return 0, err
	}
	sealed := 0
	for last.LastID < horizon {
		rows, err := readEntries(ctx, sr.DB, log, last.LastID+1, horizon, sealBatch)
		if err != nil || len(rows) == 0 {
			return sealed, err
		}
		if last, err = sr.sealNext(ctx, &st, rows, now); err != nil {
			return sealed, err
		}
		sealed += len(rows)
	}
	return sealed, nil
}

// sealNext seals rows after st: the seal, its tree and its checkpoint in
// one transaction.
func (sr Sealer) sealNext(ctx context.Context, st *chainState, rows []entry, now time.Time) (Seal, error) {
	out, prints := st.extend(rows)
	s := Seal{Log: st.log, FirstID: rows[0].rowID(), LastID: rows[len(rows)-1].rowID(), Entries: len(rows),
		Total: st.total + int64(len(rows)), SealedAt: now.UTC(), Prints: prints, ChainHash: out.chain}
	t := newTree(st.log, 0, st.tree.size, out)
	err := sr.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&s).Exec(ctx); err != nil {
			return err
		}
		t.SealID = s.ID
		if _, err := tx.NewInsert().Model(&t).Exec(ctx); err != nil {
			return err
		}
		if sr.Signer == nil {
			return nil
		}
		c, err := signHead(sr.Signer, s, t, now)
		if err != nil {
			return err
		}
		_, err = tx.NewInsert().Model(&c).Exec(ctx)
		return err
	})
	if err != nil {
		return Seal{}, fmt.Errorf("audit: seal %s: %w", st.log, err)
	}
	st.advance(s, out)
	return s, nil
}

// committedUpTo is the highest id below which every entry is committed or
// rolled back for good. On PostgreSQL, writers number entries under a
// shared advisory lock (migration 0004); holding it exclusively for an
// instant waits out those in flight. SQLite commits writers one at a time,
// in id order.
func committedUpTo(ctx context.Context, db bun.IDB, log Log) (int64, error) {
	var max int64
	query := "SELECT coalesce(max(id), 0) FROM " + string(log)
	if db.Dialect().Name() != dialect.PG {
		return max, db.NewRaw(query).Scan(ctx, &max)
	}
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '2s'"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext('contactd_audit_seal'))"); err != nil {
			return err
		}
		return tx.NewRaw(query).Scan(ctx, &max)
	})
	if err != nil {
		return 0, fmt.Errorf("audit: seal %s: horizon: %w", log, err)
	}
	return max, nil
}

func lastSeal(ctx context.Context, db bun.IDB, log Log) (Seal, error) {
	var s Seal
	err := db.NewSelect().Model(&s).Where("log = ?", log).OrderExpr("id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Seal{Log: log}, nil
	}
	return s, err
}

// readEntries reads the entries from…to of a log, in id order, at most
// limit of them. It scans columns by hand: sealing and verifying read every
// entry ever written, and reflection would be most of their time.
func readEntries(ctx context.Context, db bun.IDB, log Log, from, to int64, limit int) ([]entry, error) {
	var cols string
	switch log {
	case AccessLog:
		cols = "id, at, user_id, role, institution_code, action, outcome, ticket_ref, citizen, detail, request_id, client_addr"
	case ConsultationLog:
		cols = "id, at, user_id, role, institution_code, ticket_id, ticket_ref, insz, kind, reason, outcome, detail, latency_us, request_id, client_addr"
	default:
		return nil, fmt.Errorf("audit: no log %q", log)
	}
	rows, err := db.QueryContext(ctx, "SELECT "+cols+" FROM "+string(log)+" WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?", from, to, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]entry, 0, limit)
	for rows.Next() {
		if log == AccessLog {
			var e Entry
			err = rows.Scan(&e.ID, &e.At, &e.UserID, &e.Role, &e.Institution, &e.Action, &e.Outcome, &e.TicketRef, &e.Citizen, &e.Detail, &e.RequestID, &e.ClientAddr)
			out = append(out, e)
		} else {
			var c Consultation
			err = rows.Scan(&c.ID, &c.At, &c.UserID, &c.Role, &c.Institution, &c.TicketID, &c.TicketRef, &c.INSZ, &c.Kind, &c.Reason, &c.Outcome, &c.Detail, &c.LatencyUS, &c.RequestID, &c.ClientAddr)
			out = append(out, c)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}
