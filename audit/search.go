package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Search selects entries of one log for the security adviser; zero fields
// select everything. Results come newest first, a page at a time.
type Search struct {
	Log       Log       `json:"log"`        // access_log (default) or consultations
	UserID    int64     `json:"user_id"`    // the agent
	Citizen   string    `json:"insz"`       // the citizen's national number
	TicketRef string    `json:"ticket_ref"` // the ticket
	From      time.Time `json:"from"`       // at or after
	To        time.Time `json:"to"`         // before
	What      string    `json:"what"`       // the action (access log) or the kind (consultations)
	Outcome   string    `json:"outcome"`
	Before    int64     `json:"before"` // the next page: entries older than this id
	Limit     int       `json:"limit"`  // 100 by default, 500 at most
}

// SearchResult is one page of a search.
type SearchResult struct {
	Access        []Entry        `json:"access,omitempty"`
	Consultations []Consultation `json:"consultations,omitempty"`
	// Next is the Before of the next page; 0 when this page is the last.
	Next int64 `json:"next,omitempty"`
}

// SearchLogs runs a search and logs it — every look at the logs is itself
// an access (O6), and a search by citizen is an access to that citizen.
func SearchLogs(ctx context.Context, db bun.IDB, s Search) (SearchResult, error) {
	var r SearchResult
	if _, err := adviser(ctx); err != nil {
		return r, err
	}
	if s.Log == "" {
		s.Log = AccessLog
	}
	if s.Log != AccessLog && s.Log != ConsultationLog {
		return r, fmt.Errorf("%w: log must be access_log or consultations", ErrBadSearch)
	}
	if s.Limit <= 0 || s.Limit > 500 {
		s.Limit = 100
	}
	q, what := db.NewSelect().Model(&r.Access), "action"
	if s.Log == ConsultationLog {
		q, what = db.NewSelect().Model(&r.Consultations), "kind"
	}
	citizenColumn := map[Log]string{AccessLog: "citizen", ConsultationLog: "insz"}[s.Log]
	for _, cond := range []struct {
		on    bool
		where string
		arg   any
	}{
		{s.UserID != 0, "user_id = ?", s.UserID},
		{s.Citizen != "", citizenColumn + " = ?", s.Citizen},
		{s.TicketRef != "", "ticket_ref = ?", strings.TrimSpace(s.TicketRef)},
		{!s.From.IsZero(), "at >= ?", s.From.UTC()},
		{!s.To.IsZero(), "at < ?", s.To.UTC()},
		{s.What != "", what + " = ?", s.What},
		{s.Outcome != "", "outcome = ?", s.Outcome},
		{s.Before != 0, "id < ?", s.Before},
	} {
		if cond.on {
			q = q.Where(cond.where, cond.arg)
		}
	}
	if err := q.OrderExpr("id DESC").Limit(int64(s.Limit + 1)).Scan(ctx); err != nil {
		return r, fmt.Errorf("audit: search: %w", err)
	}
	r.Next = r.trim(s.Limit)
	detail := fmt.Sprintf("log=%s user=%d ticket=%s what=%s outcome=%s", s.Log, s.UserID, s.TicketRef, s.What, s.Outcome)
	return r, Record(ctx, db, Entry{Action: "log_search", Citizen: s.Citizen, TicketRef: s.TicketRef, Detail: detail})
}

// ErrBadSearch is a search that cannot be run.
var ErrBadSearch = errors.New("audit: invalid search")

// trim cuts the extra row that says there is a next page.
func (r *SearchResult) trim(limit int) int64 {
	switch {
	case len(r.Access) > limit:
		r.Access = r.Access[:limit]
		return r.Access[limit-1].ID
	case len(r.Consultations) > limit:
		r.Consultations = r.Consultations[:limit]
		return r.Consultations[limit-1].ID
	}
	return 0
}
