package lookup_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/lookup"
	"contactd/lookup/upstream"
	"contactd/tickets"
)

// legalContext is a synthetic deliberation reference, not the default, so
// that the requests are seen to carry the setting.
const legalContext = "CSSS/99/001"

// sentRequest is one request as the fake registry received it.
type sentRequest struct {
	path   string
	header http.Header
	body   string
}

// fakeRegistry answers every kind for the number asked, fails the first
// career attempt (so that a retry is seen), and keeps every request.
type fakeRegistry struct {
	mu   sync.Mutex
	sent []sentRequest
}

func (r *fakeRegistry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.sent = append(r.sent, sentRequest{path: req.URL.Path, header: req.Header.Clone(), body: string(body)})
	r.mu.Unlock()
	first := req.URL.Path == "/v1/career" && len(r.byPath("/v1/career")) == 1
	w.Header().Set("Content-Type", "application/json")
	if first {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{}`)
		return
	}
	var q struct{ INSZ string }
	json.Unmarshal(body, &q)
	io.WriteString(w, strings.ReplaceAll(registryAnswers[req.URL.Path], "ASKED", q.INSZ))
}

// byPath lists the requests received on path, or all with "".
func (r *fakeRegistry) byPath(path string) []sentRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []sentRequest
	for _, s := range r.sent {
		if path == "" || s.path == path {
			out = append(out, s)
		}
	}
	return out
}

// registryAnswers are synthetic answers, one per path.
var registryAnswers = map[string]string{
	"/v1/identity": `{"insz":"ASKED","last_name":"Testperson","first_name":"Example","sex":"male","birth_date":"1985-07-30",
		"birth_place":"Testville","address":{"street":"Example Street","number":"1","postal_code":"1000","municipality":"Testville","country":"BE"}}`,
	"/v1/career":                `{"insz":"ASKED","periods":[]}`,
	"/v1/supplementary-pension": `{"insz":"ASKED","reference_date":"2025-01-01","plans":[]}`,
}

// transportHeaders are the headers Go's client adds on its own.
var transportHeaders = []string{"Accept-Encoding", "Content-Length", "User-Agent"}

// TestRegistryRequestsMatchingTheirRecords: every request to the registry
// carries the legal context of the setting and, for its consultation, the
// network id, request id, reason and agent that the consultation's row
// holds — the same on every attempt — and nothing of the ticket: no header
// and no byte of the body names it (§7).
func TestRegistryRequestsMatchingTheirRecords(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db, lookup.Options{})
		reg := &fakeRegistry{}
		srv := httptest.NewServer(reg)
		t.Cleanup(srv.Close)
		client, err := upstream.New(upstream.Config{BaseURL: srv.URL, LegalContext: legalContext, Backoff: time.Millisecond, Timeout: 5 * time.Second})
		require.NoError(t, err)
		svc := lookup.NewService(db, f.tickets, lookup.Sources{Identity: client, Career: client, Pension: client},
			lookup.Options{FailureCode: upstream.Reason})

		inRequest := func(id string) audit.Actor { a := agent; a.RequestID = id; return a }
		tk, err := svc.CreateTicket(as(inRequest("req-create")), tickets.NewTicket{Portal: tickets.PortalMyCareer, Channel: tickets.ChannelPhone,
			Purpose: tickets.PurposeContentQuestion, Subject: "Missing period", Check: &tickets.ControlCheck{Put: 2, Passed: true}}, f.demo.Citizen(3).String())
		require.NoError(t, err)
		_, err = svc.Consult(as(inRequest("req-career")), tk.Ref, lookup.KindCareer, lookup.ReasonErrorReport)
		require.NoError(t, err)
		_, err = svc.Consult(as(inRequest("req-pension")), tk.Ref, lookup.KindSupplementaryPension, lookup.ReasonComplaint)
		require.NoError(t, err)

		rows := f.consultations(t)
		require.Len(t, rows, 3)
		paths := map[string]string{"identity": "/v1/identity", "career": "/v1/career", "supplementary_pension": "/v1/supplementary-pension"}
		attempts := map[string]int{"identity": 1, "career": 2, "supplementary_pension": 1}
		for _, row := range rows {
			sent := reg.byPath(paths[row.Kind])
			require.Len(t, sent, attempts[row.Kind], row.Kind)
			want := map[string]string{"X-Legal-Context": legalContext, "X-Consultation-ID": row.NetworkID(),
				"X-Request-ID": row.RequestID, "X-Reason": row.Reason, "X-Agent-ID": row.NetworkAgent()}
			for _, s := range sent {
				for name, value := range want {
					require.Equal(t, value, s.header.Get(name), "%s: %s", row.Kind, name)
				}
			}
			require.Equal(t, "user:101", row.NetworkAgent())
		}
		require.Equal(t, "req-create.identity", rows[0].NetworkID())
		require.Equal(t, []string{"identification", "error_report", "complaint"}, []string{rows[0].Reason, rows[1].Reason, rows[2].Reason})

		allowed := append([]string{"Accept", "Content-Type", "X-Legal-Context", "X-Consultation-Id", "X-Request-Id", "X-Reason", "X-Agent-Id"}, transportHeaders...)
		for _, s := range reg.byPath("") {
			require.JSONEq(t, `{"insz":"`+f.demo.Citizen(3).String()+`"}`, s.body, "the body is the number alone")
			require.NotContains(t, s.body, tk.Ref)
			for name, values := range s.header {
				require.Contains(t, allowed, name, "no header beyond the contract's")
				require.NotContains(t, strings.ToLower(name), "ticket")
				for _, v := range values {
					require.NotContains(t, v, tk.Ref, name)
				}
			}
		}
	})
}
