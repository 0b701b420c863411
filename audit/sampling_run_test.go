package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/tickets"
)

// TestSamplingRun: over a period of real consultations made through the
// lookup service, plus records that break each hard rule, a run reviews
// every hard-rule hit with its finding, a stratified random sample of
// exactly the attribute-sampling size, and is the same run when asked
// again; the same seed draws the same sample.
func TestSamplingRun(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		start, end, bad := period(t, db)

		run, err := audit.DrawRun(ctx, db.Bun, start, end, "all", 42, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		require.Equal(t, int64(244), run.Population, "120 identity lookups, 120 careers, 4 bad records")
		require.Equal(t, 59, run.SampleSize)
		var items []audit.SamplingItem
		require.NoError(t, db.Bun.NewSelect().Model(&items).Where("run_id = ?", run.ID).OrderExpr("id").Scan(ctx))
		byConsultation := map[int64]audit.SamplingItem{}
		random := 0
		for _, it := range items {
			byConsultation[it.ConsultationID] = it
			if it.Why == audit.DrawnAtRandom {
				random++
			}
		}
		hitsDrawn := 0
		for code, c := range bad {
			it, ok := byConsultation[c.ID]
			require.True(t, ok, "%s is reviewed", code)
			require.Contains(t, strings.Split(it.Findings, ","), code)
			require.Contains(t, []string{audit.HardRuleHit, audit.DrawnAtRandom}, it.Why, code)
			if it.Why == audit.DrawnAtRandom {
				hitsDrawn++
			}
		}
		require.Positive(t, hitsDrawn, "seed 42 draws a hit: it stays in the random sample, its finding kept")
		require.Equal(t, 59, random, "the random sample is all the draw picked, hits included")

		again, err := audit.DrawRun(ctx, db.Bun, start, end, "all", 7, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		require.Equal(t, run.ID, again.ID, "one run per period and scope")

		// A period one second longer holds the same consultations: the same
		// seed must draw the same ones.
		same, err := audit.DrawRun(ctx, db.Bun, start, end.Add(time.Second), "all", 42, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		var sameItems []audit.SamplingItem
		require.NoError(t, db.Bun.NewSelect().Model(&sameItems).Where("run_id = ? AND why = ?", same.ID, audit.DrawnAtRandom).Scan(ctx))
		var ids, sameIDs []int64
		for _, it := range items {
			if it.Why == audit.DrawnAtRandom {
				ids = append(ids, it.ConsultationID)
			}
		}
		for _, it := range sameItems {
			sameIDs = append(sameIDs, it.ConsultationID)
		}
		slices.Sort(ids)
		slices.Sort(sameIDs)
		require.Equal(t, ids, sameIDs, "the same seed draws the same consultations")
	})
}

// period fills a database with an hour of consultations made through the
// lookup service by two agents, plus one record breaking each hard rule,
// and returns the period and those records by the rule they break.
func period(t *testing.T, db *database.DB) (start, end time.Time, bad map[string]*audit.Consultation) {
	t.Helper()
	return periodOf(t, db, 120)
}

// periodOf is period with n tickets, each with its identity lookup and a
// career consultation: 2n + 4 consultations in all.
func periodOf(t *testing.T, db *database.DB, n int) (start, end time.Time, bad map[string]*audit.Consultation) {
	t.Helper()
	ctx := context.Background()
	_, err := db.Bun.ExecContext(ctx, "INSERT INTO users (id, subject, display_name, national_number, created_at) VALUES (101, 'a', 'An Agent', ?, ?), (102, 'b', 'Bo Agent', NULL, ?)", citizenNumber, time.Now(), time.Now())
	require.NoError(t, err)
	demo := lookup.NewDemo(1, 400)
	ts := tickets.NewService(db, tickets.Options{})
	svc := lookup.NewService(db, ts, lookup.Sources{Identity: demo, Career: demo, Pension: demo}, lookup.Options{RateLimit: -1})
	start = time.Now().Add(-time.Hour)
	for i := range n {
		agent := audit.Actor{UserID: 101 + int64(i%2), Role: audit.RoleFrontOffice, Institution: tickets.ContactCentre}
		actx := audit.WithActor(ctx, agent)
		tk, err := svc.CreateTicket(actx, tickets.NewTicket{Portal: tickets.PortalMyCareer, Channel: tickets.ChannelPhone,
			Purpose: tickets.PurposeContentQuestion, Subject: "Call", Check: &tickets.ControlCheck{Put: 1, Passed: true}}, demo.Citizen(i).String())
		require.NoError(t, err)
		_, err = svc.Consult(actx, tk.Ref, lookup.KindCareer, lookup.ReasonCitizenQuestion)
		require.NoError(t, err)
	}
	// Records that break the hard rules, as a faulty or abused path would leave them.
	agentCtx := audit.WithActor(ctx, audit.Actor{UserID: 101, Role: audit.RoleFrontOffice, Institution: tickets.ContactCentre})
	backCtx := audit.WithActor(ctx, audit.Actor{UserID: 102, Role: audit.RoleBackOffice, Institution: "sigedis"})
	var firstTicket int64
	require.NoError(t, db.Bun.NewSelect().Table("tickets").ColumnExpr("min(id)").Scan(ctx, &firstTicket))
	bad = map[string]*audit.Consultation{
		"no_ticket":        {INSZ: demo.Citizen(1).String(), Kind: "career", Reason: "citizen_question", Outcome: audit.Found},
		"other_citizen":    {TicketID: &firstTicket, INSZ: demo.Citizen(399).String(), Kind: "career", Reason: "citizen_question", Outcome: audit.Found},
		"role_not_allowed": {TicketID: &firstTicket, INSZ: demo.Citizen(0).String(), Kind: "supplementary_pension", Reason: "citizen_question", Outcome: audit.Found},
		"own_number":       {INSZ: citizenNumber, Kind: "career", Reason: "citizen_question", Outcome: audit.Found},
	}
	for code, c := range bad {
		who := agentCtx
		if code == "role_not_allowed" {
			who = backCtx
		}
		require.NoError(t, audit.RecordConsultation(who, db.Bun, c), code)
	}
	end = time.Now().Add(time.Minute)
	return start, end, bad
}

// TestSamplingReview: the adviser gives each drawn item a verdict; a
// not-justified one opens a follow-up that the adviser completes and
// closes; the run closes when every item has a final verdict and states
// its result; then no verdict changes. Nobody else may review.
func TestSamplingReview(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		start, end, _ := period(t, db)
		run, err := audit.DrawRun(ctx, db.Bun, start, end, "all", 1, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		adv := audit.WithActor(ctx, audit.Actor{UserID: 102, Role: audit.RoleSecurityAdviser, Institution: tickets.ContactCentre})
		front := audit.WithActor(ctx, audit.Actor{UserID: 101, Role: audit.RoleFrontOffice, Institution: tickets.ContactCentre})

		_, _, err = audit.Run(front, db.Bun, run.ID)
		require.ErrorIs(t, err, audit.ErrNotAdviser)
		_, items, err := audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		require.NotEmpty(t, items)
		require.NotEmpty(t, items[0].TicketRef+items[0].Kind, "the consultation's metadata")
		require.ErrorIs(t, audit.SetVerdict(front, db.Bun, items[0].ID, audit.Justified, "", time.Now(), false), audit.ErrNotAdviser)
		require.ErrorIs(t, audit.SetVerdict(adv, db.Bun, items[0].ID, "maybe", "", time.Now(), false), audit.ErrBadVerdict)
		require.ErrorIs(t, audit.SetVerdict(adv, db.Bun, 999999, audit.Justified, "", time.Now(), false), audit.ErrNoSuchRun)

		require.NoError(t, audit.SetVerdict(adv, db.Bun, items[0].ID, audit.NotJustified, "no question on the ticket", time.Now(), false))
		require.NoError(t, audit.SetVerdict(adv, db.Bun, items[1].ID, audit.ExplanationAsked, "asked the agent", time.Now(), false))
		for _, it := range items[2:] {
			require.NoError(t, audit.SetVerdict(adv, db.Bun, it.ID, audit.Justified, "", time.Now(), false))
		}
		run, items, err = audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		require.Equal(t, "open", run.Status, "an explanation asked is not a final verdict")
		require.NoError(t, audit.SetVerdict(adv, db.Bun, items[1].ID, audit.Justified, "explained", time.Now(), false))
		run, items, err = audit.Run(adv, db.Bun, run.ID)
		require.NoError(t, err)
		require.Equal(t, "closed", run.Status)
		st, err := run.Statement(items)
		require.NoError(t, err)
		require.Equal(t, 59, st.Reviewed, "the random sample")
		require.Equal(t, len(items), st.Reviewed+st.HardRuleHits.Reviewed+st.Flagged.Reviewed, "every item counted once")
		require.Equal(t, 1, st.Unjustified+st.HardRuleHits.Unjustified+st.Flagged.Unjustified)
		require.ErrorIs(t, audit.SetVerdict(adv, db.Bun, items[2].ID, audit.NotJustified, "", time.Now(), false), audit.ErrRunClosed)

		require.NoError(t, audit.UpdateFollowUp(adv, db.Bun, items[0].ID, "head of the front office", "", false, time.Now(), false))
		require.NoError(t, audit.UpdateFollowUp(adv, db.Bun, items[0].ID, "head of the front office", "written warning", true, time.Now(), false))
		require.ErrorIs(t, audit.UpdateFollowUp(adv, db.Bun, items[0].ID, "", "", true, time.Now(), false), audit.ErrRunClosed)
		require.ErrorIs(t, audit.UpdateFollowUp(adv, db.Bun, items[2].ID, "", "", true, time.Now(), false), audit.ErrNoSuchRun, "only an unjustified item has a follow-up")
		var f audit.FollowUp
		require.NoError(t, db.Bun.NewSelect().Model(&f).Where("item_id = ?", items[0].ID).Scan(ctx))
		require.Equal(t, "written warning", f.Sanction)
		require.NotNil(t, f.ClosedAt)
	})
}
