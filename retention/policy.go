package retention

import (
	"time"
)

// Policy is how long each kind of data is kept (O13). The periods are
// settings (--retain-closed-tickets, --retain-quarantine, --retain-logs);
// DefaultPolicy states the defaults, which docs/OPERATIONS.md argues.
type Policy struct {
	// ClosedTickets: the citizen's identity and every free text of a
	// ticket closed longer ago are erased.
	ClosedTickets Period
	// Quarantine: an e-mail that could not be read, and so never named
	// its citizen, is deleted this long after it arrived.
	Quarantine Period
	// Logs: access-log and consultation-log entries older than this are
	// removed, in whole sealed batches behind a signed horizon.
	Logs Period
}

// DefaultPolicy is 24 months after closing for tickets, 90 days for the
// quarantine and 10 years for the logs.
func DefaultPolicy() Policy {
	return Policy{ClosedTickets: Period{Months: 24}, Quarantine: Period{Days: 90}, Logs: Period{Years: 10}}
}

// Validate refuses a period that keeps nothing, and logs that would go
// before the tickets they account for: the adviser must be able to check
// every consultation against its ticket for as long as the ticket exists
// (§9, §15).
func (p Policy) Validate() error {
	for _, f := range []struct {
		field string
		p     Period
	}{{"retain-closed-tickets", p.ClosedTickets}, {"retain-quarantine", p.Quarantine}, {"retain-logs", p.Logs}} {
		if !f.p.Positive() {
			return &ValidationError{Field: f.field, Message: "must be a positive period, e.g. 90d, 24mo, 10y"}
		}
	}
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if p.Logs.Before(epoch).After(p.ClosedTickets.Before(epoch)) {
		return &ValidationError{Field: "retain-logs", Message: "must be at least as long as --retain-closed-tickets: the logs account for the tickets"}
	}
	return nil
}

// Rule is one line of the policy, for display: what is kept, how long,
// and what happens then. Category is a stable key that pages translate.
type Rule struct {
	Category string `json:"category"`
	Period   string `json:"period"` // "24mo", or "" when not a period of ours
	Applies  string `json:"applies"`
}

// The categories of data a policy governs.
const (
	CategoryTickets       = "tickets"
	CategoryQuarantine    = "quarantine"
	CategorySessions      = "sessions"
	CategoryJobs          = "jobs"
	CategoryAccessLog     = "access_log"
	CategoryConsultations = "consultations"
)

// Rules describes the policy in force, in English, for pages and the API.
func (p Policy) Rules() []Rule {
	return []Rule{
		{CategoryTickets, p.ClosedTickets.String(), "After a ticket is closed this long, the citizen's identity and every free text (subject, request, sender, notes and answers) are erased; the reference, dates, channel, portal, purpose, statuses and institution stay for statistics."},
		{CategoryQuarantine, p.Quarantine.String(), "An e-mail that could not be read is deleted this long after it arrived."},
		{CategorySessions, "", "Ended sessions and sign-in requests are deleted at once by the session sweep (every 15 minutes)."},
		{CategoryJobs, "", "Finished background jobs carry no personal data and are deleted by River's own maintenance, on its default schedule."},
		{CategoryAccessLog, p.Logs.String(), "Access-log entries older than this are removed in whole sealed batches; a signed horizon marks where the verifiable history begins."},
		{CategoryConsultations, p.Logs.String(), "Consultation-log entries older than this are removed in the same way."},
	}
}
