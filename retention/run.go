package retention

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Run applies the policy as of asOf: it erases the expired tickets, deletes
// the expired quarantine, sweeps ended sessions and prunes the logs, each in
// transactions of at most Batch rows that also count what they erased in
// the run's row. It finishes by recording what it erased in the access log
// (retention_run). It is idempotent: a second run as of the same or a later
// time erases only what has expired since; the same asOf after an
// interruption completes the interrupted run, once.
func (s *Service) Run(ctx context.Context, asOf time.Time) (RunRecord, error) {
	ctx = systemActor(ctx)
	asOf = asOf.UTC().Truncate(time.Microsecond)
	rec, err := s.startRun(ctx, asOf)
	if err != nil || rec.FinishedAt != nil {
		return rec, err
	}
	steps := []func(context.Context, int64, time.Time) (string, error){s.runSessions, s.runTickets, s.runQuarantine, s.runLogs}
	var notes []string
	for _, step := range steps {
		note, err := step(ctx, rec.ID, asOf)
		if err != nil {
			return rec, err
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	return s.finishRun(ctx, rec.ID, strings.Join(notes, " "))
}

// batches runs one batch per transaction until a batch finds nothing.
func (s *Service) batches(ctx context.Context, runID int64, category string, batch func(context.Context, bun.Tx) (Range, error)) error {
	for {
		var got Range
		err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			var err error
			if got, err = batch(ctx, tx); err != nil || got.Count == 0 {
				return err
			}
			return count(ctx, tx, runID, category, got)
		})
		if err != nil {
			return fmt.Errorf("retention: %s: %w", category, err)
		}
		if got.Count == 0 {
			return nil
		}
		if err := s.interrupted(category); err != nil {
			return err
		}
	}
}

func (s *Service) interrupted(category string) error {
	if s.afterBatch == nil {
		return nil
	}
	return s.afterBatch(category)
}

func (s *Service) runTickets(ctx context.Context, runID int64, asOf time.Time) (string, error) {
	cutoff, now := s.opt.Policy.ClosedTickets.Before(asOf), s.now()
	return "", s.batches(ctx, runID, CategoryTickets, func(ctx context.Context, tx bun.Tx) (Range, error) {
		return eraseTicketBatch(ctx, tx, cutoff, now, s.opt.Batch)
	})
}

func (s *Service) runQuarantine(ctx context.Context, runID int64, asOf time.Time) (string, error) {
	cutoff := s.opt.Policy.Quarantine.Before(asOf)
	return "", s.batches(ctx, runID, CategoryQuarantine, func(ctx context.Context, tx bun.Tx) (Range, error) {
		return deleteQuarantineBatch(ctx, tx, cutoff, s.opt.Batch)
	})
}

// runSessions reuses the session sweep (access.Service.Sweep).
func (s *Service) runSessions(ctx context.Context, runID int64, _ time.Time) (string, error) {
	if s.opt.Sessions == nil {
		return "", nil
	}
	n, err := s.opt.Sessions.Sweep(ctx)
	if err != nil || n == 0 {
		return "", err
	}
	return "", s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return count(ctx, tx, runID, CategorySessions, Range{Count: n})
	})
}

// runLogs prunes both logs behind a signed horizon (audit.Prune).
func (s *Service) runLogs(ctx context.Context, runID int64, asOf time.Time) (string, error) {
	if s.opt.Signer == nil {
		return "The logs were not pruned: pruning needs the checkpoint key (--audit-key).", nil
	}
	cutoff := s.opt.Policy.Logs.Before(asOf)
	var waiting int64
	for _, log := range audit.Logs {
		category := map[audit.Log]string{audit.AccessLog: CategoryAccessLog, audit.ConsultationLog: CategoryConsultations}[log]
		p, err := audit.Prune(ctx, s.db.Bun, log, cutoff, s.opt.Signer, s.now(), s.opt.Batch,
			func(ctx context.Context, tx bun.Tx, b audit.PruneBatch) error {
				return count(ctx, tx, runID, category, Range{Count: b.Entries, FirstID: b.FirstID, LastID: b.LastID, From: b.From, To: b.To})
			})
		if err != nil {
			return "", fmt.Errorf("retention: %w", err)
		}
		if err := s.interrupted(category); err != nil {
			return "", err
		}
		waiting += p.Waiting
	}
	if waiting > 0 {
		return fmt.Sprintf("%d log entries older than the period wait: no signed checkpoint covers their seal yet, or it holds younger entries.", waiting), nil
	}
	return "", nil
}

// finishRun closes the run and records what it erased in the access log,
// in one transaction: a run is finished exactly when its entry exists.
func (s *Service) finishRun(ctx context.Context, runID int64, notes string) (RunRecord, error) {
	var rec RunRecord
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&rec).Where("id = ?", runID).Scan(ctx); err != nil {
			return err
		}
		if rec.FinishedAt != nil {
			return nil
		}
		now := s.now()
		rec.FinishedAt, rec.Notes = &now, notes
		if _, err := tx.NewUpdate().Model(&rec).Column("finished_at", "notes").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "retention_run", Detail: summary(rec)})
	})
	if err != nil {
		return rec, fmt.Errorf("retention: finish run: %w", err)
	}
	return rec, nil
}

// summary is the access-log detail of a run: counts and ranges per
// category, never contents.
func summary(rec RunRecord) string {
	ranges := rec.Ranges()
	var b strings.Builder
	fmt.Fprintf(&b, "as_of=%s", rec.AsOf.Format(time.RFC3339))
	for _, c := range []string{CategoryTickets, CategoryQuarantine, CategorySessions, CategoryAccessLog, CategoryConsultations} {
		r := ranges[c]
		fmt.Fprintf(&b, " %s=%d", c, r.Count)
		if r.LastID != 0 {
			fmt.Fprintf(&b, "[ids %d-%d", r.FirstID, r.LastID)
			if !r.From.IsZero() {
				fmt.Fprintf(&b, ", %s..%s", r.From.Format("2006-01-02"), r.To.Format("2006-01-02"))
			}
			b.WriteString("]")
		}
	}
	return b.String()
}
