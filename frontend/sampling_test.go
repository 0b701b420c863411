package frontend_test

import (
	"context"
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

func brusselsTZ(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	require.NoError(t, err)
	return loc
}
