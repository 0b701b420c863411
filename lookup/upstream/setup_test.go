package upstream

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/insz"
	"contactd/internal/testclock"
	"contactd/lookup"
)

// Synthetic, checksum-valid numbers made by code: the one asked, and
// someone else.
var (
	asked   = insz.Generate(rand.New(rand.NewPCG(85, 7)), insz.GenerateOptions{Born: time.Date(1985, 7, 30, 0, 0, 0, 0, time.UTC)})
	someone = insz.Generate(rand.New(rand.NewPCG(90, 1)), insz.GenerateOptions{Born: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)})
)

// testAgent is the agent whose web request makes the tests'
// consultations, as the web layer puts them in a request's context.
var testAgent = audit.Actor{UserID: 4242, Role: audit.RoleFrontOffice, Institution: "contact_centre", RequestID: "0123456789abcdef"}

// consulting is the context lookup.Service calls the client with: the
// agent's request, and the reason of the consultation.
func consulting(t *testing.T) context.Context {
	return lookup.WithReason(audit.WithActor(t.Context(), testAgent), lookup.ReasonCitizenQuestion)
}

// withAsked writes the number asked into an answer's text, where it says ASKED.
func withAsked(text string) string { return strings.ReplaceAll(text, "ASKED", string(asked)) }

// bundle is one test's registry and client.
type bundle struct {
	client *Client
	server *httptest.Server
	calls  atomic.Int32 // requests the registry received
	clock  *testclock.Clock
}

// respond answers the n-th request (1-based) the test registry receives.
type respond func(w http.ResponseWriter, r *http.Request, n int)

// setup starts a registry that requires a client certificate from the test
// authority, and a client configured for fast tests; tune adjusts the
// client's configuration before New.
func setup(t *testing.T, h respond, tune ...func(*Config)) *bundle {
	t.Helper()
	p := pki(t)
	b := &bundle{clock: testclock.At(time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC))}
	b.server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, int(b.calls.Add(1)))
	}))
	b.server.TLS = &tls.Config{
		MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{p.server},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: p.pool,
	}
	// Refused handshakes are expected in some tests; keep them off stderr.
	b.server.Config.ErrorLog = log.New(io.Discard, "", 0)
	b.server.StartTLS()
	t.Cleanup(b.server.Close)
	cfg := Config{
		BaseURL: b.server.URL, Certificate: p.client, RootCAs: p.pool,
		Timeout: time.Second, Attempts: 3, Backoff: time.Millisecond,
		BreakerThreshold: 100, BreakerCooldown: time.Minute, Now: b.clock.Now,
	}
	for _, f := range tune {
		f(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	b.client = c
	return b
}

// reply answers every request with status and body as JSON.
func reply(status int, body string) respond {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, status, body)
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// notFoundBody is the contract's 404 body for an unknown person.
const notFoundBody = `{"error":"not_found"}`

// registry checks that each request follows the contract, then answers
// with the body registered for its path.
func registry(t *testing.T, bodies map[string]string) respond {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		for _, h := range []string{"X-Legal-Context", "X-Consultation-ID", "X-Request-ID", "X-Reason", "X-Agent-ID"} {
			assert.NotEmpty(t, r.Header.Get(h), h)
		}
		assert.Empty(t, r.URL.RawQuery, "the number must never travel in the URL")
		var q map[string]string
		assert.NoError(t, json.NewDecoder(r.Body).Decode(&q))
		assert.Equal(t, map[string]string{"insz": asked.String()}, q)
		body, ok := bodies[r.URL.Path]
		if !ok {
			writeJSON(w, http.StatusNotFound, notFoundBody)
			return
		}
		writeJSON(w, http.StatusOK, body)
	}
}
