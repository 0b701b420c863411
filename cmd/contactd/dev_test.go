package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"contactd/internal/browsertest"
	"contactd/internal/demo"
	"contactd/lookup"
)

// startDev runs `contactd dev` on a free port and a new data folder for the
// test, and returns its base URL and what it printed.
func startDev(t *testing.T) (string, *safeBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var out, errb safeBuffer
	m := &Main{Stdout: &out, Stderr: &errb, OnListen: func(a string) { addr <- a }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"dev", "--addr", "127.0.0.1:0", "--data", t.TempDir()}) }()
	base := "http://" + waitAddr(t, addr, done)
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("dev exited with %d: %s", code, errb.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("dev did not stop within 30 s")
		}
	})
	return base, &out
}

// TestDevSignInInBrowser is the newcomer's first minute, in a real headless
// Chromium: `contactd dev` prints its URL and demo users; each demo user
// signs in through the development provider's form and lands on their
// role's home page; the user without a role sees only "no access"; each
// signs out again.
func TestDevSignInInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t, 3*time.Minute)
	base, out := startDev(t)
	require.Contains(t, out.String(), base)
	homes := map[string]string{"frontoffice": "#home-front", "backoffice": "#home-back", "backoffice2": "#home-back",
		"adviser": "#home-adviser", "manager": "#home-manage", "manager2": "#home-manage", "admin": "#home-admin", "norole": "#no-access",
		"frontmanager": "#home-manage"}
	for _, u := range demo.Users {
		require.Contains(t, out.String(), u.Username)
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.CSS("#login")),
			chromedp.Click(chromedp.CSS("#login")),
			chromedp.WaitVisible(chromedp.CSS("#username")),
			chromedp.SendKeys(chromedp.CSS("#username"), u.Username),
			chromedp.Click(chromedp.CSS("#signin")),
		)
		require.NoError(t, err, u.Username)
		if u.Also != "" {
			// Two roles: the user chooses, nothing is guessed (O14).
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#role-choice"))), u.Username)
			require.Empty(t, browsertest.Axe(t, ctx), "role choice")
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-role="local_manager"]`))), u.Username)
		}
		if u.Role != "" {
			// The staff notice comes first, once per user (§16).
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#notice-ack"))), u.Username)
			if u.Username == "frontoffice" {
				require.Empty(t, browsertest.Axe(t, ctx), "staff notice")
			}
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#notice-ack"))), u.Username)
		}
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(homes[u.Username]))), u.Username)
		if u.Username == "admin" {
			// The governance report (O13, O14), from the admin's home.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("#link-governance")),
				chromedp.WaitVisible(chromedp.CSS("#gov-roles")),
			))
			require.Empty(t, browsertest.Axe(t, ctx), "governance page")
		}
		if u.Also != "" {
			// Switching from the header, without signing in again.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("#switch-role")),
				chromedp.WaitVisible(chromedp.CSS("#role-choice")),
				chromedp.Click(chromedp.CSS(`button[data-role="front_office"]`)),
				chromedp.WaitVisible(chromedp.CSS("#home-front")),
			), u.Username)
		}
		name, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#user-name")))
		require.NoError(t, err)
		require.Equal(t, u.Name, name)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("#signout")),
			chromedp.WaitVisible(chromedp.CSS("#signin-why")),
		), u.Username)
		loc, err := chromedp.Run(ctx, chromedp.Location())
		require.NoError(t, err)
		require.Equal(t, base+"/auth/signin?why=signedout", loc)
	}
}

// TestDevTicketFlowInBrowser: a front-office agent registers a phone contact
// with the keyboard only — national number, tab, tab, subject, Enter — sees
// the caller's identity from the register, hands the ticket to Sigedis; the
// main pages pass axe-core's WCAG 2.1 AA checks.
func TestDevTicketFlowInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t, 3*time.Minute)
	base, _ := startDev(t)
	citizen := lookup.NewDemo(demo.PopulationSeed, demo.PopulationSize).Citizen(42)
	id, err := lookup.NewDemo(demo.PopulationSeed, demo.PopulationSize).Identity(t.Context(), citizen)
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/auth/signin"), chromedp.WaitVisible(chromedp.CSS("#login"))))
	require.Empty(t, browsertest.Axe(t, ctx), "sign-in page")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "frontoffice"),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#notice-ack")),
		chromedp.Click(chromedp.CSS("#notice-ack")),
		chromedp.WaitVisible(chromedp.CSS("#home-front")),
	))
	require.Empty(t, browsertest.Axe(t, ctx), "front-office queue")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#new-contact")),
		chromedp.WaitVisible(chromedp.CSS("#ticket-new")),
	))
	require.Empty(t, browsertest.Axe(t, ctx), "new contact page")
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	require.NoError(t, err)
	require.Equal(t, "insz", focused, "the national number has the focus")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#insz"), citizen.String()),
		chromedp.SendKeys(chromedp.CSS("#subject"), "Question about a missing year\r"),
		chromedp.WaitVisible(chromedp.CSS("#ticket")),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#citizen")))
	require.NoError(t, err)
	require.Contains(t, text, id.LastName)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	require.NotContains(t, loc, citizen.String(), "no national number in the URL")
	require.Empty(t, browsertest.Axe(t, ctx), "ticket page")

	// The consultation panel: the career, laid out per regime under the
	// banner that says it is recorded; nothing kept in the browser.
	career, err := lookup.NewDemo(demo.PopulationSeed, demo.PopulationSize).Career(t.Context(), citizen)
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#consult-kind"), "career"),
		chromedp.SetValue(chromedp.CSS("#consult-reason"), "citizen_question"),
		chromedp.Click(chromedp.CSS("#consult-submit")),
		chromedp.WaitVisible(chromedp.CSS("#consultation-banner")),
	))
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#career")))
	require.NoError(t, err)
	for _, p := range career.Periods {
		require.Contains(t, shown, p.Employer)
	}
	require.Empty(t, browsertest.Axe(t, ctx), "consultation page")
	stored, err := chromedp.Run(ctx, chromedp.Evaluate[int](`localStorage.length + sessionStorage.length`))
	require.NoError(t, err)
	require.Zero(t, stored, "nothing in the browser's storage")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#back-to-ticket")),
		chromedp.WaitVisible(chromedp.CSS("#ticket")),
	))
	steps, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#timeline li[data-kind="consultation"]').length`))
	require.NoError(t, err)
	require.Equal(t, 2, steps, "the identity lookup and the career consultation, by reference only")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#assign-institution"), "sigedis"),
		chromedp.SendKeys(chromedp.CSS("#assign-reason"), "plan question\r"),
		chromedp.WaitVisible(chromedp.CSS(`#ticket[data-status="assigned"]`)),
	))
	inst, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#ticket-institution")))
	require.NoError(t, err)
	require.Equal(t, "sigedis", inst)
}
