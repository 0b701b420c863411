package report

import (
	"errors"
	"fmt"
	"iter"
	"time"
)

// testRun is a closed run of January 2026 whose scope starts like a formula.
func testRun() Run {
	closed := time.Date(2026, 2, 3, 16, 0, 0, 0, time.UTC)
	return Run{
		ID: 42, PeriodStart: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		PeriodEnd: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Scope: "=cmd|' /C calc'!A0",
		Seed: "1f2e3d", Confidence: 0.95, TolerableRate: 0.05, Population: 12345,
		SampleSize: 59, Status: "closed", CreatedAt: time.Date(2026, 2, 2, 8, 30, 0, 0, time.UTC),
		ClosedAt:  &closed,
		Statement: "0 of 59 unjustified: with 95% confidence fewer than 4.96% of the period's consultations were unjustified",
		Reviewed:  59, Unjustified: 0,
	}
}

// hostileItem is an item whose every text field is something a spreadsheet
// would run, or that XML cannot carry; its times are in Brussels time, to
// check that they come out in UTC.
func hostileItem() Item {
	brussels := time.FixedZone("CET", 3600)
	reviewed := time.Date(2026, 2, 2, 10, 0, 0, 0, brussels)
	return Item{
		ID: 7, ConsultationID: 7007, Why: "=why", At: time.Date(2026, 1, 5, 10, 12, 30, 0, brussels),
		Agent: `=HYPERLINK("http://evil.example","x")`, AgentID: 3, Role: "+role", Institution: "-inst",
		Kind: "@SUM(A1)", Reason: "\tTAB", Outcome: "\rCR", TicketRef: "T-1\x00NUL\x01", INSZ: "85073100123",
		Findings: []string{"=finding"}, Flags: []string{"-flag", "high_volume"},
		Verdict: "not_justified", Comment: "ok\r\nsecond line", ReviewedBy: "@adviser", ReviewedAt: &reviewed,
	}
}

// testItems yields hostileItem, then n-1 ordinary items: one in ten breaks
// a hard rule, one in five is flagged, half are reviewed.
func testItems(n int) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		if n > 0 && !yield(hostileItem()) {
			return
		}
		start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
		for i := 1; i < n; i++ {
			if !yield(ordinaryItem(i, start)) {
				return
			}
		}
	}
}

func ordinaryItem(i int, start time.Time) Item {
	it := Item{
		ID: int64(1000 + i), ConsultationID: int64(50000 + i), Why: "random",
		At: start.Add(time.Duration(i) * 17 * time.Second), Agent: fmt.Sprintf("Agent %d", i%40),
		AgentID: int64(i % 40), Role: "front_office", Institution: "RVA-ONEM", Kind: "career",
		Reason: "Citizen called about their file", Outcome: "found",
		TicketRef: fmt.Sprintf("T-2026-%06d", i), INSZ: fmt.Sprintf("%011d", 85010100000+i),
	}
	if i%10 == 0 {
		it.Why, it.Findings = "hard_rule", []string{"no_ticket"}
	}
	if i%5 == 0 {
		it.Flags = []string{"outside_working_hours", "fresh_ticket"}
	}
	if i%2 == 0 {
		at := it.At.Add(48 * time.Hour)
		it.Verdict, it.Comment, it.ReviewedBy, it.ReviewedAt = "justified", "Ticket on file", "Adviser 1", &at
	}
	return it
}

// testAgents is the Per agent sheet of testItems, near enough.
func testAgents() []AgentRow {
	return []AgentRow{
		{Agent: "+Agent Plus", AgentID: 3, Consultations: 1200, Sampled: 12, Findings: 1, Flagged: 2, Unjustified: 1},
		{Agent: "Agent 1", AgentID: 1, Consultations: 800, Sampled: 5},
	}
}

var errWrite = errors.New("disk full")

// failingWriter is a destination that refuses every byte.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }
