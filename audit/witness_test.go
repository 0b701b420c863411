package audit_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/note"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// keys makes a note key pair for a test.
func keys(t *testing.T, name string) (note.Signer, note.Verifier) {
	t.Helper()
	skey, vkey, err := audit.GenerateKey(name)
	require.NoError(t, err)
	signer, err := note.NewSigner(skey)
	require.NoError(t, err)
	verifier, err := note.NewVerifier(vkey)
	require.NoError(t, err)
	return signer, verifier
}

// witnessedHistory writes rounds of history, each sealed and signed as
// the worker does (a checkpoint per seal) and handed to the witness.
func witnessedHistory(t *testing.T, db *database.DB, signer note.Signer, w audit.Witness, rounds int) {
	t.Helper()
	ctx := context.Background()
	for range rounds {
		history(t, db, 3)
		_, err := audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
		require.NoError(t, err)
		require.NoError(t, audit.Publish(ctx, db.Bun, []audit.Witness{w}, time.Now()))
	}
}

// verifyWitnessed verifies both logs against the witness's newest
// checkpoints, as `contactd audit verify` does.
func verifyWitnessed(t *testing.T, db *database.DB, v note.Verifier, w audit.Witness) error {
	t.Helper()
	ctx := context.Background()
	for _, log := range audit.Logs {
		anchors, err := audit.WitnessAnchors(ctx, []audit.Witness{w}, log)
		require.NoError(t, err)
		if _, err := audit.VerifyWith(ctx, audit.DBSource{DB: db.Bun}, log, audit.VerifyOptions{Verifier: v, Anchors: anchors}); err != nil {
			return err
		}
	}
	return nil
}

// lastSealOf is the id of a log's newest seal.
func lastSealOf(t *testing.T, db *database.DB, log audit.Log) int64 {
	var id int64
	require.NoError(t, db.Bun.NewRaw("SELECT max(id) FROM audit_seals WHERE log = ?", log).Scan(context.Background(), &id))
	return id
}

// removeSealsFrom deletes, as a superuser past the triggers would, the
// seals of log from seal id on, with their trees and checkpoints, and the
// entries they sealed.
func removeSealsFrom(t *testing.T, db *database.DB, log audit.Log, sealID int64) {
	var firstID int64
	require.NoError(t, db.Bun.NewRaw("SELECT first_id FROM audit_seals WHERE id = ?", sealID).Scan(context.Background(), &firstID))
	tamper(t, db,
		fmt.Sprintf("DELETE FROM audit_witnessed WHERE log = '%s'", log),
		fmt.Sprintf("DELETE FROM audit_checkpoints WHERE seal_id >= %d AND log = '%s'", sealID, log),
		fmt.Sprintf("DELETE FROM audit_tree WHERE seal_id >= %d AND log = '%s'", sealID, log),
		fmt.Sprintf("DELETE FROM audit_seals WHERE id >= %d AND log = '%s'", sealID, log),
		fmt.Sprintf("DELETE FROM %s WHERE id >= %d", log, firstID))
}

