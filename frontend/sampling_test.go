package frontend_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/tickets"
)

// TestAdviserSamplingFlow: the adviser asks for a run of today; River
// makes it; the adviser reviews every item through the API, the run closes
// with its statement, and the pages show it. Nobody else reaches it, and
// every bad request gets its precise problem.
func TestAdviserSamplingFlow(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		front, adv := app.Browser(), app.Browser()
		front.SignIn(t, "frontoffice")
		adv.SignIn(t, "adviser")
		for i := range 3 {
			tk := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 20+i)))
			res := front.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/consultations", map[string]any{"kind": "career", "reason": "citizen_question"})
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
		}
		today := time.Now().In(brusselsTZ(t)).Format(time.DateOnly)

		require.Equal(t, http.StatusForbidden, front.Get(t, "/api/v1/sampling/runs").StatusCode)
		for _, bad := range []map[string]any{{"from": "x", "to": today}, {"from": today, "to": "2020-01-01"}, {"from": today, "to": today, "scope": "nowhere"}} {
			res := adv.JSON(t, "POST", "/api/v1/sampling/runs", bad)
			require.Equal(t, http.StatusBadRequest, res.StatusCode, res.Body)
		}
		res := adv.JSON(t, "POST", "/api/v1/sampling/runs", map[string]any{"from": today, "to": today})
		require.Equal(t, http.StatusAccepted, res.StatusCode, res.Body)

		var runs struct {
			Runs []audit.SamplingRun `json:"runs"`
		}
		require.Eventually(t, func() bool {
			runs = decode[struct {
				Runs []audit.SamplingRun `json:"runs"`
			}](t, adv.Get(t, "/api/v1/sampling/runs"))
			return len(runs.Runs) == 1
		}, 20*time.Second, 100*time.Millisecond, "River makes the run")
		run := runs.Runs[0]
		require.Equal(t, int64(6), run.Population, "three identity lookups, three careers")
		path := "/api/v1/sampling/runs/" + strconv.FormatInt(run.ID, 10)
		view := decode[struct {
			Items []audit.ReviewItem `json:"items"`
		}](t, adv.Get(t, path))
		require.Len(t, view.Items, 6)

		for i, it := range view.Items {
			verdict := audit.Justified
			if i == 0 {
				verdict = audit.NotJustified
			}
			res := adv.JSON(t, "POST", "/api/v1/sampling/items/"+strconv.FormatInt(it.ID, 10)+"/verdict", map[string]any{"verdict": verdict})
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
		}
		closed := decode[struct {
			Run       audit.SamplingRun `json:"run"`
			Statement string            `json:"statement"`
		}](t, adv.Get(t, path))
		require.Equal(t, "closed", closed.Run.Status)
		require.NotEmpty(t, closed.Statement)
		res = adv.JSON(t, "POST", "/api/v1/sampling/items/"+strconv.FormatInt(view.Items[1].ID, 10)+"/verdict", map[string]any{"verdict": audit.NotJustified})
		require.Equal(t, http.StatusConflict, res.StatusCode)
		require.Equal(t, http.StatusNotFound, adv.Get(t, "/api/v1/sampling/runs/999999").StatusCode)
		res = adv.JSON(t, "POST", "/api/v1/sampling/items/"+strconv.FormatInt(view.Items[0].ID, 10)+"/followup", map[string]any{"referred_to": "team lead", "sanction": "reminder", "close": true})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)

		// The report, as XLSX and CSV; each download is logged.
		xlsx := adv.Get(t, path+"/report")
		require.Equal(t, http.StatusOK, xlsx.StatusCode)
		require.Equal(t, "no-store", xlsx.Header.Get("Cache-Control"))
		book, err := excelize.OpenReader(strings.NewReader(xlsx.Body))
		require.NoError(t, err)
		require.Equal(t, []string{"Summary", "Sample", "Findings", "Risk flags", "Per agent"}, book.GetSheetList())
		sample, err := book.GetRows("Sample")
		require.NoError(t, err)
		require.Len(t, sample, 1+6, "a header and every item")
		csv := adv.Get(t, "/adviser/runs/"+strconv.FormatInt(run.ID, 10)+"/report.csv")
		require.Equal(t, http.StatusOK, csv.StatusCode)
		require.Equal(t, 1+6, strings.Count(strings.TrimSpace(csv.Body), "\n")+1)
		downloads, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "report_download"})
		require.NoError(t, err)
		require.Len(t, downloads, 2)
		require.Equal(t, http.StatusNotFound, adv.Get(t, path+"/report?format=pdf").StatusCode)

		page := adv.Get(t, "/adviser/runs/"+strconv.FormatInt(run.ID, 10))
		require.Equal(t, http.StatusOK, page.StatusCode)
		require.Contains(t, page.Body, `id="run-statement"`)
		require.Equal(t, http.StatusOK, adv.Get(t, "/adviser/runs").StatusCode)
		form := adv.Submit(t, "/adviser/runs", url.Values{"from": {today}, "to": {"1999-01-01"}})
		require.Equal(t, http.StatusBadRequest, form.StatusCode)
		require.Contains(t, form.Body, `id="form-error"`)
	})
}

