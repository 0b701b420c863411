package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"contactd/audit/sampling"
	"contactd/freetext"
)

// Errors of the review.
var (
	ErrNotAdviser = errors.New("audit: only the security adviser reviews consultations")
	ErrNoSuchRun  = errors.New("audit: no such sampling run or item")
	ErrRunClosed  = errors.New("audit: the run is closed: every item has its final verdict")
	ErrBadVerdict = errors.New("audit: the verdict is justified, not_justified or explanation_asked")
)

// ReviewItem is a drawn item as the adviser reviews it: the consultation's
// metadata — never what it showed.
type ReviewItem struct {
	SamplingItem `bun:",extend"`
	At           time.Time `bun:"at" json:"at"`
	AgentID      int64     `bun:"agent_id" json:"agent_id"`
	Agent        string    `bun:"agent" json:"agent"`
	Role         string    `bun:"role" json:"role"`
	Institution  string    `bun:"institution_code" json:"institution"`
	Kind         string    `bun:"kind" json:"kind"`
	Reason       string    `bun:"reason" json:"reason"`
	Outcome      string    `bun:"outcome" json:"outcome"`
	TicketRef    string    `bun:"ticket_ref" json:"ticket_ref"`
	INSZ         string    `bun:"insz" json:"insz"`
}

func adviser(ctx context.Context) (Actor, error) {
	a, ok := ActorFrom(ctx)
	if !ok || a.Role != RoleSecurityAdviser {
		return a, ErrNotAdviser
	}
	return a, nil
}

// Runs lists the sampling runs, newest period first, and logs the look.
func Runs(ctx context.Context, db bun.IDB) ([]SamplingRun, error) {
	if _, err := adviser(ctx); err != nil {
		return nil, err
	}
	out := []SamplingRun{}
	if err := db.NewSelect().Model(&out).OrderExpr("period_start DESC, id DESC").Limit(200).Scan(ctx); err != nil {
		return nil, err
	}
	return out, Record(ctx, db, Entry{Action: "sampling_runs_view"})
}

// Run shows one run with its items, and logs the look.
func Run(ctx context.Context, db bun.IDB, id int64) (SamplingRun, []ReviewItem, error) {
	return ReadRun(ctx, db, id, Entry{Action: "sampling_run_view"})
}

// ReadRun reads one run with its items for the access e describes — a
// look, a report's download — and logs that access, once, naming the run.
func ReadRun(ctx context.Context, db bun.IDB, id int64, e Entry) (SamplingRun, []ReviewItem, error) {
	var run SamplingRun
	if _, err := adviser(ctx); err != nil {
		return run, nil, err
	}
	if err := db.NewSelect().Model(&run).Where("id = ?", id).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
		return run, nil, ErrNoSuchRun
	} else if err != nil {
		return run, nil, err
	}
	items := []ReviewItem{}
	err := db.NewSelect().Model(&items).ModelTableExpr("sampling_items AS sampling_item").
		ColumnExpr("sampling_item.*").
		ColumnExpr("c.at, coalesce(c.user_id, 0) AS agent_id, coalesce(u.display_name, '') AS agent, c.role, c.institution_code, c.kind, c.reason, c.outcome, c.ticket_ref, c.insz").
		Join("JOIN consultations AS c ON c.id = sampling_item.consultation_id").
		Join("LEFT JOIN users AS u ON u.id = c.user_id").
		Where("sampling_item.run_id = ?", id).OrderExpr("sampling_item.id").Scan(ctx)
	if err != nil {
		return run, nil, err
	}
	e.Detail = strings.TrimSpace(fmt.Sprintf("run=%d %s", id, e.Detail))
	return run, items, Record(ctx, db, e)
}

// Statement is the run's result so far, over the items that have a final
// verdict. Its "x of n" and its bound count the items drawn at random only
// (§16: the check is by sample); the hard-rule hits and flagged items the
// run chose are tallied beside it, as findings that never enter the bound.
func (r SamplingRun) Statement(items []ReviewItem) (sampling.Statement, error) {
	var random, hits, flagged sampling.Tally
	for _, it := range items {
		if it.Verdict != Justified && it.Verdict != NotJustified {
			continue
		}
		switch it.Why {
		case DrawnAtRandom:
			random.Count(it.Verdict == NotJustified)
		case HardRuleHit:
			hits.Count(it.Verdict == NotJustified)
		case Flagged:
			flagged.Count(it.Verdict == NotJustified)
		}
	}
	st, err := sampling.Summary(random.Unjustified, random.Reviewed, r.Confidence)
	if err != nil {
		return st, err
	}
	st.HardRuleHits, st.Flagged = hits, flagged
	return st, nil
}

