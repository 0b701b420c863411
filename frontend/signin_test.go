package frontend_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/demo"
	"contactd/internal/devidp"
	"contactd/internal/testdb"
)

// TestSignInLandsOnRoleHome signs in as every demo user through the
// development provider: each lands on their role's home page; the user
// without a role sees only "no access" (O6, O14).
func TestSignInLandsOnRoleHome(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		homes := map[string]string{"frontoffice": "front", "backoffice": "back", "backoffice2": "back",
			"adviser": "adviser", "manager": "manage", "manager2": "manage", "admin": "admin", "norole": ""}
		for _, u := range demo.Users {
			b := app.Browser()
			res := b.SignIn(t, u.Username)
			require.Equal(t, http.StatusSeeOther, res.StatusCode, u.Username)
			if u.Also != "" {
				require.Equal(t, "/role?next=%2F", res.Header.Get("Location"), "two roles: the user chooses")
				continue
			}
			require.Equal(t, "/", res.Header.Get("Location"))
			res = b.Get(t, "/")
			want := homes[u.Username]
			if want == "" {
				require.Equal(t, "/no-access", res.Header.Get("Location"))
				res = b.Get(t, "/no-access")
				require.Equal(t, http.StatusForbidden, res.StatusCode)
				require.Contains(t, res.Body, `id="no-access"`)
				require.Equal(t, "/no-access", b.Get(t, "/front").Header.Get("Location"), "a user without role reaches nothing else")
				require.Equal(t, http.StatusForbidden, b.Get(t, "/api/v1/me").StatusCode)
				continue
			}
			require.Equal(t, "/"+want, res.Header.Get("Location"), u.Username)
			res = b.Get(t, "/"+want)
			require.Equal(t, http.StatusOK, res.StatusCode, u.Username)
			require.Contains(t, res.Body, `id="home-`+want+`"`)
			require.Contains(t, res.Body, u.Name)
			require.Equal(t, http.StatusForbidden, b.Get(t, otherHome(want)).StatusCode, "%s reaches another role's home", u.Username)
			entry := lastEntry(t, db, "sign_in")
			require.Equal(t, audit.OK, entry.Outcome)
		}
	})
}

func otherHome(home string) string {
	if home == "admin" {
		return "/front"
	}
	return "/admin"
}

// TestSignInRefusals proves each check of the callback: a forged, replayed
// or foreign state, a missing PKCE verifier, and ID tokens with a bad
// signature, another audience, another nonce, an acr below eID, or expired.
// Each is refused with a clear page and an entry in the access log.
func TestSignInRefusals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		tampered := map[string]devidp.Tamper{
			"id_token_invalid/signature": {CorruptSignature: true},
			"id_token_invalid/audience":  {Audience: "someone-else"},
			"id_token_invalid/expired":   {ExpiresIn: -time.Minute},
			"id_token_invalid/issuer":    {Issuer: "https://evil.example"},
			"nonce_mismatch":             {Nonce: "not-our-nonce"},
			"acr_too_low":                {ACR: "urn:be:fedict:iam:fas:Level200"},
		}
		for name, tamper := range tampered {
			b := app.Browser()
			cb := b.StartSignIn(t, "frontoffice")
			app.IDP.TamperNext(tamper)
			expectRefused(t, db, b.Get(t, cb.String()), strings.Split(name, "/")[0])
		}

		b := app.Browser()
		cb := b.StartSignIn(t, "frontoffice")
		q := cb.Query()
		q.Set("state", "forged")
		cb.RawQuery = q.Encode()
		expectRefused(t, db, b.Get(t, cb.String()), "state_mismatch")

		b = app.Browser()
		cb = b.StartSignIn(t, "frontoffice")
		expectRefused(t, db, app.Browser().Get(t, cb.String()), "state_mismatch") // another browser

		b = app.Browser()
		cb = b.StartSignIn(t, "frontoffice")
		require.Equal(t, http.StatusSeeOther, b.Get(t, cb.String()).StatusCode)
		b.Client.Jar.SetCookies(cb, []*http.Cookie{{Name: "contactd_signin", Value: cb.Query().Get("state"), Path: "/"}})
		expectRefused(t, db, b.Get(t, cb.String()), "state_unknown") // replayed

		b = app.Browser()
		cb = b.StartSignIn(t, "frontoffice")
		_, err := db.Bun.NewUpdate().Table("sign_in_requests").Set("code_verifier = ''").Where("1 = 1").Exec(context.Background())
		require.NoError(t, err)
		expectRefused(t, db, b.Get(t, cb.String()), "code_exchange_failed") // PKCE verifier missing

		cli := audit.WithActor(context.Background(), audit.Actor{System: "cli"})
		require.NoError(t, app.Access.Disable(cli, access.UserRef{Subject: "demo-adviser"}, "left"))
		expectRefused(t, db, app.Browser().SignIn(t, "adviser"), "user_disabled")
	})
}

func expectRefused(t *testing.T, db *database.DB, res apptest.Response, code string) {
	t.Helper()
	require.Equal(t, http.StatusForbidden, res.StatusCode, "%s: %s", code, res.Body)
	require.Contains(t, res.Body, `data-code="`+code+`"`)
	require.Empty(t, sessionCookie(res), "a refused sign-in sets no session")
	entry := lastEntry(t, db, "sign_in")
	require.Equal(t, audit.Refused, entry.Outcome)
	require.Equal(t, code, entry.Detail)
	require.NotEmpty(t, entry.RequestID)
}

func sessionCookie(res apptest.Response) string {
	for _, c := range res.Cookies() {
		if c.Name == "contactd_session" && c.MaxAge >= 0 {
			return c.Value
		}
	}
	return ""
}
