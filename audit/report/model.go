package report

import "time"

// Run is the sampling run being exported, as the caller has read it.
type Run struct {
	ID                        int64
	PeriodStart, PeriodEnd    time.Time
	Scope                     string
	Seed                      string
	Confidence, TolerableRate float64
	Population                int64
	SampleSize                int
	Status                    string
	CreatedAt                 time.Time
	ClosedAt                  *time.Time
	// Statement is the run's statistical conclusion, worded by the caller
	// (e.g. "0 of 59 unjustified: with 95% confidence fewer than 4.96% …"):
	// its bound rests on the random sample alone, the items chosen beside
	// it counted after it.
	Statement string
	// Reviewed and Unjustified count every item with a final verdict,
	// whatever why it is in the run: the review's progress and the
	// follow-ups it opened, not the sample (the Summary counts the random
	// sample and the chosen items apart, from the items themselves).
	Reviewed, Unjustified int
}

// Item is one consultation in the run's sample: why it is there, who made
// it and on what grounds, the hard rules it breaks (Findings), the risks it
// shows (Flags) and the adviser's verdict.
type Item struct {
	ID, ConsultationID int64
	Why                string // random, hard_rule, flagged
	At                 time.Time
	Agent              string
	AgentID            int64
	Role               string
	Institution        string
	Kind               string
	Reason             string
	Outcome            string
	TicketRef          string
	INSZ               string
	Findings           []string
	Flags              []string
	Verdict            string
	Comment            string
	ReviewedBy         string
	ReviewedAt         *time.Time
}

// AgentRow is one agent's share of the period: how many consultations they
// made, how many were sampled, hit a hard rule, were flagged, or judged
// unjustified.
type AgentRow struct {
	Agent         string
	AgentID       int64
	Consultations int64
	Sampled       int
	Findings      int
	Flagged       int
	Unjustified   int
}
