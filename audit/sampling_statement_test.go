package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/audit/sampling"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// TestSamplingStatementCountsTheRandomSampleOnly: with the 59 items drawn
// at random all justified, the closed run states "0 of 59" and the 59-item
// bound, whatever the items it chose showed: its hard-rule hits and a
// flagged item, judged unjustified, are counted beside the conclusion as
// findings and leave the bound at 4.96%. Pooled, the same verdicts read
// "k of 59 + chosen" with a bound that no draw supports.
func TestSamplingStatementCountsTheRandomSampleOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		start, end, _ := period(t, db)
		run, err := audit.DrawRun(ctx, db.Bun, start, end, "all", 42, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		adv := adviserOf(ctx)
		_, items, err := audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)

		hits, flagged := 0, 0
		for _, it := range items {
			verdict := audit.Justified
			switch it.Why {
			case audit.HardRuleHit:
				hits++
				verdict = audit.NotJustified
			case audit.Flagged:
				flagged++
				if flagged == 1 {
					verdict = audit.NotJustified
				}
			}
			require.NoError(t, audit.SetVerdict(adv, db.Bun, it.ID, verdict, "", time.Now(), false))
		}
		require.Positive(t, hits)
		require.GreaterOrEqual(t, flagged, 5, "the run chose flagged items beside the sample")

		run, items, err = audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		require.Equal(t, "closed", run.Status)
		st, err := run.Statement(items)
		require.NoError(t, err)
		require.Equal(t, 59, st.Reviewed, "the random sample only")
		require.Zero(t, st.Unjustified)
		require.InDelta(t, 0.0495076, st.Upper, 1e-7, "the bound of 0 in 59")
		require.Equal(t, 4.96, st.UpperPercent)
		require.Equal(t, sampling.Tally{Reviewed: hits, Unjustified: hits}, st.HardRuleHits)
		require.Equal(t, sampling.Tally{Reviewed: flagged, Unjustified: 1}, st.Flagged)
		require.Equal(t, "0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified. "+
			fmt.Sprintf("Outside the random sample and not counted in it, hard-rule hits reviewed: %d, of which unjustified: %d; ", hits, hits)+
			fmt.Sprintf("flagged items reviewed: %d, of which unjustified: 1", flagged), st.Text("en"))
	})
}

// TestSamplingSmallPeriodIsAllRandom: a period no larger than the sample is
// reviewed whole, and all of it is the random sample — its hard-rule hits
// included, their findings kept — so the statement counts every item.
func TestSamplingSmallPeriodIsAllRandom(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		start, end, bad := periodOf(t, db, 10)
		run, err := audit.DrawRun(ctx, db.Bun, start, end, "all", 7, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		require.Equal(t, int64(24), run.Population)
		require.Equal(t, 24, run.SampleSize)
		adv := adviserOf(ctx)
		_, items, err := audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		require.Len(t, items, 24)
		withFindings := 0
		for _, it := range items {
			require.Equal(t, audit.DrawnAtRandom, it.Why, "item %d (%s)", it.ID, it.Findings)
			verdict := audit.Justified
			if it.Findings != "" {
				withFindings++
				verdict = audit.NotJustified
			}
			require.NoError(t, audit.SetVerdict(adv, db.Bun, it.ID, verdict, "", time.Now(), false))
		}
		require.Equal(t, len(bad), withFindings, "every hit is there with its findings")

		run, items, err = audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		st, err := run.Statement(items)
		require.NoError(t, err)
		require.Equal(t, 24, st.Reviewed)
		require.Equal(t, len(bad), st.Unjustified)
		require.Zero(t, st.HardRuleHits.Reviewed+st.Flagged.Reviewed, "nothing chosen beside the sample")
	})
}

// adviserOf is ctx acting as the security adviser of period's users.
func adviserOf(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{UserID: 102, Role: audit.RoleSecurityAdviser, Institution: tickets.ContactCentre})
}
