package apptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Browser is an HTTP client with cookies that does not follow redirects,
// so a test sees every step of a flow.
type Browser struct {
	app    *App
	Client *http.Client
	csrf   string // the session's token, read once per sign-in
}

// Browser returns a new browser with an empty cookie jar.
func (a *App) Browser() *Browser {
	jar, _ := cookiejar.New(nil)
	// A connection pool of its own, as a real browser has: the shared
	// default transport keeps only two idle connections per host, so
	// concurrent browsers would open a new connection on most requests.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	return &Browser{app: a, Client: &http.Client{
		Jar:           jar,
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body string
}

// Do sends a request and reads the whole answer.
func (b *Browser) Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	res, err := b.Client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return Response{res, string(body)}
}

// Get fetches a path or an absolute URL.
func (b *Browser) Get(t testing.TB, path string) Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.abs(path), nil)
	return b.Do(t, req)
}

// PostForm posts a form as is (no CSRF token added).
func (b *Browser) PostForm(t testing.TB, path string, form url.Values) Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.Do(t, req)
}

// Submit posts a form with the session's CSRF token, as a page's form does.
func (b *Browser) Submit(t testing.TB, path string, form url.Values) Response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", b.CSRF(t))
	return b.PostForm(t, path, form)
}

// CSRF returns the session's CSRF token from /api/v1/me, read once per
// sign-in as a page's script would.
func (b *Browser) CSRF(t testing.TB) string {
	t.Helper()
	if b.csrf != "" {
		return b.csrf
	}
	res := b.Get(t, "/api/v1/me")
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &me) != nil {
		t.Fatalf("GET /api/v1/me = %d %s", res.StatusCode, res.Body)
	}
	b.csrf = me.CSRFToken
	return me.CSRFToken
}

// StartSignIn presses "sign in" and signs in as username at the provider,
// returning the provider's redirect to our callback (not yet followed).
func (b *Browser) StartSignIn(t testing.TB, username string) *url.URL {
	t.Helper()
	res := b.PostForm(t, "/auth/login", url.Values{"next": {"/"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /auth/login = %d %s", res.StatusCode, res.Body)
	}
	authorize, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	form := authorize.Query()
	form.Set("username", username)
	authorize.RawQuery = ""
	res = b.PostForm(t, authorize.String(), form)
	if res.StatusCode != http.StatusFound {
		t.Fatalf("provider sign-in as %s = %d %s", username, res.StatusCode, res.Body)
	}
	cb, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// SignIn signs in as username, acknowledges the staff notice as every user
// must before working (§16), and returns the callback's answer.
func (b *Browser) SignIn(t testing.TB, username string) Response {
	t.Helper()
	res := b.SignInOnly(t, username)
	if res.StatusCode == http.StatusSeeOther {
		b.AcknowledgeNotice(t)
	}
	return res
}

// SignInOnly signs in as username and stops there: the staff notice is
// still to acknowledge.
func (b *Browser) SignInOnly(t testing.TB, username string) Response {
	t.Helper()
	b.csrf = ""
	return b.Get(t, b.StartSignIn(t, username).String())
}

var noticeCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// AcknowledgeNotice acknowledges the staff notice from its page.
func (b *Browser) AcknowledgeNotice(t testing.TB) {
	t.Helper()
	page := b.Get(t, "/notice")
	m := noticeCSRF.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET /notice = %d", page.StatusCode)
	}
	if res := b.PostForm(t, "/notice", url.Values{"csrf": {m[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /notice = %d %s", res.StatusCode, res.Body)
	}
}

func (b *Browser) abs(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return b.app.URL + path
}

// JSON sends a JSON body with the session's CSRF token, as the pages'
// scripts and API clients using the browser session do.
func (b *Browser) JSON(t testing.TB, method, path string, body any) Response {
	t.Helper()
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = strings.NewReader(string(raw))
	}
	req, _ := http.NewRequest(method, b.abs(path), r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.CSRF(t))
	return b.Do(t, req)
}

// URL is the absolute URL of a path on the application.
func (b *Browser) URL(path string) string { return b.abs(path) }
