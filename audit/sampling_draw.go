package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	all, err := periodConsultations(ctx, db, start, end, scope)
	if err != nil {
		return SamplingRun{}, fmt.Errorf("audit: sampling: read the period: %w", err)
	}
	size, err := sampling.AttributeSampleSize(opt.Confidence, opt.TolerableRate, 0)
	if err != nil {
		return SamplingRun{}, err
	}
	run := SamplingRun{PeriodStart: start.UTC(), PeriodEnd: end.UTC(), Scope: scope, Seed: strconv.FormatUint(seed, 10),
		Confidence: opt.Confidence, TolerableRate: opt.TolerableRate, SampleSize: sampling.FinitePopulation(size, len(all)),
		Population: int64(len(all)), Status: "open", RequestedBy: requestedBy, CreatedAt: time.Now().UTC()}
	items := drawItems(all, run.SampleSize, seed, opt)
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

// drawItems decides what the run reviews.
func drawItems(all []checked, n int, seed uint64, opt SamplingOptions) []SamplingItem {
	perAgent := map[string]int{}
	tickets := map[string]map[int64]bool{}
	for _, c := range all {
		perAgent[strconv.FormatInt(c.UserID, 10)]++
		if tickets[c.INSZ] == nil {
			tickets[c.INSZ] = map[int64]bool{}
		}
		tickets[c.INSZ][c.TicketID] = true
	}
	outliers := map[int64]bool{}
	for _, agent := range sampling.VolumeOutliers(perAgent, opt.VolumeFactor) {
		id, _ := strconv.ParseInt(agent, 10, 64)
		outliers[id] = true
	}
	population := make([]sampling.Item, 0, len(all))
	var flaggedItems []sampling.Item
	picked := map[int64]*SamplingItem{}
	var order []int64
	add := func(c checked, why string, findings, flags []string) {
		if picked[c.ID] != nil {
			return
		}
		picked[c.ID] = &SamplingItem{ConsultationID: c.ID, Why: why, Findings: strings.Join(findings, ","), Flags: strings.Join(flags, ",")}
		order = append(order, c.ID)
	}
	byID := make(map[int64]checked, len(all))
	for _, c := range all {
		byID[c.ID] = c
		stratum := sampling.Item{ID: c.ID, Stratum: strconv.FormatInt(c.UserID, 10)}
		population = append(population, stratum)
		if f := c.findings(); len(f) > 0 {
			add(c, HardRuleHit, f, c.flags(opt, outliers, tickets))
		} else if len(c.flags(opt, outliers, tickets)) > 0 {
			flaggedItems = append(flaggedItems, stratum)
		}
	}
	for _, id := range sampling.Draw(population, n, seed) {
		c := byID[id]
		add(c, DrawnAtRandom, c.findings(), c.flags(opt, outliers, tickets))
	}
	for _, id := range sampling.DrawShare(flaggedItems, opt.FlaggedShare, opt.FlaggedMin, seed^0x5eed) {
		c := byID[id]
		add(c, Flagged, nil, c.flags(opt, outliers, tickets))
	}
	out := make([]SamplingItem, 0, len(order))
	for _, id := range order {
		out = append(out, *picked[id])
	}
	return out
}