// TestWitnessCatchesWhatTheDatabaseCannot: with triggers disabled as a
// superuser would, each attack leaves a database that verifies on its own
// — and each is named by verification against the witness: the newest
// sealed entries removed with their seals and checkpoints, a log wiped,
// an entry rewritten with its seal recomputed (without the key, and with
// it), the log forked. Before the witness, every one of these passed
// `audit verify`.
func TestWitnessCatchesWhatTheDatabaseCannot(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		attack func(t *testing.T, db *database.DB, signer note.Signer)
		what   string
		detail string
		alone  string // what verification without the witness names ("": it passes)
	}{
		{"truncated", func(t *testing.T, db *database.DB, _ note.Signer) {
			removeSealsFrom(t, db, audit.AccessLog, lastSealOf(t, db, audit.AccessLog))
		}, "truncated", "entries were removed with their seals", ""},
		{"wiped", func(t *testing.T, db *database.DB, _ note.Signer) {
			var first int64
			require.NoError(t, db.Bun.NewRaw("SELECT min(id) FROM audit_seals WHERE log = 'consultations'").Scan(context.Background(), &first))
			removeSealsFrom(t, db, audit.ConsultationLog, first)
		}, "truncated", "the database's log holds 0", ""},
		{"rewritten and resealed without the key", func(t *testing.T, db *database.DB, _ note.Signer) {
			last := lastSealOf(t, db, audit.AccessLog)
			tamper(t, db, "UPDATE access_log SET detail = 'rewritten' WHERE id = (SELECT max(id) FROM access_log)",
				"DELETE FROM audit_witnessed",
				fmt.Sprintf("DELETE FROM audit_checkpoints WHERE seal_id = %d", last),
				fmt.Sprintf("DELETE FROM audit_tree WHERE seal_id = %d", last),
				fmt.Sprintf("DELETE FROM audit_seals WHERE id = %d", last))
			_, err := audit.SealAll(context.Background(), db.Bun, time.Now())
			require.NoError(t, err)
		}, "forked", "the database's log does not give", "checkpoint"},
		{"rewritten and resealed with the key", func(t *testing.T, db *database.DB, signer note.Signer) {
			removeSealsFrom(t, db, audit.AccessLog, lastSealOf(t, db, audit.AccessLog))
			history(t, db, 3) // three other entries in place of the three removed: the same size
			_, err := audit.Sealer{DB: db.Bun, Signer: signer}.Seal(context.Background(), time.Now())
			require.NoError(t, err)
		}, "forked", "the database's log does not give", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			testdb.Each(t, func(t *testing.T, db *database.DB) {
				signer, verifier := keys(t, "contactd-test")
				w := audit.DirWitness{Dir: t.TempDir(), Logs: verifier}
				witnessedHistory(t, db, signer, w, 3)
				require.NoError(t, verifyWitnessed(t, db, verifier, w), "untouched history verifies")

				tc.attack(t, db, signer)
				err := verifyAll(db, verifier)
				var p *audit.Problem
				if tc.alone == "" {
					require.NoError(t, err, "the attack leaves a database that verifies on its own")
				} else {
					require.ErrorAs(t, err, &p, "the newest seal is not signed")
					require.Equal(t, tc.alone, p.What)
				}
				err = verifyWitnessed(t, db, verifier, w)
				require.ErrorAs(t, err, &p, "…but not against the witness")
				require.Equal(t, tc.what, p.What, p.Error())
				require.Contains(t, p.Detail, tc.detail)
				require.Contains(t, p.Detail, w.Name())
			})
		})
	}
}

// TestWitnessRefusesRollbackAndFork: the witness service cosigns only a
// checkpoint that extends the last one it cosigned, with a consistency
// proof that holds; it refuses an older checkpoint, another tree of the
// same size, a tree that does not extend its own, a checkpoint not signed
// by the log's key, and answers 409 with its size to a proof from another.
func TestWitnessRefusesRollbackAndFork(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		signer, verifier := keys(t, "contactd-test")
		witnessSigner, witnessVerifier := keys(t, "witness-test")
		ws := &audit.WitnessServer{Store: audit.DirWitness{Dir: t.TempDir(), Logs: verifier}, Signer: witnessSigner, Logs: verifier}
		srv := httptest.NewServer(ws.Handler())
		defer srv.Close()
		w := audit.HTTPWitness{URL: srv.URL, Client: srv.Client(), Verifier: witnessVerifier}

		witnessedHistory(t, db, signer, w, 2)
		held, err := w.Latest(ctx, audit.AccessLog)
		require.NoError(t, err)
		n, err := note.Open(held, note.VerifierList(verifier, witnessVerifier))
		require.NoError(t, err, "the witness holds the log's checkpoint, cosigned")
		require.Len(t, n.Sigs, 2)
		require.NoError(t, verifyWitnessed(t, db, verifier, w))

		var old, newest audit.Checkpoint
		require.NoError(t, db.Bun.NewSelect().Model(&old).Where("log = ?", audit.AccessLog).OrderExpr("id").Limit(1).Scan(ctx))
		require.NoError(t, db.Bun.NewSelect().Model(&newest).Where("log = ?", audit.AccessLog).OrderExpr("id DESC").Limit(1).Scan(ctx))
		size := func(c audit.Checkpoint) int64 { return c.Total } // one tree per log from its first entry: size is total

		_, err = w.Add(ctx, audit.AccessLog, size(newest), nil, []byte(old.Note))
		require.ErrorContains(t, err, "rollback refused")

		_, err = w.Add(ctx, audit.AccessLog, 0, nil, []byte(newest.Note))
		require.ErrorAs(t, err, new(audit.ConflictError))
		require.Equal(t, size(newest), err.(audit.ConflictError).Size)

		forger, _ := keys(t, "contactd-test")
		forged, err := note.Sign(&note.Note{Text: mustText(t, newest.Note, verifier)}, forger)
		require.NoError(t, err)
		_, err = w.Add(ctx, audit.AccessLog, size(newest), nil, forged)
		require.ErrorContains(t, err, "(403)")

		// A fork: the newest entries replaced by others of the same
		// number, signed with the log's own key (stolen), then an
		// extension of that fork.
		removeSealsFrom(t, db, audit.AccessLog, lastSealOf(t, db, audit.AccessLog))
		history(t, db, 3)
		_, err = audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
		require.NoError(t, err)
		fork, err := audit.LastCheckpoint(ctx, db.Bun, audit.AccessLog)
		require.NoError(t, err)
		_, err = w.Add(ctx, audit.AccessLog, size(newest), nil, []byte(fork.Note))
		require.ErrorContains(t, err, "fork refused: another tree")
		history(t, db, 2)
		_, err = audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
		require.NoError(t, err)
		err = audit.Publish(ctx, db.Bun, []audit.Witness{w}, time.Now())
		require.ErrorContains(t, err, "does not extend")
		require.Equal(t, held, mustLatest(t, w), "the witness still holds what it cosigned")
	})
}