// TestSamplingStatementOnEveryOutput: a run whose 59 items drawn at random
// are all justified, with the flagged items it chose reviewed beside them
// and one of those unjustified, states "0 of 59" and the 59-item bound
// (4.96%) on the page, in the API, in the XLSX and in the CSV; the
// unjustified flagged item is counted beside the conclusion, never in it.
func TestSamplingStatementOnEveryOutput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.NewWithOptions(t, db, apptest.Options{Lookup: lookup.Options{RateLimit: -1}})
		front, adv := app.Browser(), app.Browser()
		front.SignIn(t, "frontoffice")
		adv.SignIn(t, "adviser")
		adv.Submit(t, "/lang", url.Values{"lang": {"en"}, "next": {"/adviser/runs"}})
		start := time.Now().Add(-time.Minute)
		// 120 consultations: each ticket's identity lookup, and a career
		// consultation that its fresh, otherwise empty ticket flags.
		for i := range 60 {
			tk := decode[tickets.Ticket](t, front.JSON(t, "POST", "/api/v1/tickets", phoneBody(app, 100+i)))
			res := front.JSON(t, "POST", "/api/v1/tickets/"+tk.Ref+"/consultations", map[string]any{"kind": "career", "reason": "citizen_question"})
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
		}
		run, err := audit.DrawRun(context.Background(), db.Bun, start, time.Now().Add(time.Second), "all", 42, audit.SamplingOptions{}, nil)
		require.NoError(t, err)
		path := "/api/v1/sampling/runs/" + strconv.FormatInt(run.ID, 10)
		view := decode[struct {
			Items []audit.ReviewItem `json:"items"`
		}](t, adv.Get(t, path))

		random, flagged := 0, 0
		for _, it := range view.Items {
			verdict := audit.Justified
			switch it.Why {
			case audit.DrawnAtRandom:
				random++
			case audit.Flagged:
				flagged++
				if flagged == 1 {
					verdict = audit.NotJustified
				}
			}
			res := adv.JSON(t, "POST", "/api/v1/sampling/items/"+strconv.FormatInt(it.ID, 10)+"/verdict", map[string]any{"verdict": verdict})
			require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
		}
		require.Equal(t, 59, random)
		require.Positive(t, flagged, "the run chose flagged items beside the sample")
		want := "0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified. " +
			"Outside the random sample and not counted in it, flagged items reviewed: " + strconv.Itoa(flagged) + ", of which unjustified: 1"

		closed := decode[struct {
			Run       audit.SamplingRun `json:"run"`
			Statement string            `json:"statement"`
			Result    struct {
				RandomSample struct {
					Reviewed          int     `json:"reviewed"`
					Unjustified       int     `json:"unjustified"`
					Confidence        float64 `json:"confidence"`
					UpperBound        float64 `json:"upper_bound"`
					UpperBoundPercent float64 `json:"upper_bound_percent"`
				} `json:"random_sample"`
				HardRuleHits struct{ Reviewed, Unjustified int } `json:"hard_rule_hits"`
				Flagged      struct{ Reviewed, Unjustified int } `json:"flagged"`
			} `json:"result"`
		}](t, adv.Get(t, path))
		require.Equal(t, "closed", closed.Run.Status)
		require.Equal(t, want, closed.Statement, "API")
		sample := closed.Result.RandomSample
		require.Equal(t, []int{59, 0}, []int{sample.Reviewed, sample.Unjustified}, "API")
		require.Equal(t, 0.95, sample.Confidence)
		require.InDelta(t, 0.0495076, sample.UpperBound, 1e-7)
		require.Equal(t, 4.96, sample.UpperBoundPercent)
		require.Equal(t, []int{flagged, 1}, []int{closed.Result.Flagged.Reviewed, closed.Result.Flagged.Unjustified})
		require.Zero(t, closed.Result.HardRuleHits.Reviewed)

		page := adv.Get(t, "/adviser/runs/"+strconv.FormatInt(run.ID, 10))
		require.Equal(t, http.StatusOK, page.StatusCode)
		require.Contains(t, page.Body, `id="run-statement">`+html.EscapeString(want)+"<", "page")

		xlsx := adv.Get(t, path+"/report")
		require.Equal(t, http.StatusOK, xlsx.StatusCode)
		book, err := excelize.OpenReader(strings.NewReader(xlsx.Body))
		require.NoError(t, err)
		defer func() { _ = book.Close() }()
		summary, err := book.GetRows("Summary")
		require.NoError(t, err)
		got := map[string]string{}
		for _, row := range summary {
			got[row[0]] = row[1]
		}
		require.Equal(t, want, got["Conclusion"], "XLSX")
		require.Equal(t, "59", got["Random sample: reviewed"])
		require.Equal(t, "0", got["Random sample: unjustified"])
		require.Equal(t, strconv.Itoa(flagged), got["Flagged items outside the sample: reviewed"])
		require.Equal(t, "1", got["Flagged items outside the sample: unjustified"])

		res := adv.Get(t, "/adviser/runs/"+strconv.FormatInt(run.ID, 10)+"/report.csv")
		require.Equal(t, http.StatusOK, res.StatusCode)
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\uFEFF"))).ReadAll()
		require.NoError(t, err)
		require.Len(t, records, 1+len(view.Items))
		last := len(records[0]) - 1
		require.Equal(t, "Conclusion of the run", records[0][last])
		for _, r := range records[1:] {
			require.Equal(t, want, r[last], "CSV")
		}
	})
}

func brusselsTZ(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	require.NoError(t, err)
	return loc
}
