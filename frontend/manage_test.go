package frontend_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/insz"
	"contactd/internal/testdb"
)

// demoID is the id of a demo user, by username.
func demoID(t *testing.T, app *apptest.App, username string) int64 {
	t.Helper()
	cli := audit.WithActor(context.Background(), audit.Actor{System: "cli"})
	u, err := app.Access.FindUser(cli, access.UserRef{Subject: "demo-" + username})
	require.NoError(t, err)
	return u.ID
}

func userPath(id int64, op string) string { return fmt.Sprintf("/manage/users/%d/%s", id, op) }

// TestManagePageFlow: the contact centre's local manager invites a person
// by national number (which appears in no URL and no page), grants a role
// with a last day, is told beside the field, in French, what is wrong with
// a form, and disables an agent whose open session dies on its next
// request; every change is in the access log with who and why.
func TestManagePageFlow(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		mgr, agent := app.Browser(), app.Browser()
		mgr.SignIn(t, "manager")
		agent.SignIn(t, "frontoffice")
		agentID, mgrID := demoID(t, app, "frontoffice"), demoID(t, app, "manager")
		nrn := insz.Generate(rand.New(rand.NewPCG(66, 1)), insz.GenerateOptions{}).String()

		page := mgr.Get(t, "/manage")
		require.Equal(t, http.StatusOK, page.StatusCode)
		require.Contains(t, page.Body, fmt.Sprintf(`id="user-%d"`, agentID))
		require.NotContains(t, page.Body, `value="admin"`, "admin is not offered")
		require.NotContains(t, page.Body, `id="user-`+fmt.Sprint(demoID(t, app, "backoffice"))+`"`, "another institution's users are not listed")

		res := mgr.Submit(t, "/manage/invitations", url.Values{"invitee": {nrn}, "role": {"front_office"}, "ends_on": {"2099-12-31"}})
		require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
		require.Equal(t, "/manage", res.Header.Get("Location"))
		page = mgr.Get(t, "/manage")
		require.NotContains(t, page.Body, nrn, "the national number is shown nowhere")
		require.Contains(t, page.Body, "2099-12-31")

		res = mgr.Submit(t, "/manage/invitations", url.Values{"invitee": {nrn[:10] + "0"}, "role": {"front_office"}})
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Contains(t, res.Body, `aria-describedby="invitee-error"`)
		require.Contains(t, res.Body, `id="invitee-error">Ce n&#39;est pas un numéro national valable`, "beside the field, in the page's language")

		res = mgr.Submit(t, userPath(agentID, "grant"), url.Values{"role": {"local_manager"}, "ends_on": {"1999-01-01"}})
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Contains(t, res.Body, fmt.Sprintf(`id="grant-%d-ends-error"`, agentID))
		require.Contains(t, res.Body, fmt.Sprintf(`<details id="manage-%d" open>`, agentID), "the refused form is open")
		res = mgr.Submit(t, userPath(agentID, "grant"), url.Values{"role": {"local_manager"}})
		require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
		require.Equal(t, fmt.Sprintf("/manage#user-%d", agentID), res.Header.Get("Location"))
		res = mgr.Submit(t, userPath(agentID, "withdraw"), url.Values{"role": {"local_manager"}})
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
		require.Contains(t, res.Body, fmt.Sprintf(`id="withdraw-%d-reason-error"`, agentID))
		res = mgr.Submit(t, userPath(agentID, "withdraw"), url.Values{"role": {"local_manager"}, "reason": {"covers the manager's leave"}})
		require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)

		require.Equal(t, http.StatusOK, agent.Get(t, "/front").StatusCode)
		res = mgr.Submit(t, userPath(agentID, "disable"), url.Values{"reason": {"left the contact centre"}})
		require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
		res = agent.Get(t, "/front")
		require.Equal(t, http.StatusSeeOther, res.StatusCode, "the disabled agent's session dies on its next request")
		require.Equal(t, "/auth/signin?next=%2Ffront&why=ended", res.Header.Get("Location"))
		require.Equal(t, http.StatusUnauthorized, agent.Get(t, "/api/v1/me").StatusCode)
		require.Contains(t, mgr.Get(t, "/manage").Body, fmt.Sprintf(`id="user-%d" data-user="%d" data-disabled="true"`, agentID, agentID))

		e := lastEntry(t, db, "user_disable")
		require.Equal(t, mgrID, *e.UserID, "who")
		require.Equal(t, fmt.Sprintf("user=%d reason=left the contact centre", agentID), e.Detail, "why")
		require.Contains(t, lastEntry(t, db, "role_revoke").Detail, "reason=covers the manager's leave")
		require.Equal(t, audit.OK, lastEntry(t, db, "role_grant").Outcome)
	})
}

