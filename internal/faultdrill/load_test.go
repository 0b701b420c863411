package faultdrill

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"contactd/internal/apptest"
)

// requestCap ends a request that hangs, so that a drill always stops; the
// drills assert a far lower bound on every request's latency.
const requestCap = 30 * time.Second

// sample is one finished request as an agent saw it.
type sample struct {
	op         string // "create", "view", "consult", "readyz"…
	start, end time.Time
	status     int    // 0 when no answer came
	problem    string // the problem+json type, for a failure
	ref        string // the ticket created, for a 201
	requestID  string // the application's id of the request
	err        error  // the transport's error: no answer at all
	body       []byte // the answer, until the sample is recorded
}

func (s sample) latency() time.Duration { return s.end.Sub(s.start) }

// within says whether the request started and ended inside [from, to].
func (s sample) within(from, to time.Time) bool {
	return !s.start.Before(from) && !s.end.After(to)
}

// agent sends API requests on a signed-in browser's session from any
// goroutine (apptest.Browser's helpers fail the test, which only the
// test's own goroutine may do).
type agent struct {
	url    string
	client *http.Client
	csrf   string
}

// signIn signs a browser in as username and returns it as an agent.
func signIn(t *testing.T, app *apptest.App, username string) *agent {
	t.Helper()
	b := app.Browser()
	b.SignIn(t, username)
	return &agent{url: app.URL, client: b.Client, csrf: b.CSRF(t)}
}

// do sends one request and reads its answer; body, if not nil, is sent as
// JSON with the session's CSRF token, as the pages' scripts do.
func (a *agent) do(ctx context.Context, op, method, path string, body any) sample {
	ctx, cancel := context.WithTimeout(ctx, requestCap)
	defer cancel()
	var r io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		r = strings.NewReader(string(raw))
	}
	req, _ := http.NewRequestWithContext(ctx, method, a.url+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", a.csrf)
	}
	return a.send(op, req)
}

// submit posts a page's form with the session's CSRF token, as a browser
// showing the page in English does.
func (a *agent) submit(ctx context.Context, op, path string, form url.Values) sample {
	ctx, cancel := context.WithTimeout(ctx, requestCap)
	defer cancel()
	form.Set("csrf", a.csrf)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	return a.send(op, req)
}

// send sends a request and reads its whole answer.
func (a *agent) send(op string, req *http.Request) sample {
	s := sample{op: op, start: time.Now()}
	res, err := a.client.Do(req)
	if err != nil {
		s.end, s.err = time.Now(), err
		return s
	}
	defer res.Body.Close()
	s.requestID = res.Header.Get("X-Request-Id")
	raw, err := io.ReadAll(res.Body)
	s.end, s.status, s.err, s.body = time.Now(), res.StatusCode, err, raw
	if res.StatusCode >= 400 {
		s.problem = problemType(res, raw)
	}
	return s
}

// problemType is the type of a problem+json answer, or a note saying the
// answer was not one.
func problemType(res *http.Response, raw []byte) string {
	if res.Header.Get("Content-Type") != "application/problem+json" {
		return "not problem+json: " + res.Header.Get("Content-Type")
	}
	var p struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return "malformed problem+json"
	}
	return p.Type
}

// recorder keeps every sample of a drill, safe for concurrent agents.
type recorder struct {
	mu      sync.Mutex
	samples []sample
}

func (r *recorder) add(s sample) {
	s.body = nil
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples = append(r.samples, s)
}

// all returns the samples so far that keep is true of.
func (r *recorder) all(keep func(sample) bool) []sample {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []sample
	for _, s := range r.samples {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// count is how many samples keep is true of.
func (r *recorder) count(keep func(sample) bool) int { return len(r.all(keep)) }

// percentile is the p-th percentile (0–100) of the samples' latencies.
func percentile(ss []sample, p float64) time.Duration {
	if len(ss) == 0 {
		return 0
	}
	ds := make([]time.Duration, len(ss))
	for i, s := range ss {
		ds[i] = s.latency()
	}
	slices.Sort(ds)
	i := int(float64(len(ds)-1) * p / 100)
	return ds[i]
}

// slowest is the latency of the slowest sample.
func slowest(ss []sample) time.Duration {
	var d time.Duration
	for _, s := range ss {
		d = max(d, s.latency())
	}
	return d
}

// await polls cond until it holds or within passes, failing the test then.
func await(t *testing.T, within time.Duration, what string, cond func() bool) time.Time {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Now()
}

// summary says how many samples there were, by status.
func summary(ss []sample) string {
	by := map[string]int{}
	for _, s := range ss {
		key := fmt.Sprint(s.status)
		if s.err != nil {
			key = "no answer"
		}
		by[key]++
	}
	return fmt.Sprint(by)
}

// loggedErrors is the distinct errors the application logged, for the
// report of a failed drill.
func loggedErrors(app *apptest.App) []string {
	seen := map[string]bool{}
	var out []string
	for line := range strings.SplitSeq(app.Logs.String(), "\n") {
		var l struct{ Msg, Error string }
		if json.Unmarshal([]byte(line), &l) != nil || l.Error == "" || seen[l.Error] {
			continue
		}
		seen[l.Error] = true
		out = append(out, l.Msg+": "+l.Error)
	}
	return out[:min(20, len(out))]
}
