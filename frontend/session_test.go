package frontend_test

import (
	"context"
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
	"contactd/internal/testdb"
)

// TestSessionEnds shows each way a session ends — idle timeout, absolute
// timeout, sign-out, the user disabled, the role withdrawn — and that the
// next request is refused with a sign-in page that says so and an entry in
// the access log.
func TestSessionEnds(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		cli := audit.WithActor(context.Background(), audit.Actor{System: "cli"})
		// In order: disabling the user must come last.
		ends := []struct {
			why string
			end func(b *apptest.Browser)
		}{
			{"idle timeout", func(*apptest.Browser) { app.Clock.Advance(31 * time.Minute) }},
			{"absolute timeout", func(b *apptest.Browser) {
				for range 33 { // active every 18 minutes for 9.9 hours
					app.Clock.Advance(18 * time.Minute)
					require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode)
				}
				app.Clock.Advance(18 * time.Minute)
			}},
			{"revoked", func(b *apptest.Browser) {
				cookies := b.Client.Jar.Cookies(mustURL(app.URL))
				require.Equal(t, http.StatusSeeOther, b.Submit(t, "/auth/logout", nil).StatusCode)
				b.Client.Jar.SetCookies(mustURL(app.URL), cookies) // the old cookie, replayed
			}},
			{"user disabled", func(*apptest.Browser) {
				require.NoError(t, app.Access.Disable(cli, access.UserRef{Subject: "demo-frontoffice"}, "test"))
			}},
		}
		for _, e := range ends {
			why, end := e.why, e.end
			b := app.Browser()
			require.Equal(t, http.StatusSeeOther, b.SignIn(t, "frontoffice").StatusCode, why)
			require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode)
			end(b)
			res := b.Get(t, "/front")
			require.Equal(t, http.StatusSeeOther, res.StatusCode, why)
			require.Equal(t, "/auth/signin?next=%2Ffront&why=ended", res.Header.Get("Location"), why)
			require.Contains(t, b.Get(t, res.Header.Get("Location")).Body, `id="signin-why"`)
			entry := lastEntry(t, db, "session")
			require.Equal(t, audit.Refused, entry.Outcome)
			require.Contains(t, entry.Detail, why)
			require.Equal(t, http.StatusUnauthorized, b.Get(t, "/api/v1/me").StatusCode, "the cookie was cleared")
		}
	})
}

// TestRoleWithdrawnEndsSession revokes the role a session runs under.
func TestRoleWithdrawnEndsSession(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	b.SignIn(t, "backoffice")
	cli := audit.WithActor(context.Background(), audit.Actor{System: "cli"})
	require.NoError(t, app.Access.Revoke(cli, access.GrantInput{
		User: access.UserRef{Subject: "demo-backoffice"}, Role: audit.RoleBackOffice, Institution: "sigedis", Reason: "moved"}))
	require.Equal(t, http.StatusSeeOther, b.Get(t, "/back").StatusCode)
	require.Contains(t, lastEntry(t, app.DB, "session").Detail, "role withdrawn")
}

// TestNewSessionIDAtEverySignIn: signing in twice never reuses a token.
func TestNewSessionIDAtEverySignIn(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	first := sessionCookie(b.SignIn(t, "adviser"))
	second := sessionCookie(b.SignIn(t, "adviser"))
	require.NotEmpty(t, first)
	require.NotEqual(t, first, second)
	var stored int
	require.NoError(t, app.DB.Bun.NewRaw("SELECT count(*) FROM sessions WHERE id_hash IN (?, ?)", first, second).Scan(context.Background(), &stored))
	require.Zero(t, stored, "the table keeps keyed hashes, never the tokens")
}

// TestCSRF refuses a state-changing request without the session's token
// and one sent by another site, and accepts the page's own form.
func TestCSRF(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	b.SignIn(t, "frontoffice")
	res := b.PostForm(t, "/auth/logout", nil)
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Contains(t, res.Body, `data-status="403"`)
	res = b.PostForm(t, "/auth/logout", url.Values{"csrf": {"guess"}})
	require.Equal(t, http.StatusForbidden, res.StatusCode)

	req, _ := http.NewRequest(http.MethodPost, app.URL+"/auth/logout", strings.NewReader("csrf="+b.CSRF(t)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusForbidden, b.Do(t, req).StatusCode, "a cross-site post is refused even with the token")
	req, _ = http.NewRequest(http.MethodPost, app.URL+"/auth/login", nil)
	req.Header.Set("Origin", "https://evil.example")
	require.Equal(t, http.StatusForbidden, b.Do(t, req).StatusCode, "login CSRF is refused")

	require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode, "the refused posts changed nothing")
	require.Equal(t, http.StatusSeeOther, b.Submit(t, "/auth/logout", nil).StatusCode)
	require.Equal(t, http.StatusSeeOther, b.Get(t, "/front").StatusCode)
}

// TestNoStateChangingGET: sign-out and language only answer POST.
func TestNoStateChangingGET(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	b.SignIn(t, "frontoffice")
	for _, path := range []string{"/auth/logout", "/auth/login", "/lang"} {
		require.Equal(t, http.StatusMethodNotAllowed, b.Get(t, path).StatusCode, path)
	}
	require.Equal(t, http.StatusOK, b.Get(t, "/front").StatusCode)
}

// TestCookieAndSecurityHeaders checks the session cookie's flags and the
// headers every page carries.
func TestCookieAndSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	b := app.Browser()
	res := b.SignIn(t, "frontoffice")
	var sess *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "contactd_session" {
			sess = c
		}
	}
	require.NotNil(t, sess)
	require.True(t, sess.HttpOnly)
	require.Equal(t, http.SameSiteLaxMode, sess.SameSite)
	require.Equal(t, "/", sess.Path)
	page := b.Get(t, "/front")
	csp := page.Header.Get("Content-Security-Policy")
	require.Contains(t, csp, "frame-ancestors 'none'")
	require.Contains(t, csp, "script-src 'self'")
	require.NotContains(t, csp, "unsafe-inline")
	require.Equal(t, "nosniff", page.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "same-origin", page.Header.Get("Referrer-Policy"))
	require.Equal(t, "no-store", page.Header.Get("Cache-Control"))
	require.NotEmpty(t, page.Header.Get("X-Request-Id"))
	require.NotContains(t, page.Body, "<script>", "no inline script")
	require.NotContains(t, page.Body, "style=", "no inline style")
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