// TestManageRefusalsOverHTTP: through the pages and the API, a local
// manager cannot grant admin, cannot list, grant to, withdraw from or
// disable another institution's users, and cannot lock out the last local
// manager of their institution; other roles cannot manage at all.
func TestManageRefusalsOverHTTP(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		mgr, front := app.Browser(), app.Browser()
		mgr.SignIn(t, "manager")
		front.SignIn(t, "frontoffice")
		agentID, mgrID, sigID, adminID := demoID(t, app, "frontoffice"), demoID(t, app, "manager"), demoID(t, app, "backoffice"), demoID(t, app, "admin")

		pages := []struct {
			name, path string
			form       url.Values
			status     int
			text       string
		}{
			{"grant admin", userPath(agentID, "grant"), url.Values{"role": {"admin"}}, http.StatusForbidden, `data-status="403"`},
			{"grant to another institution's user", userPath(sigID, "grant"), url.Values{"role": {"front_office"}}, http.StatusForbidden, "travaille pour une autre institution"},
			{"withdraw from another institution's user", userPath(sigID, "withdraw"), url.Values{"role": {"front_office"}, "reason": {"x"}}, http.StatusForbidden, "travaille pour une autre institution"},
			{"disable another institution's user", userPath(sigID, "disable"), url.Values{"reason": {"x"}}, http.StatusForbidden, "travaille pour une autre institution"},
			{"disable the admin", userPath(adminID, "disable"), url.Values{"reason": {"x"}}, http.StatusForbidden, "désignés par l&#39;administrateur"},
			{"withdraw one's own role", userPath(mgrID, "withdraw"), url.Values{"role": {"local_manager"}, "reason": {"leaving"}}, http.StatusForbidden, "Personne ne modifie ses propres accès"},
			{"disable oneself", userPath(mgrID, "disable"), url.Values{"reason": {"leaving"}}, http.StatusForbidden, "Personne ne modifie ses propres accès"},
			{"grant oneself front office", userPath(mgrID, "grant"), url.Values{"role": {"front_office"}}, http.StatusForbidden, "Personne ne modifie ses propres accès"},
			{"grant the admin front office", userPath(adminID, "grant"), url.Values{"role": {"front_office"}}, http.StatusForbidden, "désignés par l&#39;administrateur"},
		}
		for _, p := range pages {
			res := mgr.Submit(t, p.path, p.form)
			require.Equal(t, p.status, res.StatusCode, p.name)
			require.Contains(t, res.Body, p.text, p.name)
		}
		require.Equal(t, http.StatusForbidden, front.Get(t, "/manage").StatusCode, "a front-office agent manages nobody")
		require.Equal(t, http.StatusForbidden, front.Submit(t, userPath(agentID, "disable"), url.Values{"reason": {"x"}}).StatusCode)

		apis := []struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{
			{"list another institution", http.MethodGet, "/api/v1/users?institution=sigedis", nil, http.StatusForbidden, "forbidden"},
			{"invite as admin", http.MethodPost, "/api/v1/users/invitations", map[string]string{"email": "someone@example.test", "role": "admin"}, http.StatusForbidden, "forbidden"},
			{"grant in another institution", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/grants", sigID), map[string]string{"role": "back_office", "institution": "sigedis"}, http.StatusForbidden, "forbidden"},
			{"withdraw without reason", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/grants/withdraw", agentID), map[string]string{"role": "front_office"}, http.StatusBadRequest, "invalid"},
			{"withdraw one's own role", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/grants/withdraw", mgrID), map[string]string{"role": "local_manager", "reason": "x"}, http.StatusForbidden, "own_access"},
			{"disable another institution's user", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/disable", sigID), map[string]string{"reason": "x"}, http.StatusForbidden, "other_institution"},
			{"disable oneself", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/disable", mgrID), map[string]string{"reason": "x"}, http.StatusForbidden, "own_access"},
			{"grant oneself front office", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/grants", mgrID), map[string]string{"role": "front_office"}, http.StatusForbidden, "own_access"},
			{"demote the admin", http.MethodPost, fmt.Sprintf("/api/v1/users/%d/grants", adminID), map[string]string{"role": "front_office"}, http.StatusForbidden, "oversight_role"},
		}
		for _, a := range apis {
			res := mgr.JSON(t, a.method, a.path, a.body)
			require.Equal(t, a.status, res.StatusCode, a.name)
			require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), a.name)
			require.Contains(t, res.Body, `"type":"urn:contactd:problem:`+a.code+`"`, a.name)
		}
		require.Equal(t, http.StatusForbidden, front.Get(t, "/api/v1/users").StatusCode)

		cli := audit.WithActor(context.Background(), audit.Actor{System: "cli"})
		u, err := app.Access.UserByID(cli, mgrID)
		require.NoError(t, err)
		require.Nil(t, u.DisabledAt, "nothing refused was done")
		require.True(t, u.HoldsGrant(audit.RoleLocalManager, "contact_centre"))
		entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{UserID: mgrID, Limit: 100})
		require.NoError(t, err)
		refused := 0
		for _, e := range entries {
			if e.Outcome == audit.Refused && e.Action != "session" {
				refused++
			}
		}
		require.Equal(t, len(pages)+len(apis), refused, "each refused request is in the access log, once")
	})
}

// TestInvitationByNumberReachesNoOtherStaff is the outside tester's High
// finding: as manager2 (Sigedis), an invitation by the national number of
// the adviser, who signed in once, answered 201 with the adviser's id and
// made their next session back office at Sigedis. Now it is refused, by
// number and by e-mail, and the adviser's next session is still adviser.
func TestInvitationByNumberReachesNoOtherStaff(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		mgr2 := app.Browser()
		for _, name := range []string{"adviser", "frontoffice", "admin"} {
			app.Browser().SignIn(t, name)
		}
		mgr2.SignIn(t, "manager2")
		for _, d := range demo.Users {
			if d.Username == "adviser" || d.Username == "frontoffice" || d.Username == "admin" {
				res := mgr2.JSON(t, http.MethodPost, "/api/v1/users/invitations",
					map[string]string{"national_number": d.NationalNumber(), "role": "back_office", "institution": "sigedis"})
				require.Equal(t, http.StatusForbidden, res.StatusCode, "%s: %s", d.Username, res.Body)
				require.NotContains(t, res.Body, "user_id")
			}
		}
		again := app.Browser()
		again.SignIn(t, "adviser")
		require.Equal(t, "/adviser", again.Get(t, "/").Header.Get("Location"), "still the adviser")
		require.Equal(t, http.StatusForbidden, again.Get(t, "/back").StatusCode, "no Sigedis tickets")
	})
}

