package upstream

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/lookup"
)

// traceHeaders are the headers that trace a consultation across the
// network (docs/REGISTRY.md).
var traceHeaders = []string{"X-Legal-Context", "X-Consultation-ID", "X-Request-ID", "X-Reason", "X-Agent-ID"}

// seenTraces records the trace headers of every request a test registry
// receives, and fails the first two attempts of each call with a 503.
type seenTraces struct {
	mu   sync.Mutex
	seen []map[string]string
}

func (s *seenTraces) respond(w http.ResponseWriter, r *http.Request, n int) {
	got := map[string]string{}
	for _, h := range traceHeaders {
		got[h] = r.Header.Get(h)
	}
	s.mu.Lock()
	s.seen = append(s.seen, got)
	s.mu.Unlock()
	if n%3 != 0 {
		writeJSON(w, http.StatusServiceUnavailable, `{}`)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"/v1/identity": identityJSON, "/v1/career": careerJSON}[r.URL.Path])
}

// Every attempt of one consultation carries the same trace: the legal
// context of the setting, the consultation's network id, its request id,
// its reason — identification for the identity — and its agent.
func TestTraceSameOnEveryAttemptMatchingTheRecord(t *testing.T) {
	t.Parallel()
	var s seenTraces
	b := setup(t, s.respond, func(c *Config) { c.LegalContext = "CSSS/99/001" })
	_, err := b.client.Career(consulting(t), asked)
	require.NoError(t, err)
	portal := audit.WithActor(t.Context(), audit.Actor{System: "citizen-portal", RequestID: "fedcba9876543210"})
	_, err = b.client.Identity(portal, asked)
	require.NoError(t, err)

	career := map[string]string{"X-Legal-Context": "CSSS/99/001", "X-Consultation-ID": "0123456789abcdef.career",
		"X-Request-ID": "0123456789abcdef", "X-Reason": "citizen_question", "X-Agent-ID": "user:4242"}
	identity := map[string]string{"X-Legal-Context": "CSSS/99/001", "X-Consultation-ID": "fedcba9876543210.identity",
		"X-Request-ID": "fedcba9876543210", "X-Reason": "identification", "X-Agent-ID": "system:citizen-portal"}
	require.Equal(t, []map[string]string{career, career, career, identity, identity, identity}, s.seen)
}

// A consultation that cannot be traced — no request id, no agent, no
// reason, or one that could break a header — is refused before anything
// is sent, and does not count against the registry.
func TestUntraceableIsNotSent(t *testing.T) {
	t.Parallel()
	b := setup(t, registry(t, allKinds(t)), func(c *Config) { c.BreakerThreshold = 1 })
	agent := func(a audit.Actor) context.Context {
		return lookup.WithReason(audit.WithActor(t.Context(), a), lookup.ReasonCitizenQuestion)
	}
	cases := map[string]context.Context{
		"no actor":           lookup.WithReason(t.Context(), lookup.ReasonCitizenQuestion),
		"no request id":      agent(audit.Actor{UserID: 1, Role: audit.RoleFrontOffice}),
		"request id spaced":  agent(audit.Actor{UserID: 1, Role: audit.RoleFrontOffice, RequestID: "a b"}),
		"request id newline": agent(audit.Actor{UserID: 1, Role: audit.RoleFrontOffice, RequestID: "a\r\nX-Evil: 1"}),
		"request id long":    agent(audit.Actor{UserID: 1, Role: audit.RoleFrontOffice, RequestID: strings.Repeat("a", 129)}),
		"no agent":           agent(audit.Actor{Role: audit.RoleFrontOffice, RequestID: "r1"}),
		"no reason":          audit.WithActor(t.Context(), testAgent),
	}
	for name, ctx := range cases {
		_, err := b.client.Career(ctx, asked)
		requireFailure(t, err, ErrUntraceable)
		require.Equal(t, "untraceable", Reason(err), name)
	}
	require.Zero(t, b.calls.Load(), "nothing was sent")
	_, err := b.client.Career(consulting(t), asked)
	require.NoError(t, err, "the breaker did not open")
}