func mustText(t *testing.T, msg string, v note.Verifier) string {
	n, err := note.Open([]byte(msg), note.VerifierList(v))
	require.NoError(t, err)
	return n.Text
}

func mustLatest(t *testing.T, w audit.Witness) []byte {
	n, err := w.Latest(context.Background(), audit.AccessLog)
	require.NoError(t, err)
	return n
}

// TestVerificationReportsAStall: the daily verification records that
// sealing is stalled when an entry has waited beyond SealLagLimit, and
// that witnessing is when the newest checkpoint has waited beyond
// WitnessLagLimit for a witness.
func TestVerificationReportsAStall(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		signer, verifier := keys(t, "contactd-test")
		require.NoError(t, audit.Record(agentCtx, db.Bun, audit.Entry{At: time.Now().Add(-10 * time.Minute), Action: "ticket_view"}))
		w := audit.DirWitness{Dir: t.TempDir(), Logs: verifier}
		vs, err := audit.VerifyAndRecordWith(ctx, db.Bun, audit.RecordOptions{Verifier: verifier, Signer: signer, Witnesses: []audit.Witness{w}, Full: true}, time.Now())
		require.NoError(t, err)
		require.Contains(t, vs[0].LagWarning, "sealing is stalled")

		_, err = audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now().Add(-time.Hour))
		require.NoError(t, err)
		vs, err = audit.VerifyAndRecordWith(ctx, db.Bun, audit.RecordOptions{Verifier: verifier, Signer: signer, Witnesses: []audit.Witness{w}, Full: true}, time.Now())
		require.NoError(t, err)
		require.Contains(t, vs[0].LagWarning, "witnessing is stalled")

		require.NoError(t, audit.Publish(ctx, db.Bun, []audit.Witness{w}, time.Now()))
		vs, err = audit.VerifyAndRecordWith(ctx, db.Bun, audit.RecordOptions{Verifier: verifier, Signer: signer, Witnesses: []audit.Witness{w}}, time.Now())
		require.NoError(t, err)
		require.Empty(t, vs[0].LagWarning)
		require.False(t, vs[0].Full, "the full verification of an hour ago lets this one start from its seal")
		require.NotZero(t, vs[0].WitnessedSize)
	})
}

// TestIncrementalVerificationTrustsOnlyItsOwnRecords: a verification
// record inserted behind the worker's back — "verified in full an hour
// ago, up to the newest seal" — does not make the next verification skip
// history: it is not signed, so the next one recomputes everything and
// finds the edit. Before the records were signed, it was incremental and
// recorded ok.
func TestIncrementalVerificationTrustsOnlyItsOwnRecords(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		signer, verifier := keys(t, "contactd-test")
		w := audit.DirWitness{Dir: t.TempDir(), Logs: verifier}
		witnessedHistory(t, db, signer, w, 2)
		opts := audit.RecordOptions{Verifier: verifier, Signer: signer, Witnesses: []audit.Witness{w}}
		vs, err := audit.VerifyAndRecordWith(ctx, db.Bun, opts, time.Now())
		require.NoError(t, err)
		require.True(t, vs[0].Full, "the first is full")
		witnessedHistory(t, db, signer, w, 1)
		vs, err = audit.VerifyAndRecordWith(ctx, db.Bun, opts, time.Now())
		require.NoError(t, err)
		require.False(t, vs[0].Full, "the next resumes from the seal the first reached")

		tamper(t, db, "UPDATE consultations SET reason = 'rewritten' WHERE id = 2")
		for _, log := range audit.Logs {
			last := lastSealOf(t, db, log)
			_, err := db.Bun.NewInsert().Model(&audit.Verification{Log: log, VerifiedAt: time.Now().Add(-time.Hour), OK: true, Signed: true,
				Full: true, SealID: &last}).Exec(ctx)
			require.NoError(t, err)
		}
		vs, err = audit.VerifyAndRecordWith(ctx, db.Bun, opts, time.Now())
		var p *audit.Problem
		require.ErrorAs(t, err, &p, "the forged record is not signed: the verification is full and finds the edit")
		require.Equal(t, "edited", p.What)
	})
}