// TestUsersAPI: the local manager's own institution by default, with the
// inactivity flag; an invitation and a grant by id; an admin lists any
// institution.
func TestUsersAPI(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	mgr, admin := app.Browser(), app.Browser()
	mgr.SignIn(t, "manager2")
	nrn := insz.Generate(rand.New(rand.NewPCG(66, 2)), insz.GenerateOptions{}).String()

	res := mgr.JSON(t, http.MethodPost, "/api/v1/users/invitations", map[string]string{"national_number": nrn, "role": "back_office", "ends_on": "2099-06-30"})
	require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)
	var created struct {
		UserID      int64  `json:"user_id"`
		Institution string `json:"institution"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Body), &created))
	require.Equal(t, "sigedis", created.Institution, "the manager's own institution")
	res = mgr.JSON(t, http.MethodPost, fmt.Sprintf("/api/v1/users/%d/grants", created.UserID), map[string]string{"role": "local_manager"})
	require.Equal(t, http.StatusCreated, res.StatusCode, res.Body)

	app.Clock.Advance(91 * 24 * time.Hour)
	mgr.SignIn(t, "manager2")
	res = mgr.Get(t, "/api/v1/users")
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.NotContains(t, res.Body, nrn, "no national number in the API's answer")
	var list struct {
		Institution string `json:"institution"`
		Days        int    `json:"inactive_after_days"`
		Users       []struct {
			ID       int64 `json:"id"`
			Invited  bool  `json:"invited"`
			Inactive bool  `json:"inactive"`
			Grants   []struct {
				Role        string `json:"role"`
				Institution string `json:"institution"`
				LastDay     string `json:"last_day"`
			} `json:"grants"`
		} `json:"users"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Body), &list))
	require.Equal(t, "sigedis", list.Institution)
	require.Equal(t, 90, list.Days)
	flagged := map[int64]bool{}
	for _, u := range list.Users {
		flagged[u.ID] = u.Inactive
		for _, g := range u.Grants {
			require.Equal(t, "sigedis", g.Institution)
		}
	}
	require.True(t, flagged[created.UserID], "invited 91 days ago, never signed in")
	require.True(t, flagged[demoID(t, app, "backoffice")], "signed in 91 days ago")
	require.False(t, flagged[demoID(t, app, "manager2")], "just signed in")
	require.Contains(t, mgr.Get(t, "/manage").Body, "pas connecté depuis 90 jours")

	admin.SignIn(t, "admin")
	res = admin.Get(t, "/api/v1/users?institution=sigedis")
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Contains(t, res.Body, fmt.Sprintf(`"id":%d`, created.UserID))
	require.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"))
}

