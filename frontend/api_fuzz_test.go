package frontend_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"contactd/internal/apptest"
	"contactd/internal/testdb"
	"contactd/lookup"
)

// FuzzAPITickets sends malformed input to the ticket API of a real
// application, signed in as the front office: a body to create a ticket
// and a query string to list tickets. Whatever comes in, the answer is a
// success or a client error told in problem+json, never a server error.
// One application serves the whole run, so an execution costs two
// requests.
func FuzzAPITickets(f *testing.F) {
	// No rate limit: after the 60th consultation every create would be
	// the same 429, and the fuzzer would see nothing else.
	app := apptest.NewWithOptions(f, testdb.SQLite(f), apptest.Options{Lookup: lookup.Options{RateLimit: -1}})
	front := app.Browser()
	front.SignIn(f, "frontoffice")
	csrf := front.CSRF(f)

	valid, err := json.Marshal(phoneBody(app, 1))
	if err != nil {
		f.Fatal(err)
	}
	bodies := []string{
		string(valid), `{}`, `{"portal":`, `[]`, `null`, `{"insz":12}`, `{"colour":"blue"}`,
		`{"portal":"mycareer","channel":"email","purpose":"other","subject":"x","received_at":"0001-01-01T00:00:00Z"}`,
		`{"portal":"mycareer","channel":"post","purpose":"other","subject":"x","received_at":"9999-12-31T23:59:59+14:00","questions_put":-1}`,
		`{"subject":"\ud800"}`, `{"subject":"a\u0000b"}`, "{\"subject\":\"\xff\"}", `{} {}`,
	}
	queries := []string{
		"", "queue=all", "queue=mine&status=new&limit=1", "limit=0", "limit=99999999999999999999",
		"before=-1", "before=9223372036854775807", "from=0000-01-01&to=9999-12-31", "from=2026-02-30",
		"to=2026-01-01T00:00:00%2B99:00", "ref=%00", "status=%ff", "portal=a&portal=b", "%zz", "queue=;",
	}
	for i := range max(len(bodies), len(queries)) {
		f.Add([]byte(bodies[i%len(bodies)]), queries[i%len(queries)])
	}
	f.Fuzz(func(t *testing.T, body []byte, query string) {
		req, err := http.NewRequest(http.MethodPost, app.URL+"/api/v1/tickets", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", csrf)
		requireProblemOrSuccess(t, front.Client, req)

		u, err := url.Parse(app.URL + "/api/v1/tickets")
		if err != nil {
			t.Fatal(err)
		}
		u.RawQuery = requestTargetSafe(query)
		req, err = http.NewRequest(http.MethodGet, u.String(), nil)
		if err != nil {
			return // not a URL any client could send
		}
		requireProblemOrSuccess(t, front.Client, req)
	})
}

// requestTargetSafe percent-encodes the bytes an HTTP request line cannot
// carry (space, controls, non-ASCII, '#'), which Go's server refuses with a
// plain-text 400 before the application sees the request; every other
// byte, malformed escapes included, reaches the application as it is.
func requestTargetSafe(query string) string {
	var b strings.Builder
	for i := 0; i < len(query); i++ {
		if c := query[i]; c <= ' ' || c >= 0x7f || c == '#' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// requireProblemOrSuccess sends req and requires a 2xx, or a 4xx whose body
// is an RFC 9457 problem with the same status.
func requireProblemOrSuccess(t *testing.T, client *http.Client, req *http.Request) {
	t.Helper()
	res, err := client.Do(req)
	if err != nil {
		if strings.Contains(err.Error(), "invalid") || strings.Contains(err.Error(), "control character") {
			return // the client refused to send it: nothing reached the server
		}
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", req.Method, req.URL.Path, err)
	}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return
	}
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Fatalf("%s %s = %d: %s", req.Method, req.URL.Path, res.StatusCode, raw)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s %s = %d with Content-Type %q", req.Method, req.URL.Path, res.StatusCode, ct)
	}
	var p struct {
		Type      string `json:"type"`
		Title     string `json:"title"`
		Status    int    `json:"status"`
		RequestID string `json:"request_id"`
	}
	if err := json.Unmarshal(raw, &p); err != nil || p.Status != res.StatusCode || p.Title == "" || p.RequestID == "" ||
		!strings.HasPrefix(p.Type, "urn:contactd:problem:") {
		t.Fatalf("%s %s = %d with a body that is not a problem (%v): %s", req.Method, req.URL.Path, res.StatusCode, err, raw)
	}
}
