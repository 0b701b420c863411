package faultdrill

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"contactd/internal/database"
)

// checkOutage checks one outage: every request made while the server was
// down failed with a 503 problem+json, /readyz said so, and said when it
// was back. It logs the outage's figures.
func (d *outageDrill) checkOutage(t *testing.T, w outageWindow) {
	t.Helper()
	down := d.rec.all(func(s sample) bool { return s.op != "readyz" && s.within(w.down, w.restarting) })
	require.NotEmpty(t, down, "%s: no request during the outage", w.mode)
	expectAll(t, w.mode+": requests during the outage fail with a 503 problem+json", down, unavailable)
	probes := d.rec.all(func(s sample) bool { return s.op == "readyz" && s.within(w.down, w.restarting) })
	require.NotEmpty(t, probes, "%s: /readyz not probed during the outage", w.mode)
	expectAll(t, w.mode+": /readyz is red during the outage", probes, func(s sample) bool { return s.status == http.StatusServiceUnavailable })
	red := d.first(func(s sample) bool { return s.op == "readyz" && s.status != http.StatusOK && s.start.After(w.stopping) })
	green := d.first(func(s sample) bool { return s.op == "readyz" && s.status == http.StatusOK && s.start.After(w.up) })
	served := d.first(func(s sample) bool { return s.ref != "" && s.start.After(w.up) })
	failedAfter := d.rec.all(func(s sample) bool { return s.op != "readyz" && s.within(w.up, w.recovered) && s.status >= 400 })
	t.Logf("%s stop: pg_ctl stop took %s, down %s, pg_ctl start took %s; %d requests while down (%s), p50 %s, max %s; "+
		"/readyz red %s after the stop began, green %s after the server was up; first ticket created %s after it was up; %d failures between then and recovery",
		w.mode, ms(w.down.Sub(w.stopping)), ms(w.restarting.Sub(w.down)), ms(w.up.Sub(w.restarting)),
		len(down), summary(down), ms(percentile(down, 50)), ms(slowest(down)),
		ms(red.end.Sub(w.stopping)), ms(green.end.Sub(w.up)), ms(served.end.Sub(w.up)), len(failedAfter))
}

// unavailable says whether a request failed as the database's absence
// should make it fail: a 503 whose problem says to retry in a moment.
func unavailable(s sample) bool {
	return s.err == nil && s.status == http.StatusServiceUnavailable && s.problem == problemUnavailable
}

// expectAll fails the test unless ok holds for every sample, naming how
// many did not and the first few.
func expectAll(t *testing.T, what string, ss []sample, ok func(sample) bool) {
	t.Helper()
	var bad []string
	for _, s := range ss {
		if !ok(s) {
			bad = append(bad, fmt.Sprintf("%s at %s: %d %s %v", s.op, s.start.Format("15:04:05.000"), s.status, s.problem, s.err))
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: %d of %d did not, e.g. %v", what, len(bad), len(ss), bad[:min(3, len(bad))])
	}
}

// first is the earliest sample keep is true of.
func (d *outageDrill) first(keep func(sample) bool) sample {
	var f sample
	for _, s := range d.rec.all(keep) {
		if f.start.IsZero() || s.start.Before(f.start) {
			f = s
		}
	}
	return f
}

// checkEveryRequest checks the whole run: every request was answered, as
// a success or a 503 problem+json (never a 500), within the bound.
func (d *outageDrill) checkEveryRequest(t *testing.T) {
	t.Helper()
	all := d.rec.all(func(s sample) bool { return s.op != "readyz" })
	expectAll(t, "every request succeeds or fails with a 503 problem+json", all, func(s sample) bool {
		return s.err == nil && (s.status < 400 || unavailable(s))
	})
	assert.LessOrEqual(t, slowest(all), outageLatencyBound, "a request hung")
	t.Logf("whole run: %d requests (%s), p50 %s, p99 %s, max %s",
		len(all), summary(all), ms(percentile(all, 50)), ms(percentile(all, 99)), ms(slowest(all)))
}

// checkNothingLost checks that every acknowledged ticket is in the
// database with its first timeline action and its access-log entry.
func (d *outageDrill) checkNothingLost(t *testing.T, db *database.DB) {
	t.Helper()
	var refs []string
	for _, s := range d.rec.all(func(s sample) bool { return s.ref != "" }) {
		refs = append(refs, s.ref)
	}
	require.NotEmpty(t, refs)
	var found []struct {
		Ref     string
		Actions int
		Entries int
	}
	err := db.Bun.NewRaw(`SELECT t.ref,
		(SELECT count(*) FROM ticket_actions a WHERE a.ticket_id = t.id) AS actions,
		(SELECT count(*) FROM access_log l WHERE l.ticket_ref = t.ref AND l.action = 'ticket_create' AND l.outcome = 'ok') AS entries
		FROM tickets t WHERE t.ref IN (?)`, bun.In(refs)).Scan(t.Context(), &found)
	require.NoError(t, err)
	have := map[string]bool{}
	for _, f := range found {
		have[f.Ref] = true
		assert.GreaterOrEqual(t, f.Actions, 1, "ticket %s has no timeline action", f.Ref)
		assert.Equal(t, 1, f.Entries, "ticket %s: access-log entries of its creation", f.Ref)
	}
	for _, ref := range refs {
		assert.True(t, have[ref], "acknowledged ticket %s is not in the database", ref)
	}
	t.Logf("%d acknowledged tickets, %d in the database with their action and access-log entry", len(refs), len(found))
}

// ms rounds a duration to the millisecond for the report.
func ms(d time.Duration) string { return fmt.Sprint(d.Round(time.Millisecond)) }
