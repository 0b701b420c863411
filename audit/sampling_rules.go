package audit

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// SamplingOptions set a run's statistics and risk thresholds; zero fields
// take the defaults stated beside them.
type SamplingOptions struct {
	Confidence    float64        // 0.95
	TolerableRate float64        // 0.05: with the above, 59 items
	FlaggedShare  float64        // 0.2 of the flagged items join the sample…
	FlaggedMin    int            // …and at least 5 of them
	WorkStart     int            // 8: working hours begin (local time)…
	WorkEnd       int            // 18: …and end
	Location      *time.Location // Europe/Brussels
	VolumeFactor  float64        // 3: an agent above 3× their peers' median
	ManyTickets   int            // 3: a citizen consulted within 3 tickets or more
	FreshTicket   time.Duration  // 2m: a ticket created that shortly before
}

func (o SamplingOptions) withDefaults() SamplingOptions {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Confidence, 0.95)
	def(&o.TolerableRate, 0.05)
	def(&o.FlaggedShare, 0.2)
	def(&o.VolumeFactor, 3)
	if o.FlaggedMin == 0 {
		o.FlaggedMin = 5
	}
	if o.WorkEnd == 0 {
		o.WorkStart, o.WorkEnd = 8, 18
	}
	if o.Location == nil {
		o.Location, _ = time.LoadLocation("Europe/Brussels")
		if o.Location == nil {
			o.Location = time.UTC
		}
	}
	if o.ManyTickets == 0 {
		o.ManyTickets = 3
	}
	if o.FreshTicket == 0 {
		o.FreshTicket = 2 * time.Minute
	}
	return o
}

// checked is one consultation of the period with what the database says
// about it; the hard rules are decided in SQL, on every consultation.
type checked struct {
	ID          int64     `bun:"id"`
	At          time.Time `bun:"at"`
	UserID      int64     `bun:"user_id"`
	Role        string    `bun:"role"`
	Kind        string    `bun:"kind"`
	INSZ        string    `bun:"insz"`
	TicketID    int64     `bun:"ticket_id"`
	NoTicket    bool      `bun:"no_ticket"`
	TicketAfter bool      `bun:"ticket_after"`
	Other       bool      `bun:"other_citizen"`
	Closed      bool      `bun:"ticket_closed"`
	OwnNumber   bool      `bun:"own_number"`
	Lone        bool      `bun:"lone"`
	CreatedAt   time.Time `bun:"ticket_created_at"`
	LastName    string    `bun:"last_name"`
	AgentName   string    `bun:"agent_name"`
}

// periodQuery selects the consultations that showed data in a period, with
// the hard rules of §9 evaluated against their tickets at the time.
const periodQuery = `SELECT c.id, c.at, coalesce(c.user_id, 0) AS user_id, c.role, c.kind, c.insz, coalesce(c.ticket_id, 0) AS ticket_id,
  t.id IS NULL AS no_ticket,
  coalesce(t.created_at > c.at, false) AS ticket_after,
  coalesce(t.insz <> c.insz, true) AS other_citizen,
  coalesce((SELECT a.kind FROM ticket_actions a WHERE a.ticket_id = c.ticket_id AND a.kind IN ('closed', 'reopened') AND a.at < c.at
            ORDER BY a.at DESC, a.id DESC LIMIT 1) = 'closed', false) AS ticket_closed,
  coalesce(u.national_number = c.insz, false) AS own_number,
  NOT EXISTS (SELECT 1 FROM ticket_actions a WHERE a.ticket_id = c.ticket_id
              AND a.kind NOT IN ('created', 'consultation', 'identified', 'identity_verified')) AS lone,
  coalesce(t.created_at, c.at) AS ticket_created_at, coalesce(t.last_name, '') AS last_name, coalesce(u.display_name, '') AS agent_name
FROM consultations c
LEFT JOIN tickets t ON t.id = c.ticket_id
LEFT JOIN users u ON u.id = c.user_id
WHERE c.at >= ? AND c.at < ? AND c.outcome = 'found' AND (? = 'all' OR c.institution_code = ?)
ORDER BY c.id`

func periodConsultations(ctx context.Context, db bun.IDB, start, end time.Time, scope string) ([]checked, error) {
	var out []checked
	err := db.NewRaw(periodQuery, start.UTC(), end.UTC(), scope, scope).Scan(ctx, &out)
	return out, err
}

// findings are the hard rules a consultation breaks: each is an automatic
// finding, reviewed whatever the draw.
func (c checked) findings() []string {
	var out []string
	add := func(cond bool, code string) {
		if cond {
			out = append(out, code)
		}
	}
	add(c.NoTicket, "no_ticket")
	add(!c.NoTicket && c.TicketAfter, "ticket_after_consultation")
	add(!c.NoTicket && c.Other, "other_citizen")
	add(c.Closed, "ticket_closed")
	add(!roleMayConsult(c.Role, c.Kind), "role_not_allowed")
	add(c.OwnNumber, "own_number")
	return out
}

// roleMayConsult is the rule of §9-10: the front office consults; the
// application itself looks identities up for the portal's tickets.
func roleMayConsult(role, kind string) bool {
	if role == string(RoleFrontOffice) {
		return true
	}
	return kind == "identity" && strings.HasPrefix(role, "system:")
}

// flags are the risks a consultation shows, given the period around it.
func (c checked) flags(o SamplingOptions, outliers map[int64]bool, tickets map[string]map[int64]bool) []string {
	var out []string
	add := func(cond bool, code string) {
		if cond {
			out = append(out, code)
		}
	}
	local := c.At.In(o.Location)
	weekend := local.Weekday() == time.Saturday || local.Weekday() == time.Sunday
	add(weekend || local.Hour() < o.WorkStart || local.Hour() >= o.WorkEnd, "outside_working_hours")
	add(outliers[c.UserID], "high_volume")
	add(c.LastName != "" && sameSurname(c.AgentName, c.LastName), "same_surname")
	add(len(tickets[c.INSZ]) >= o.ManyTickets, "many_tickets")
	add(c.Kind != "identity" && c.Lone, "no_other_action")
	add(c.Kind != "identity" && !c.NoTicket && c.At.Sub(c.CreatedAt) < o.FreshTicket, "fresh_ticket")
	return out
}

// sameSurname says whether the agent's display name carries the citizen's
// surname as whole words ("Van Damme" in "Jan Van Damme").
func sameSurname(agent, surname string) bool {
	a := " " + strings.ToLower(strings.Join(strings.Fields(agent), " ")) + " "
	return strings.Contains(a, " "+strings.ToLower(strings.Join(strings.Fields(surname), " "))+" ")
}
