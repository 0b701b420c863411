package retention

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Range is what a category of a plan or a run covers: how many rows, their
// ids and dates (closing, arrival or entry dates). Never contents.
type Range struct {
	Count   int64     `json:"count"`
	FirstID int64     `json:"first_id,omitempty"`
	LastID  int64     `json:"last_id,omitempty"`
	From    time.Time `json:"from,omitzero"`
	To      time.Time `json:"to,omitzero"`
}

// merge widens r by a batch.
func (r Range) merge(b Range) Range {
	if b.Count == 0 {
		return r
	}
	if r.Count == 0 || b.FirstID < r.FirstID {
		r.FirstID = b.FirstID
	}
	r.LastID = max(r.LastID, b.LastID)
	if r.From.IsZero() || (!b.From.IsZero() && b.From.Before(r.From)) {
		r.From = b.From
	}
	if b.To.After(r.To) {
		r.To = b.To
	}
	r.Count += b.Count
	return r
}

// RunRecord is one retention run as the admin page shows it: when, and
// how much of each category it erased, with ranges.
type RunRecord struct {
	bun.BaseModel `bun:"table:retention_runs"`

	ID                   int64      `bun:"id,pk,autoincrement" json:"id"`
	AsOf                 time.Time  `bun:"as_of,notnull" json:"as_of"`
	StartedAt            time.Time  `bun:"started_at,notnull" json:"started_at"`
	FinishedAt           *time.Time `bun:"finished_at" json:"finished_at,omitempty"`
	TicketsErased        int64      `bun:"tickets_erased,notnull" json:"tickets_erased"`
	QuarantineDeleted    int64      `bun:"quarantine_deleted,notnull" json:"quarantine_deleted"`
	SessionsDeleted      int64      `bun:"sessions_deleted,notnull" json:"sessions_deleted"`
	AccessLogRemoved     int64      `bun:"access_log_removed,notnull" json:"access_log_removed"`
	ConsultationsRemoved int64      `bun:"consultations_removed,notnull" json:"consultations_removed"`
	// RangesJSON holds a Range per category; Ranges reads it.
	RangesJSON string `bun:"ranges,notnull" json:"-"`
	// Notes says what the run could not do (no checkpoint key, entries
	// waiting for a checkpoint).
	Notes string `bun:"notes,notnull" json:"notes,omitempty"`
}

// Ranges are the ranges the run erased, per category.
func (r RunRecord) Ranges() map[string]Range {
	out := map[string]Range{}
	_ = json.Unmarshal([]byte(r.RangesJSON), &out) // written by this package only
	return out
}

// MarshalJSON adds the ranges to the record's fields.
func (r RunRecord) MarshalJSON() ([]byte, error) {
	type plain RunRecord
	return json.Marshal(struct {
		plain
		Ranges map[string]Range `json:"ranges"`
	}{plain(r), r.Ranges()})
}

// LastRun is the latest retention run, finished or under way; ErrNoRun
// when retention never ran.
func (s *Service) LastRun(ctx context.Context) (RunRecord, error) {
	var r RunRecord
	err := s.db.Bun.NewSelect().Model(&r).OrderExpr("id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNoRun
	}
	if err != nil {
		return r, fmt.Errorf("retention: last run: %w", err)
	}
	return r, nil
}

// startRun finds the run of asOf, or starts it. A retried job carries the
// same asOf, so it continues its run instead of starting another.
func (s *Service) startRun(ctx context.Context, asOf time.Time) (RunRecord, error) {
	r := RunRecord{AsOf: asOf, StartedAt: s.now(), RangesJSON: "{}"}
	_, err := s.db.Bun.NewInsert().Model(&r).On("CONFLICT (as_of) DO NOTHING").Exec(ctx)
	if err != nil {
		return r, fmt.Errorf("retention: start run: %w", err)
	}
	err = s.db.Bun.NewSelect().Model(&r).Where("as_of = ?", asOf).Scan(ctx)
	if err != nil {
		return r, fmt.Errorf("retention: start run: %w", err)
	}
	return r, nil
}

// count adds a batch to the run's row, in the batch's own transaction, so
// that the row always says exactly what was committed.
func count(ctx context.Context, tx bun.Tx, runID int64, category string, b Range) error {
	var r RunRecord
	if err := tx.NewSelect().Model(&r).Where("id = ?", runID).Scan(ctx); err != nil {
		return err
	}
	ranges := r.Ranges()
	ranges[category] = ranges[category].merge(b)
	buf, err := json.Marshal(ranges)
	if err != nil {
		return err
	}
	column := map[string]string{
		CategoryTickets: "tickets_erased", CategoryQuarantine: "quarantine_deleted", CategorySessions: "sessions_deleted",
		CategoryAccessLog: "access_log_removed", CategoryConsultations: "consultations_removed",
	}[category]
	_, err = tx.NewUpdate().Model((*RunRecord)(nil)).Set("ranges = ?", string(buf)).
		Set("? = ? + ?", bun.Ident(column), bun.Ident(column), b.Count).Where("id = ?", runID).Exec(ctx)
	return err
}
