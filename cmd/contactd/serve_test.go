package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/internal/testdb"
	"contactd/lookup/upstream"
)

// servable is a complete, safe production configuration but for the
// database URL.
func servable(dbURL string) []string {
	return []string{"serve", "--database-url", dbURL, "--base-url", "https://contactd.example.org",
		"--oidc-issuer", "https://idp.example.org", "--oidc-client-id", "contactd",
		"--oidc-client-secret", "s3cret", "--session-key", strings.Repeat("ab", 32), "--addr", "127.0.0.1:0",
		"--registry-url", "http://127.0.0.1:9"}
}

func without(args []string, flag string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func with(args []string, flag, value string) []string {
	return append(without(args, flag), flag, value)
}

// TestServeRefusesMissingOrUnsafeSettings: each missing or unsafe setting
// stops serve with exit code 2 and one line naming the setting.
func TestServeRefusesMissingOrUnsafeSettings(t *testing.T) {
	t.Parallel()
	ok := servable("postgres://127.0.0.1:1/none")
	cases := map[string][]string{}
	for _, f := range []string{"database-url", "base-url", "oidc-issuer", "oidc-client-id", "oidc-client-secret", "session-key", "registry-url"} {
		cases[f] = without(ok, "--"+f)
	}
	cases["database-url "] = with(ok, "--database-url", "sqlite:x.db")
	cases["base-url "] = with(ok, "--base-url", "http://contactd.example.org")
	cases["oidc-issuer "] = with(ok, "--oidc-issuer", "http://idp.example.org")
	cases["session-key "] = with(ok, "--session-key", "short")
	cases["oidc-min-acr"] = with(ok, "--oidc-min-acr", "urn:unknown")
	cases["session-max"] = with(ok, "--session-max", "1m")
	cases["ticket-due"] = with(ok, "--ticket-due", "5m")
	cases["consult-limit"] = with(ok, "--consult-limit", "-1")
	cases["sampling-confidence"] = with(ok, "--sampling-confidence", "1.5")
	cases["sampling-tolerable-rate"] = with(ok, "--sampling-tolerable-rate", "0")
	cases["working-hours"] = with(ok, "--working-hours", "18-8")
	cases["registry-url "] = with(ok, "--registry-url", "https://registry.example.org") // mutual TLS needs a certificate
	cases["registry-url  "] = with(ok, "--registry-url", "http://registry.example.org")
	cases["registry-cert"] = append(with(ok, "--registry-cert", "/nonexistent/cert.pem"), "--registry-key", "/nonexistent/key.pem")
	cases["registry-legal-context"] = with(ok, "--registry-legal-context", "CSSS 16/046")
	cases["registry-key"] = with(ok, "--registry-cert", "/nonexistent/cert.pem")
	cases["registry-timeout"] = with(ok, "--registry-timeout", "0s")
	for setting, args := range cases {
		code, _, stderr := cli(t, args...)
		require.Equal(t, 2, code, setting)
		line := oneLine(t, stderr)
		name := strings.TrimSpace(setting)
		require.Contains(t, line, fmt.Sprintf("--%s (%s)", name, envName(name)), setting)
	}
}

// TestServeAllowsExplicitInsecureHTTP: the override is explicit.
func TestServeAllowsExplicitInsecureHTTP(t *testing.T) {
	t.Parallel()
	c := Config{}
	_, err := c.parse("serve", append(with(servable("postgres://x"), "--base-url", "http://10.1.2.3"), "--allow-insecure-http")[1:])
	require.NoError(t, err)
	require.NoError(t, c.validateServe())
	c.AllowInsecureHTTP = false
	require.ErrorIs(t, c.validateServe(), errUsage)
	c.BaseURL = "http://127.0.0.1:8080"
	require.NoError(t, c.validateServe(), "plain http on loopback is fine")
}

// TestServeRefusesSchemaBehind: serve will not start on a database whose
// migrations are not all applied.
func TestServeRefusesSchemaBehind(t *testing.T) {
	t.Parallel()
	code, _, stderr := cli(t, servable(testdb.PostgresURL(t))...)
	require.Equal(t, 1, code)
	require.Contains(t, oneLine(t, stderr), "schema is behind: run `contactd migrate up`")
}

// TestServeRunsAndStopsGracefully: with a migrated database serve answers,
// never serves the development provider, and SIGTERM (context end) stops it
// with exit code 0.
func TestServeRunsAndStopsGracefully(t *testing.T) {
	t.Parallel()
	dbURL := testdb.PostgresURL(t)
	code, _, stderr := cli(t, "migrate", "up", "--database-url", dbURL)
	require.Equal(t, 0, code, stderr)
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var out, errb safeBuffer
	m := &Main{Stdout: &out, Stderr: &errb, OnListen: func(a string) { addr <- a }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, with(servable(dbURL), "--base-url", "http://127.0.0.1:8080")) }()
	base := "http://" + waitAddr(t, addr, done)
	for _, src := range []any{m.Sources.Identity, m.Sources.Career, m.Sources.Pension} {
		require.IsType(t, &upstream.Client{}, src, "serve consults the registry, never the demo population")
	}
	res, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	res, err = http.Get(base + "/devidp/.well-known/openid-configuration")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusNotFound, res.StatusCode, "serve never serves the development provider")
	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	require.Contains(t, errb.String(), `"msg":"shutting down"`, "serve logs JSON")
}

func waitAddr(t *testing.T, addr <-chan string, done <-chan int) string {
	t.Helper()
	select {
	case a := <-addr:
		return a
	case code := <-done:
		t.Fatalf("exited with %d before listening", code)
	case <-time.After(30 * time.Second):
		t.Fatal("not listening after 30 s")
	}
	return ""
}
