package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// In the Crossroads Bank network every exchange is logged at both ends.
// The matching list is our end of one period, in the registry's terms, so
// that its operator can match the two logs entry for entry: a request in
// their log that is missing from ours was not made by this application.
// docs/REGISTRY.md ("Matching the two logs") is its contract.

// NetworkID is the consultation's identifier as the registry receives it
// (X-Consultation-ID): the request id and the kind, both stored in the
// consultation's row, so that it stays derivable from the row forever. It
// cannot be the row's id: the row is numbered when it is inserted, after
// the registry has answered (migration 0004 numbers entries under the
// sealer's lock), and it is never updated.
func (c Consultation) NetworkID() string {
	return c.RequestID + "." + c.Kind
}

// NetworkAgent is who consulted, as the registry is told (X-Agent-ID):
// "user:<id>" for a member of staff, by our users' id — a pseudonym only
// we can resolve, never their national number — or "system:<client>" for
// a system client such as the citizen portal; "" when neither is known,
// and then the registry is not asked.
func (c Consultation) NetworkAgent() string {
	switch {
	case c.UserID != nil:
		return "user:" + strconv.FormatInt(*c.UserID, 10)
	case strings.HasPrefix(c.Role, "system:"):
		return c.Role
	}
	return ""
}

// neverSent are the failure codes (lookup/upstream.Reason) of
// consultations the client stopped before any request left: the registry's
// log cannot hold them.
var neverSent = []string{"circuit_open", "untraceable"}

// MatchingEntry is one line of the matching list: what the registry's log
// holds of one request, and how it ended for us. It holds neither the
// ticket (§7: no link from the administrative dossier to the contact
// dossier) nor the citizen: the consultation id matches the lines, and
// every other column checks the match.
type MatchingEntry struct {
	ConsultationID string
	At             time.Time
	LegalContext   string
	Kind           string
	Reason         string
	Agent          string
	RequestID      string
	Outcome        ConsultationOutcome
	Detail         string
}

// Matching lists the consultations recorded in [from, to) that asked the
// registry, oldest first: found or not, failed after a request may have
// left, or refused after the registry answered (the ticket changed or was
// not saved meanwhile; only such refusals have a latency). legalContext is
// the setting the requests carried: it is a setting, not a column.
func Matching(ctx context.Context, db bun.IDB, from, to time.Time, legalContext string) ([]MatchingEntry, error) {
	var rows []Consultation
	err := db.NewSelect().Model(&rows).
		Column("id", "at", "user_id", "role", "kind", "reason", "outcome", "detail", "request_id").
		Where("at >= ? AND at < ?", from.UTC(), to.UTC()).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("outcome IN (?)", bun.In([]ConsultationOutcome{Found, NotFound})).
				WhereOr("outcome = ? AND detail NOT IN (?)", UpstreamError, bun.In(neverSent)).
				WhereOr("outcome = ? AND latency_us > 0", Denied)
		}).
		OrderExpr("at, id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: matching list: %w", err)
	}
	out := make([]MatchingEntry, len(rows))
	for i, c := range rows {
		out[i] = MatchingEntry{ConsultationID: c.NetworkID(), At: c.At, LegalContext: legalContext, Kind: c.Kind,
			Reason: c.Reason, Agent: c.NetworkAgent(), RequestID: c.RequestID, Outcome: c.Outcome, Detail: c.Detail}
	}
	return out, nil
}

// matchingColumns head the CSV, in the order WriteMatching writes them.
var matchingColumns = []string{"consultation_id", "at", "legal_context", "kind", "reason", "agent", "request_id", "outcome", "detail"}

// WriteMatching writes entries as CSV (RFC 4180, a header line, times in
// UTC to the microsecond, as both databases keep them). Values are written
// as they were sent, unescaped, so that they compare byte for byte.
func WriteMatching(w io.Writer, entries []MatchingEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(matchingColumns); err != nil {
		return err
	}
	for _, e := range entries {
		at := e.At.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
		if err := cw.Write([]string{e.ConsultationID, at, e.LegalContext, e.Kind, e.Reason, e.Agent, e.RequestID, string(e.Outcome), e.Detail}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
