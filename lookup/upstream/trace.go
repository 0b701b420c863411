package upstream

import (
	"context"
	"net/http"
	"strings"

	"contactd/audit"
	"contactd/lookup"
)

// Bounds of the values a request carries, so that none can break or
// smuggle a header, nor grow without limit (docs/REGISTRY.md).
const (
	maxLegalContextLen   = 64
	maxRequestIDLen      = 128
	maxConsultationIDLen = 160
	maxReasonLen         = 32
	maxAgentLen          = 128
)

// trace is what the registry is told about one consultation besides the
// number: in the Crossroads Bank network every exchange is checked against
// its authorisation beforehand and logged at both ends. Every attempt of
// the consultation carries the same trace. It names neither the ticket
// nor anything of it (§7: no technical link between the contact dossier
// and the administrative dossier).
type trace struct {
	legalContext   string // the deliberation the consultation is made under
	consultationID string // our record's network id (audit.Consultation.NetworkID)
	requestID      string // the web request that caused it
	reason         lookup.Reason
	agent          string // audit.Consultation.NetworkAgent
}

// traceOf builds the trace of a consultation of kind made with ctx. It
// stamps a scratch record from ctx's actor exactly as the consultation's
// own record will be stamped, so that every value sent is what our log
// keeps. A consultation without a valid request id, agent or reason is
// untraceable: it is refused before anything is sent.
func (c *Client) traceOf(ctx context.Context, kind lookup.Kind) (trace, error) {
	reason, _ := lookup.ReasonOf(ctx, kind)
	var rec audit.Consultation
	audit.PrepareConsultation(ctx, &rec)
	rec.Kind = string(kind)
	t := trace{legalContext: c.cfg.LegalContext, consultationID: rec.NetworkID(), requestID: rec.RequestID,
		reason: reason, agent: rec.NetworkAgent()}
	var missing []string
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"request id", t.requestID, maxRequestIDLen},
		{"consultation id", t.consultationID, maxConsultationIDLen},
		{"reason", string(t.reason), maxReasonLen},
		{"agent", t.agent, maxAgentLen},
	} {
		if !headerSafe(f.value, f.max) {
			missing = append(missing, f.name)
		}
	}
	if missing != nil {
		return trace{}, &failure{kind: kind, reason: ErrUntraceable,
			detail: "no valid " + strings.Join(missing, ", ") + ": nothing was sent"}
	}
	return t, nil
}

// set writes the trace on a request's headers.
func (t trace) set(h http.Header) {
	h.Set("X-Legal-Context", t.legalContext)
	h.Set("X-Consultation-ID", t.consultationID)
	h.Set("X-Request-ID", t.requestID)
	h.Set("X-Reason", string(t.reason))
	h.Set("X-Agent-ID", t.agent)
}

// headerSafe accepts 1 to max bytes of printable ASCII without spaces.
func headerSafe(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
