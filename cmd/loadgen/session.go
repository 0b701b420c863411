package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// client is one simulated browser: a cookie jar and a connection pool of
// its own, redirects seen one by one, and the session's CSRF token once
// signed in.
type client struct {
	base    string
	http    *http.Client
	timeout time.Duration
	csrf    string
}

func newClient(base string, timeout time.Duration) *client {
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{Timeout: timeout, Control: loopbackOnly}
	transport := &http.Transport{
		DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4,
		IdleConnTimeout: 90 * time.Second, ForceAttemptHTTP2: false,
	}
	return &client{base: strings.TrimSuffix(base, "/"), timeout: timeout, http: &http.Client{
		Jar: jar, Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// loopbackOnly refuses, at the socket, any address off this machine —
// whatever a name resolved to or a redirect pointed at.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("dial %s: %w", address, errNotLoopback)
	}
	return nil
}

// answer is a finished response.
type answer struct {
	status   int
	location string
	body     []byte
}

// send sends one request and reads its answer whole. It runs on a context
// that the end of the run does not cancel, so a request in flight when the
// run ends completes and is counted rather than failing.
func (c *client) send(ctx context.Context, method, path string, body io.Reader, contentType string) (answer, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
	defer cancel()
	target := path
	if strings.HasPrefix(path, "/") {
		target = c.base + path
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, location: res.Header.Get("Location"), body: raw}, err
}

// api sends a JSON call (body nil for none) as the pages' scripts do.
func (c *client) api(ctx context.Context, method, path string, body any) (answer, error) {
	if body == nil {
		return c.send(ctx, method, path, nil, "")
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return answer{}, err
	}
	return c.send(ctx, method, path, bytes.NewReader(raw), "application/json")
}

func (c *client) form(ctx context.Context, target string, form url.Values) (answer, error) {
	return c.send(ctx, http.MethodPost, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// signIn signs in as username the way a browser does: the sign-in button,
// the provider's form, the callback, then the CSRF token from /api/v1/me
// and the staff notice acknowledged (§16), without which nothing opens.
// It returns the role the session holds.
func (c *client) signIn(ctx context.Context, username string) (string, error) {
	c.csrf = ""
	res, err := c.form(ctx, "/auth/login", url.Values{"next": {"/"}})
	if err := expect(res, err, "POST /auth/login", http.StatusSeeOther); err != nil {
		return "", err
	}
	authorize, err := url.Parse(res.location)
	if err != nil {
		return "", fmt.Errorf("provider address %q: %w", res.location, err)
	}
	fields := authorize.Query()
	fields.Set("username", username)
	authorize.RawQuery = ""
	res, err = c.form(ctx, authorize.String(), fields)
	if err := expect(res, err, "provider sign-in as "+username, http.StatusFound); err != nil {
		return "", err
	}
	res, err = c.send(ctx, http.MethodGet, res.location, nil, "")
	if err := expect(res, err, "GET /auth/callback", http.StatusSeeOther); err != nil {
		return "", err
	}
	return c.openSession(ctx)
}

// openSession reads the session's CSRF token and acknowledges the staff
// notice if it is still due.
func (c *client) openSession(ctx context.Context) (string, error) {
	res, err := c.send(ctx, http.MethodGet, "/api/v1/me", nil, "")
	if err := expect(res, err, "GET /api/v1/me", http.StatusOK); err != nil {
		return "", err
	}
	var me struct {
		Role  string `json:"role"`
		CSRF  string `json:"csrf_token"`
		Acked bool   `json:"notice_acknowledged"`
	}
	if err := json.Unmarshal(res.body, &me); err != nil || me.CSRF == "" {
		return "", fmt.Errorf("GET /api/v1/me: no CSRF token in %.200q", res.body)
	}
	if !me.Acked {
		res, err = c.form(ctx, "/notice", url.Values{"csrf": {me.CSRF}})
		if err := expect(res, err, "POST /notice", http.StatusSeeOther); err != nil {
			return "", err
		}
	}
	c.csrf = me.CSRF
	return me.Role, nil
}

// expect turns a transport error or an unexpected status into an error
// that names the step.
func expect(res answer, err error, step string, status int) error {
	if err != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	if res.status != status {
		return fmt.Errorf("%s: status %d, want %d: %.300s", step, res.status, status, res.body)
	}
	return nil
}
