package audit

import (
	"time"

	"github.com/uptrace/bun"
)

// SamplingRun is one period's check of the consultation log (O12, §15):
// the population, the seed and parameters that reproduce the draw, and
// whether every drawn item has a verdict yet.
type SamplingRun struct {
	bun.BaseModel `bun:"table:sampling_runs"`

	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	PeriodStart   time.Time  `bun:"period_start,notnull" json:"period_start"`
	PeriodEnd     time.Time  `bun:"period_end,notnull" json:"period_end"`
	Scope         string     `bun:"scope,notnull" json:"scope"`
	Seed          string     `bun:"seed,notnull" json:"seed"`
	Confidence    float64    `bun:"confidence,notnull" json:"confidence"`
	TolerableRate float64    `bun:"tolerable_rate,notnull" json:"tolerable_rate"`
	SampleSize    int        `bun:"sample_size,notnull" json:"sample_size"`
	Population    int64      `bun:"population,notnull" json:"population"`
	Status        string     `bun:"status,notnull" json:"status"`
	RequestedBy   *int64     `bun:"requested_by" json:"requested_by,omitempty"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	ClosedAt      *time.Time `bun:"closed_at" json:"closed_at,omitempty"`
}

// Why an item is in a run.
const (
	DrawnAtRandom = "random"
	HardRuleHit   = "hard_rule"
	Flagged       = "flagged"
)

// The adviser's verdicts.
const (
	Justified        = "justified"
	NotJustified     = "not_justified"
	ExplanationAsked = "explanation_asked"
)

// SamplingItem is one consultation drawn for review, with the hard rules
// it breaks, the risks it shows, and the adviser's verdict.
type SamplingItem struct {
	bun.BaseModel `bun:"table:sampling_items"`

	ID             int64      `bun:"id,pk,autoincrement" json:"id"`
	RunID          int64      `bun:"run_id,notnull" json:"run_id"`
	ConsultationID int64      `bun:"consultation_id,notnull" json:"consultation_id"`
	Why            string     `bun:"why,notnull" json:"why"`
	Findings       string     `bun:"findings,notnull" json:"findings,omitempty"` // comma-separated hard rules
	Flags          string     `bun:"flags,notnull" json:"flags,omitempty"`       // comma-separated risk flags
	Verdict        string     `bun:"verdict,notnull" json:"verdict,omitempty"`
	Comment        string     `bun:"comment,notnull" json:"comment,omitempty"`
	ReviewedBy     *int64     `bun:"reviewed_by" json:"reviewed_by,omitempty"`
	ReviewedAt     *time.Time `bun:"reviewed_at" json:"reviewed_at,omitempty"`
}

// FollowUp is what became of an unjustified consultation: to whom it was
// referred and the sanction decided, until the adviser closes it.
type FollowUp struct {
	bun.BaseModel `bun:"table:sampling_followups"`

	ID         int64      `bun:"id,pk,autoincrement" json:"id"`
	ItemID     int64      `bun:"item_id,notnull" json:"item_id"`
	ReferredTo string     `bun:"referred_to,notnull" json:"referred_to"`
	Sanction   string     `bun:"sanction,notnull" json:"sanction"`
	CreatedAt  time.Time  `bun:"created_at,notnull" json:"created_at"`
	ClosedAt   *time.Time `bun:"closed_at" json:"closed_at,omitempty"`
	ClosedBy   *int64     `bun:"closed_by" json:"closed_by,omitempty"`
}
