package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/testdb"
)

var cliActor = audit.WithActor(context.Background(), audit.Actor{System: "cli"})

// TestSeveralRolesAreChosenAfterSignIn: a user holding two roles is asked
// which one to work in after sign-in — never given the first of a list —
// may work only in the chosen one, switches from the header without
// signing in again, and every choice is in the access log. Before, the
// session silently took the first grant in a fixed role order.
func TestSeveralRolesAreChosenAfterSignIn(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		_, err := app.Access.Grant(cliActor, access.GrantInput{User: access.UserRef{Subject: "demo-manager"},
			Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		b := app.Browser()
		res := b.SignInOnly(t, "manager")
		require.Equal(t, "/role?next=%2F", res.Header.Get("Location"), "asked, not guessed")
		require.Equal(t, "/role?next=%2Ffront", b.Get(t, "/front").Header.Get("Location"), "no work before the choice")
		api := b.Get(t, "/api/v1/tickets")
		require.Equal(t, http.StatusForbidden, api.StatusCode)
		require.Contains(t, api.Body, "role_not_chosen")

		page := b.Get(t, "/role")
		require.Equal(t, http.StatusOK, page.StatusCode)
		require.Contains(t, page.Body, `data-role="front_office"`)
		require.Contains(t, page.Body, `data-role="local_manager"`)
		csrf := csrfField.FindStringSubmatch(page.Body)[1]
		refused := b.PostForm(t, "/role", url.Values{"csrf": {csrf}, "role": {"admin"}, "institution": {"contact_centre"}})
		require.Equal(t, http.StatusForbidden, refused.StatusCode, "only a role the user holds")
		chosen := b.PostForm(t, "/role", url.Values{"csrf": {csrf}, "role": {"local_manager"}, "institution": {"contact_centre"}, "next": {"/manage"}})
		require.Equal(t, http.StatusSeeOther, chosen.StatusCode)
		require.Equal(t, "/manage", chosen.Header.Get("Location"))
		b.AcknowledgeNotice(t)
		manage := b.Get(t, "/manage")
		require.Equal(t, http.StatusOK, manage.StatusCode)
		require.Contains(t, manage.Body, `id="switch-role"`, "the header offers to switch")
		require.Equal(t, http.StatusForbidden, b.Get(t, "/front").StatusCode, "one role at a time")

		switched := b.JSON(t, "POST", "/api/v1/me/role", map[string]string{"role": "front_office", "institution": "contact_centre"})
		require.Equal(t, http.StatusOK, switched.StatusCode, switched.Body)
		require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode)
		require.Equal(t, http.StatusForbidden, b.Get(t, "/manage").StatusCode)

		entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "role_choose"})
		require.NoError(t, err)
		require.Len(t, entries, 3)
		require.Equal(t, "role=front_office institution=contact_centre from=local_manager@contact_centre", entries[0].Detail)
		require.Equal(t, audit.OK, entries[1].Outcome)
		require.Equal(t, audit.Refused, entries[2].Outcome)
		signIns, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "sign_in"})
		require.NoError(t, err)
		require.Equal(t, "role=to_choose", signIns[0].Detail)

		one := app.Browser()
		require.Equal(t, "/", one.SignInOnly(t, "frontoffice").Header.Get("Location"), "one role: no question asked")
	})
}

// TestSignInConflictIsARefusalPage: a national number already bound to
// another account is a clear refusal page and an access-log entry, never
// a 500 (before: the unique constraint on national numbers failed the
// callback).
func TestSignInConflictIsARefusalPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		var adviser demo.User
		for _, d := range demo.Users {
			if d.Username == "adviser" {
				adviser = d
			}
		}
		other := app.Browser()
		other.SignIn(t, "frontoffice")
		// Someone else's account already holds the adviser's number.
		_, err := db.Bun.NewUpdate().TableExpr("users").Set("national_number = ?", adviser.NationalNumber()).
			Where("subject = ?", "demo-frontoffice").Exec(context.Background())
		require.NoError(t, err)
		b := app.Browser()
		res := b.SignInOnly(t, "adviser")
		require.Equal(t, http.StatusForbidden, res.StatusCode)
		require.Contains(t, res.Body, `data-code="identity_conflict"`)
		e := entryOf(t, db, res)
		require.Equal(t, "sign_in", e.Action)
		require.Equal(t, audit.Refused, e.Outcome)
		require.Equal(t, "identity_conflict", e.Detail)
	})
}
