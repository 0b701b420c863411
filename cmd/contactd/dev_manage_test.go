package main

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"contactd/internal/browsertest"
	"contactd/internal/insz"
)

// TestDevLocalManagerInBrowser: in `contactd dev`, the contact centre's
// local manager invites a colleague by national number, is told beside the
// field that a reason is needed to disable them, grants them a second role
// and disables them — keyboard and mouse in a real headless Chromium; the
// page passes axe-core's WCAG 2.1 AA checks, also with an error shown, and
// the national number appears in no URL.
func TestDevLocalManagerInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t, 3*time.Minute)
	base, _ := startDev(t)
	nrn := insz.Generate(rand.New(rand.NewPCG(2026, 6)), insz.GenerateOptions{}).String()

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "manager"),
		chromedp.Click(chromedp.CSS("#signin")),
		chromedp.WaitVisible(chromedp.CSS("#notice-ack")),
		chromedp.Click(chromedp.CSS("#notice-ack")),
		chromedp.WaitVisible(chromedp.CSS("#home-manage")),
	))
	require.Empty(t, browsertest.Axe(t, ctx), "users of the institution")

	last, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#users tbody tr:last-child').dataset.user`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#invitee"), nrn),
		chromedp.SetValue(chromedp.CSS("#invite-role"), "front_office"),
		chromedp.SetValue(chromedp.CSS("#invite-ends"), "2099-12-31"),
		chromedp.Click(chromedp.CSS("#invite-submit")),
		// The new row, not the last one of the page before the invitation.
		chromedp.WaitVisible(chromedp.CSS(`#users tbody tr:last-child:not([data-user="`+last+`"]) [data-role="front_office"]`)),
	))
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#users tbody tr:last-child').dataset.user`))
	require.NoError(t, err)
	row := "#user-" + id
	roles, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(row+" .user-roles")))
	require.NoError(t, err)
	require.Contains(t, roles, "2099-12-31", "the invitation's last day")

	// Disabling without a reason: the message stands beside the field.
	sel := func(f string, a ...any) string { return fmt.Sprintf(f, append([]any{id}, a...)...) }
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(sel("#manage-%s summary"))),
		chromedp.WaitVisible(chromedp.CSS(sel("#disable-%s-submit"))),
		chromedp.Click(chromedp.CSS(sel("#disable-%s-submit"))),
		chromedp.WaitVisible(chromedp.CSS(sel("#disable-%s-reason-error"))),
	))
	invalid, err := chromedp.Run(ctx, chromedp.Evaluate[string](sel(`document.getElementById('disable-%s-reason').getAttribute('aria-describedby')`)))
	require.NoError(t, err)
	require.Equal(t, sel("disable-%s-reason-error"), invalid, "the error is tied to its field")
	require.Empty(t, browsertest.Axe(t, ctx), "users of the institution, with an error")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(sel("#grant-%s-role")), "local_manager"),
		chromedp.Click(chromedp.CSS(sel("#grant-%s-submit"))),
		chromedp.WaitVisible(chromedp.CSS(row+` [data-role="local_manager"]`)),
		chromedp.Click(chromedp.CSS(sel("#manage-%s summary"))),
		chromedp.WaitVisible(chromedp.CSS(sel("#disable-%s-reason"))),
		chromedp.SendKeys(chromedp.CSS(sel("#disable-%s-reason")), "no longer at the contact centre"),
		chromedp.Click(chromedp.CSS(sel("#disable-%s-submit"))),
		// Nobody signed in with the invitation: disabling withdraws it.
		chromedp.WaitNotPresent(chromedp.CSS(row)),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	require.NotContains(t, loc, nrn, "no national number in the URL")
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	require.NoError(t, err)
	require.NotContains(t, body, nrn, "nor on the page")
}
