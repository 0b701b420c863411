package frontend_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/frontend"
	"contactd/internal/apptest"
	"contactd/internal/database"
	"contactd/internal/testdb"
)

// startSignIn presses "sign in" with next as the return path.
func startSignIn(t *testing.T, app *apptest.App, next string, header http.Header) apptest.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/auth/login", strings.NewReader(url.Values{"next": {next}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	return app.Browser().Do(t, req)
}

// storedReturns lists the return paths of the sign-ins under way.
func storedReturns(t *testing.T, db *database.DB) []string {
	t.Helper()
	var out []string
	require.NoError(t, db.Bun.NewRaw("SELECT return_to FROM sign_in_requests").Scan(context.Background(), &out))
	return out
}

// TestSignInReturnPathIsBounded: the attack of issue 14 §4 — sign-in
// starts with a 900 kB return path, unauthenticated — stores no more than
// a short path per start; a long but ordinary path is still kept.
func TestSignInReturnPathIsBounded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		app := apptest.New(t, db)
		huge := "/tickets/" + strings.Repeat("a", 900<<10)
		for range 3 {
			require.Equal(t, http.StatusSeeOther, startSignIn(t, app, huge, nil).StatusCode)
		}
		long := "/front?q=" + strings.Repeat("b", 400)
		require.Equal(t, http.StatusSeeOther, startSignIn(t, app, long, nil).StatusCode)
		kept := storedReturns(t, db)
		require.Len(t, kept, 4)
		total := 0
		for _, r := range kept {
			require.LessOrEqual(t, len(r), 512, "a stored return path is at most 512 bytes")
			total += len(r)
		}
		require.Less(t, total, 4<<10)
		require.Contains(t, kept, long, "an ordinary return path is kept")
		require.Contains(t, kept, "/", "a return path too long falls back to the home page")
	})
}

// TestSignInStartsAreThrottled: the default limit stops a flood of
// sign-in starts from one address with 429, rate_limited and a
// Retry-After; the same default lets a whole office behind one address
// (or loadgen's 200 agents on loopback) sign in at once.
func TestSignInStartsAreThrottled(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, testdb.SQLite(t))
	var refused apptest.Response
	started := 0
	for started < 2000 {
		res := startSignIn(t, app, "/", nil)
		if res.StatusCode != http.StatusSeeOther {
			refused = res
			break
		}
		started++
	}
	require.NotNil(t, refused.Response, "2,000 sign-in starts from one address, none refused")
	require.Equal(t, http.StatusTooManyRequests, refused.StatusCode, refused.Body)
	require.GreaterOrEqual(t, started, 250, "the default lets an office of 250 sign in at once")
	require.Contains(t, refused.Body, "Too many sign-ins were started from your network address")
	retry, err := strconv.Atoi(refused.Header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After in seconds")
	require.Positive(t, retry)
	require.Len(t, storedReturns(t, app.DB), started, "a refused start stores nothing")
}

// TestSignInThrottleIsPerAddress: behind a trusted proxy, each client
// address has its own allowance; the setting bounds it.
func TestSignInThrottleIsPerAddress(t *testing.T) {
	t.Parallel()
	app := apptest.NewWith(t, testdb.SQLite(t), func(c *frontend.Config) {
		c.TrustedProxies, c.SignInLimit = []string{"127.0.0.1"}, 3
	})
	from := func(addr string) http.Header { return http.Header{"X-Forwarded-For": {addr}} }
	for range 3 {
		require.Equal(t, http.StatusSeeOther, startSignIn(t, app, "/", from("192.0.2.7")).StatusCode)
	}
	res := startSignIn(t, app, "/", from("192.0.2.7"))
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	require.Equal(t, http.StatusSeeOther, startSignIn(t, app, "/", from("192.0.2.8")).StatusCode, "another address is not held back")
	// Addresses of one IPv6 /64 are one client: a host has them all.
	for i := range 3 {
		require.Equal(t, http.StatusSeeOther, startSignIn(t, app, "/", from("2001:db8:1:2::"+strconv.Itoa(i+1))).StatusCode)
	}
	require.Equal(t, http.StatusTooManyRequests, startSignIn(t, app, "/", from("2001:db8:1:2:ffff::9")).StatusCode)
	b := app.Browser()
	require.Equal(t, http.StatusSeeOther, b.SignIn(t, "frontoffice").StatusCode, "loopback has its own allowance")
}