// TestAdminAppointsLocalManagers: the admin page lists each institution
// with its local managers; the admin appoints one by e-mail in any
// institution and withdraws one, with a reason.
func TestAdminAppointsLocalManagers(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	admin := app.Browser()
	admin.SignIn(t, "admin")
	mgr2 := app.Browser()
	mgr2.SignIn(t, "manager2")
	page := admin.Get(t, "/admin")
	require.Equal(t, http.StatusOK, page.StatusCode)
	require.Contains(t, page.Body, fmt.Sprintf(`id="manager-%d-contact_centre"`, demoID(t, app, "manager")))
	require.Contains(t, page.Body, fmt.Sprintf(`id="manager-%d-sigedis"`, demoID(t, app, "manager2")))

	res := admin.Submit(t, "/admin/managers", url.Values{"institution": {"inasti"}, "invitee": {"Local.Manager@example.test"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
	require.Contains(t, admin.Get(t, "/admin").Body, "local.manager@example.test")
	res = admin.Submit(t, "/admin/managers", url.Values{"institution": {"inasti"}, "invitee": {""}})
	require.Equal(t, http.StatusBadRequest, res.StatusCode)

	id := demoID(t, app, "manager2")
	res = admin.Submit(t, fmt.Sprintf("/admin/managers/%d/withdraw", id), url.Values{"institution": {"sigedis"}})
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	require.Contains(t, res.Body, fmt.Sprintf(`id="withdraw-sigedis-%d-error"`, id))
	res = admin.Submit(t, fmt.Sprintf("/admin/managers/%d/withdraw", id), url.Values{"institution": {"sigedis"}, "reason": {"left Sigedis"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, res.Body)
	require.NotContains(t, admin.Get(t, "/admin").Body, fmt.Sprintf(`id="manager-%d-sigedis"`, id))
	require.Equal(t, http.StatusSeeOther, mgr2.Get(t, "/manage").StatusCode, "the withdrawn manager's session ends")
}
