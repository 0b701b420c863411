package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Lag says how far sealing and witnessing of a log are behind (O6): the
// window in which a superuser could still rewrite entries unnoticed is
// the age of the oldest entry no seal covers, and the window in which
// the newest history could be cut away is the age of the newest
// checkpoint no witness holds.
type Lag struct {
	Log Log `json:"log"`
	// OldestUnsealed is the age of the oldest entry no seal covers (0:
	// every entry is sealed).
	OldestUnsealed time.Duration `json:"oldest_unsealed"`
	// Unwitnessed is the age of the newest checkpoint while no witness
	// holds it (0: it is witnessed, or there is none).
	Unwitnessed time.Duration `json:"unwitnessed"`
	// WitnessedAt is when a witness last accepted a checkpoint of the log.
	WitnessedAt *time.Time `json:"witnessed_at,omitempty"`
}

// SealLagLimit is the lag beyond which sealing is reported stalled: the
// job runs every ten seconds and a dead worker's place is taken within
// one (TestSealingResumesAfterAKilledWorker).
const SealLagLimit = 2 * time.Minute

// WitnessLagLimit is the lag beyond which witnessing is reported stalled.
const WitnessLagLimit = 10 * time.Minute

// Warning says what is stalled, "" when nothing is. witnessed says whether
// witnesses are configured.
func (l Lag) Warning(witnessed bool) string {
	switch {
	case l.OldestUnsealed > SealLagLimit:
		return fmt.Sprintf("sealing is stalled: the oldest entry no seal covers is %s old", l.OldestUnsealed.Round(time.Second))
	case witnessed && l.Unwitnessed > WitnessLagLimit:
		return fmt.Sprintf("witnessing is stalled: the newest checkpoint has waited %s for a witness", l.Unwitnessed.Round(time.Second))
	}
	return ""
}

// Lags measures both logs. Each is two indexed reads.
func Lags(ctx context.Context, db bun.IDB, now time.Time) ([]Lag, error) {
	var out []Lag
	for _, log := range Logs {
		l := Lag{Log: log}
		var oldest []time.Time
		err := db.NewRaw("SELECT at FROM "+string(log)+" WHERE id > (SELECT coalesce(max(last_id), 0) FROM audit_seals WHERE log = ?) ORDER BY at LIMIT 1", log).Scan(ctx, &oldest)
		if err != nil {
			return nil, fmt.Errorf("audit: seal lag of %s: %w", log, err)
		}
		if len(oldest) == 1 {
			l.OldestUnsealed = max(0, now.Sub(oldest[0]))
		}
		c, err := LastCheckpoint(ctx, db, log)
		if err != nil {
			return nil, err
		}
		var w Witnessed
		err = db.NewSelect().Model(&w).Where("log = ?", log).OrderExpr("id DESC").Limit(1).Scan(ctx)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, fmt.Errorf("audit: witness lag of %s: %w", log, err)
		default:
			at := w.WitnessedAt
			l.WitnessedAt = &at
		}
		if c != nil && (l.WitnessedAt == nil || w.CheckpointID < c.ID) && noteSize([]byte(c.Note)) > 0 {
			l.Unwitnessed = max(0, now.Sub(c.SignedAt))
		}
		out = append(out, l)
	}
	return out, nil
}