// TestWitnessDirectoryKeepsOnlyExtensions: the attacks of an outside test
// on the witness directory. A history rewritten in the database and
// re-signed by the worker is refused by the directory (before, it was
// appended, and verification against the directory then passed); a
// checkpoint of the other log, or one naming a seal that does not exist,
// neither blinds the witness nor passes verification.
func TestWitnessDirectoryKeepsOnlyExtensions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		signer, verifier := keys(t, "contactd-test")
		w := audit.DirWitness{Dir: t.TempDir(), Logs: verifier}
		witnessedHistory(t, db, signer, w, 2)
		held := mustLatest(t, w)

		// A fork, signed by the worker's own sealer, then published.
		removeSealsFrom(t, db, audit.AccessLog, lastSealOf(t, db, audit.AccessLog))
		history(t, db, 4)
		_, err := audit.Sealer{DB: db.Bun, Signer: signer}.Seal(ctx, time.Now())
		require.NoError(t, err)
		err = audit.Publish(ctx, db.Bun, []audit.Witness{w}, time.Now())
		require.ErrorContains(t, err, "does not extend")
		require.Equal(t, held, mustLatest(t, w), "the directory kept what it held")
		var p *audit.Problem
		require.ErrorAs(t, verifyWitnessed(t, db, verifier, w), &p)
		require.Equal(t, "forked", p.What)

		// Another log's checkpoint, handed over as this log's.
		_, err = w.Add(ctx, audit.ConsultationLog, noteSizeOf(t, mustLatestOf(t, w, audit.ConsultationLog)), nil, held)
		require.ErrorContains(t, err, "not one of consultations's tree")
		_, err = audit.VerifyWith(ctx, audit.DBSource{DB: db.Bun}, audit.ConsultationLog,
			audit.VerifyOptions{Verifier: verifier, Anchors: []audit.Anchor{{From: w.Name(), Note: held, Log: audit.ConsultationLog}}})
		require.ErrorAs(t, err, &p)
		require.Contains(t, p.Detail, "states the log access_log")

		// A checkpoint row naming a seal to come (on PostgreSQL, past its
		// foreign key as a superuser goes; SQLite's connection enforces it).
		if db.Dialect != database.Postgres {
			return
		}
		tamper(t, db, fmt.Sprintf("INSERT INTO audit_checkpoints (log, seal_id, total, note, signed_at) VALUES ('consultations', %d, 1, 'x', '2030-01-01 00:00:00')", int64(1)<<40))
		c, err := audit.LastCheckpoint(ctx, db.Bun, audit.ConsultationLog)
		require.NoError(t, err)
		require.NotEqual(t, int64(1)<<40, c.SealID, "the log's head is its newest seal's checkpoint")
		_, err = audit.VerifyWith(ctx, audit.DBSource{DB: db.Bun}, audit.ConsultationLog, audit.VerifyOptions{Verifier: verifier})
		require.ErrorAs(t, err, &p)
		require.Contains(t, p.Detail, "signs a seal the chain does not hold")
	})
}

func mustLatestOf(t *testing.T, w audit.Witness, log audit.Log) []byte {
	n, err := w.Latest(context.Background(), log)
	require.NoError(t, err)
	return n
}

func noteSizeOf(t *testing.T, msg []byte) int64 {
	lines := strings.SplitN(string(msg), "\n", 3)
	require.Len(t, lines, 3)
	n, err := strconv.ParseInt(lines[1], 10, 64)
	require.NoError(t, err)
	return n
}
