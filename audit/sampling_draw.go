package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit/sampling"
)

// DrawRun makes the sampling run of a period and scope ("all", or an
// institution's code): every consultation that showed data is checked
// against the hard rules and the risk flags, and the run keeps a random
// sample — seeded, stratified by agent, of the attribute-sampling size —
// plus every hard-rule hit and a share of the flagged items (O12).
//
// It is idempotent: a run that exists for the period and scope is returned
// as it is, and the same seed always draws the same items, so a job that
// crashed and retries makes the same run.
func DrawRun(ctx context.Context, db bun.IDB, start, end time.Time, scope string, seed uint64, opt SamplingOptions, requestedBy *int64) (SamplingRun, error) {
	opt = opt.withDefaults()
	if existing, found, err := findRun(ctx, db, start, end, scope); err != nil || found {
		return existing, err
	}
	agg, err := aggregates(ctx, db, start, end, scope, opt.ManyTickets)
	if err != nil {
		return SamplingRun{}, fmt.Errorf("audit: sampling: read the period: %w", err)
	}
	size, err := sampling.AttributeSampleSize(opt.Confidence, opt.TolerableRate, 0)
	if err != nil {
		return SamplingRun{}, err
	}
	population := 0
	for _, n := range agg.perAgent {
		population += n
	}
	run := SamplingRun{PeriodStart: start.UTC(), PeriodEnd: end.UTC(), Scope: scope, Seed: strconv.FormatUint(seed, 10),
		Confidence: opt.Confidence, TolerableRate: opt.TolerableRate, SampleSize: sampling.FinitePopulation(size, population),
		Population: int64(population), Status: "open", RequestedBy: requestedBy, CreatedAt: time.Now().UTC()}
	items, err := drawItems(ctx, db, start, end, scope, agg, run.SampleSize, seed, opt)
	if err != nil {
		return SamplingRun{}, fmt.Errorf("audit: sampling: read the period: %w", err)
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&run).Exec(ctx); err != nil {
			return err
		}
		for i := range items {
			items[i].RunID = run.ID
		}
		for chunk := range slices.Chunk(items, 1000) {
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return SamplingRun{}, fmt.Errorf("audit: sampling: store the run: %w", err)
	}
	return run, nil
}

func findRun(ctx context.Context, db bun.IDB, start, end time.Time, scope string) (SamplingRun, bool, error) {
	var r SamplingRun
	err := db.NewSelect().Model(&r).Where("period_start = ? AND period_end = ? AND scope = ?", start.UTC(), end.UTC(), scope).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// drawItems decides what the run reviews, in one pass over the period:
// it keeps every consultation's id and agent (to draw from) and the
// findings and flags of those that have any, nothing else.
func drawItems(ctx context.Context, db bun.IDB, start, end time.Time, scope string, agg periodAggregates, n int, seed uint64, opt SamplingOptions) ([]SamplingItem, error) {
	perAgent := map[string]int{}
	stratum := map[int64]string{}
	for id, count := range agg.perAgent {
		stratum[id] = strconv.FormatInt(id, 10)
		perAgent[stratum[id]] = count
	}
	outliers := map[int64]bool{}
	for _, agent := range sampling.VolumeOutliers(perAgent, opt.VolumeFactor) {
		id, _ := strconv.ParseInt(agent, 10, 64)
		outliers[id] = true
	}
	marked := map[int64]marks{}
	var population, flaggedItems []sampling.Item
	var hits []int64
	err := eachConsultation(ctx, db, start, end, scope, func(c *checked) {
		item := sampling.Item{ID: c.ID, Stratum: stratum[c.UserID]}
		population = append(population, item)
		findings, flags := c.findings(), c.flags(opt, outliers, agg.manyTicket)
		if len(findings)+len(flags) > 0 {
			marked[c.ID] = marks{findings, flags}
		}
		switch {
		case len(findings) > 0:
			hits = append(hits, c.ID)
		case len(flags) > 0:
			flaggedItems = append(flaggedItems, item)
		}
	})
	if err != nil {
		return nil, err
	}
	share := min(max(int(math.Ceil(opt.FlaggedShare*float64(len(flaggedItems)))), opt.FlaggedMin), opt.FlaggedMax)
	return choose(hits, sampling.Draw(population, n, seed), sampling.Draw(flaggedItems, share, seed^0x5eed), marked), nil
}

// marks are the hard rules a consultation breaks and the risks it shows.
type marks struct{ findings, flags []string }

// choose makes the run's items, each consultation once: the hard-rule hits
// (listed first, so that the adviser meets them first), the random sample
// drawn, and the flagged items picked. A hit or a flagged item that the
// random draw picked too is marked drawn at random, its findings and flags
// kept: the statement rests on the random sample alone (§16), which must
// keep every item the draw picked — without its hits it would lose exactly
// the items most likely unjustified and understate the period's rate.
func choose(hits, drawn, flagged []int64, marked map[int64]marks) []SamplingItem {
	atRandom := make(map[int64]bool, len(drawn))
	for _, id := range drawn {
		atRandom[id] = true
	}
	picked := map[int64]bool{}
	var out []SamplingItem
	add := func(id int64, why string) {
		if picked[id] {
			return
		}
		picked[id] = true
		if atRandom[id] {
			why = DrawnAtRandom
		}
		m := marked[id]
		out = append(out, SamplingItem{ConsultationID: id, Why: why, Findings: strings.Join(m.findings, ","), Flags: strings.Join(m.flags, ",")})
	}
	for _, id := range hits {
		add(id, HardRuleHit)
	}
	for _, id := range drawn {
		add(id, DrawnAtRandom)
	}
	for _, id := range flagged {
		add(id, Flagged)
	}
	return out
}
