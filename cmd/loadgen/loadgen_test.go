package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// startApp runs the whole application on db, with the hourly consultation
// limit off as `contactd dev --consult-limit 0` has it for a load run.
func startApp(t *testing.T, db *database.DB) *apptest.App {
	return apptest.NewWithOptions(t, db, apptest.Options{Lookup: lookup.Options{RateLimit: -1}})
}

// TestRunMix: a few agents of every role work flat out for two seconds
// against the real application on each database, signed in through the
// development provider; every operation of the mix runs, and none fails.
// One ticket waits in the back office's queue from the start, so its
// agents have work before the front office's first hand-over, however
// slow the machine.
func TestRunMix(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := startApp(t, db)
		assignedTicket(t, app)
		cfg := defaults()
		cfg.BaseURL, cfg.Agents, cfg.Duration, cfg.Think = app.URL, 4, 2*time.Second, 0
		cfg.Mix = Mix{Front: 2, Back: 1, Adviser: 1}
		// On a busy machine two seconds may end before a front-office
		// agent's first hand-over: run again, a bounded number of times,
		// until every operation has run.
		ran := map[string]int{}
		for round := 1; round <= 5; round++ {
			rep := Run(t.Context(), cfg)
			require.Zero(t, rep.Total.Errors, "first errors: %+v", rep.Errors)
			require.False(t, rep.Interrupted)
			for _, op := range rep.Operations {
				ran[op.Name] += op.Count
			}
			if !slices.ContainsFunc(operations, func(op string) bool { return ran[op] == 0 }) {
				require.Equal(t, 4*round, ran["sign_in"], "one sign-in per agent and run")
				break
			}
		}
		for _, op := range operations {
			require.Positive(t, ran[op], "operation %s never ran", op)
		}
	})
}

// assignedTicket registers a phone contact and hands it to the back office.
func assignedTicket(t *testing.T, app *apptest.App) {
	front := app.Browser()
	front.SignIn(t, "frontoffice")
	res := front.JSON(t, "POST", "/api/v1/tickets", map[string]any{"portal": "mycareer", "channel": "phone",
		"purpose": "content_question", "subject": subjects[0], "insz": app.Registry.Citizen(0).String()})
	require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
	var tk ticketJSON
	require.NoError(t, json.Unmarshal([]byte(res.Body), &tk))
	res = front.JSON(t, "POST", ticketPath(tk.Ref)+"/assign", map[string]string{"institution": backInstitution, "reason": "waiting"})
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
}

// TestRunCommand: the command bounded by a request count writes the text
// table, the JSON file, and exits 0; when the server refuses requests (here
// the hourly consultation limit of 2), it exits 1 and shows the refusals.
func TestRunCommand(t *testing.T) {
	t.Parallel()
	app := startApp(t, testdb.SQLite(t))
	out := filepath.Join(t.TempDir(), "report.json")
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-url", app.URL, "-agents", "3", "-requests", "30", "-think", "0", "-duration", "0", "-json", out}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s\nstdout: %s", stderr.String(), stdout.String())
	require.Contains(t, stdout.String(), "create")
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	var rep Report
	require.NoError(t, json.Unmarshal(raw, &rep))
	require.Equal(t, 30, rep.Total.Count, "the request budget bounds the run")

	limited := apptest.NewWithOptions(t, testdb.SQLite(t), apptest.Options{Lookup: lookup.Options{RateLimit: 2}})
	stdout.Reset()
	code = run(t.Context(), []string{"-url", limited.URL, "-agents", "1", "-mix", "front=1", "-requests", "20", "-think", "0", "-format", "json"}, &stdout, &stderr)
	require.Equal(t, 1, code)
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	require.Positive(t, rep.Total.Errors)
	require.Contains(t, rep.Errors[0].Body, "rate_limited")
}

// TestSingleOperationScenarios: -scenario create only registers phone
// contacts, -scenario letter only letters (no lookup),
// -scenario view opens each agent's own ticket again and again (after the
// one create that makes it) — the two loads the ratio to pgbench needs.
func TestSingleOperationScenarios(t *testing.T) {
	t.Parallel()
	app := startApp(t, testdb.SQLite(t))
	for scenario, want := range map[string]string{"create": "create", "letter": "create_letter", "view": "view"} {
		cfg := defaults()
		cfg.BaseURL, cfg.Agents, cfg.Duration, cfg.Requests, cfg.Think, cfg.Scenario = app.URL, 3, 0, 60, 0, scenario
		rep := Run(t.Context(), cfg)
		require.Zero(t, rep.Total.Errors, "first errors: %+v", rep.Errors)
		ran := map[string]int{}
		for _, op := range rep.Operations {
			ran[op.Name] = op.Count
		}
		require.Equal(t, 3, ran["sign_in"])
		if scenario != "view" {
			require.Equal(t, 57, ran[want], "every other request registers a contact")
			continue
		}
		require.Equal(t, 3, ran["create"], "one ticket per viewer")
		require.Equal(t, 54, ran[want])
	}
	var stderr bytes.Buffer
	require.Equal(t, 2, run(t.Context(), []string{"-url", app.URL, "-scenario", "delete"}, &bytes.Buffer{}, &stderr))
	require.Contains(t, stderr.String(), "-scenario must be mix, create, letter or view")
}

// TestAckedFile: -acked writes the reference of every ticket whose
// creation was acknowledged, one a line, and each one is in the database —
// what the crash drill (internal/drill) relies on.
func TestAckedFile(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := startApp(t, db)
		dir := t.TempDir()
		acked, report := filepath.Join(dir, "acked.txt"), filepath.Join(dir, "report.json")
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), []string{"-url", app.URL, "-agents", "2", "-scenario", "create", "-requests", "22", "-think", "0",
			"-duration", "0", "-acked", acked, "-json", report}, &stdout, &stderr)
		require.Equal(t, 0, code, "stderr: %s", stderr.String())

		raw, err := os.ReadFile(acked)
		require.NoError(t, err)
		refs := strings.Fields(string(raw))
		require.Len(t, refs, 20, "22 requests: 2 sign-ins and 20 acknowledged creations")
		var stored int
		require.NoError(t, db.Bun.NewSelect().Table("tickets").ColumnExpr("count(*)").Where("ref IN (?)", bun.In(refs)).Scan(t.Context(), &stored))
		require.Equal(t, 20, stored, "every acknowledged reference is a stored ticket")

		raw, err = os.ReadFile(report)
		require.NoError(t, err)
		var rep Report
		require.NoError(t, json.Unmarshal(raw, &rep))
		require.Equal(t, 20, rep.Acknowledged)
		require.Contains(t, stdout.String(), "20 tickets acknowledged")
	})
}