// SetVerdict records the adviser's verdict on an item with a comment. A
// not-justified verdict opens a follow-up; when every item of the run has
// a final verdict (justified or not), the run closes. All in one
// transaction with its access-log entry.
//
// The comment is free text an adviser writes, kept as long as the run: it
// goes through the free-text guard (O5, §5) — no national number at all
// (the item already names its consultation), and a warning on what looks
// like consulted data unless confirmed says the adviser confirmed, after
// the warning, that it holds none. The guard's refusal is a
// *freetext.Error.
func SetVerdict(ctx context.Context, db bun.IDB, itemID int64, verdict, comment string, now time.Time, confirmed bool) error {
	a, err := adviser(ctx)
	if err != nil {
		return err
	}
	if verdict != Justified && verdict != NotJustified && verdict != ExplanationAsked {
		return ErrBadVerdict
	}
	comment = strings.TrimSpace(comment)
	if err := guardOptional("comment", comment, maxComment, confirmed); err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var it SamplingItem
		if err := tx.NewSelect().Model(&it).Where("id = ?", itemID).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
			return ErrNoSuchRun
		} else if err != nil {
			return err
		}
		// The run's row lock orders concurrent verdicts, so the last one
		// sees the others and closes the run.
		var run SamplingRun
		q := tx.NewSelect().Model(&run).Where("id = ?", it.RunID)
		if tx.Dialect().Name() == dialect.PG {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); err != nil {
			return err
		}
		if run.Status == "closed" {
			return ErrRunClosed
		}
		uid := a.UserID
		it.Verdict, it.Comment, it.ReviewedBy, it.ReviewedAt = verdict, comment, &uid, &now
		if _, err := tx.NewUpdate().Model(&it).Column("verdict", "comment", "reviewed_by", "reviewed_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		if verdict == NotJustified {
			f := FollowUp{ItemID: it.ID, CreatedAt: now}
			if _, err := tx.NewInsert().Model(&f).On("CONFLICT (item_id) DO NOTHING").Exec(ctx); err != nil {
				return err
			}
		}
		open, err := tx.NewSelect().Model((*SamplingItem)(nil)).Where("run_id = ? AND verdict NOT IN (?, ?)", run.ID, Justified, NotJustified).Count(ctx)
		if err != nil {
			return err
		}
		if open == 0 {
			if _, err := tx.NewUpdate().Model((*SamplingRun)(nil)).Set("status = 'closed', closed_at = ?", now).Where("id = ?", run.ID).Exec(ctx); err != nil {
				return err
			}
		}
		return Record(ctx, tx, Entry{Action: "sampling_verdict", Detail: fmt.Sprintf("run=%d item=%d verdict=%s", run.ID, it.ID, verdict)})
	})
}

// UpdateFollowUp records to whom an unjustified consultation was referred
// and the sanction decided; closing it ends the follow-up. Both are free
// text, guarded like a verdict's comment (§5).
func UpdateFollowUp(ctx context.Context, db bun.IDB, itemID int64, referredTo, sanction string, closeIt bool, now time.Time, confirmed bool) error {
	a, err := adviser(ctx)
	if err != nil {
		return err
	}
	referredTo, sanction = strings.TrimSpace(referredTo), strings.TrimSpace(sanction)
	if err := guardOptional("referred_to", referredTo, maxReferredTo, confirmed); err != nil {
		return err
	}
	if err := guardOptional("sanction", sanction, maxComment, confirmed); err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var f FollowUp
		if err := tx.NewSelect().Model(&f).Where("item_id = ?", itemID).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
			return ErrNoSuchRun
		} else if err != nil {
			return err
		}
		if f.ClosedAt != nil {
			return ErrRunClosed
		}
		f.ReferredTo, f.Sanction = referredTo, sanction
		if closeIt {
			uid := a.UserID
			f.ClosedAt, f.ClosedBy = &now, &uid
		}
		if _, err := tx.NewUpdate().Model(&f).WherePK().Exec(ctx); err != nil {
			return err
		}
		return Record(ctx, tx, Entry{Action: "sampling_followup", Detail: fmt.Sprintf("item=%d closed=%t", itemID, closeIt)})
	})
}

// Limits of the review's free text.
const (
	maxComment    = 2000
	maxReferredTo = 200
)

// guardOptional applies the free-text guard to a field the adviser may
// leave empty. The confirmation is variadic so that callers that never
// confirm keep their call; a warning then stands until the text changes.
func guardOptional(field, text string, limit int, confirmed bool) error {
	if text == "" {
		return nil
	}
	return freetext.Check(field, text, "", limit, confirmed)
}

// AgentVolume is one agent's consultations over a run's period.
type AgentVolume struct {
	AgentID       int64  `bun:"agent_id"`
	Agent         string `bun:"agent"`
	Consultations int64  `bun:"consultations"`
}

// RunAgents lists every agent's consultations over a run's period and
// scope, for the report's per-agent sheet.
func RunAgents(ctx context.Context, db bun.IDB, run SamplingRun) ([]AgentVolume, error) {
	var out []AgentVolume
	err := db.NewRaw(`SELECT coalesce(c.user_id, 0) AS agent_id, coalesce(max(u.display_name), '') AS agent, count(*) AS consultations
		FROM consultations c LEFT JOIN users u ON u.id = c.user_id
		WHERE c.at >= ? AND c.at < ? AND c.outcome = 'found' AND (? = 'all' OR c.institution_code = ?)
		GROUP BY coalesce(c.user_id, 0) ORDER BY 1`, run.PeriodStart, run.PeriodEnd, run.Scope, run.Scope).Scan(ctx, &out)
	return out, err
}
