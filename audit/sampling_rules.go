package audit

import (
	"context"
	"database/sql"
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
	FlaggedMin    int            // …at least 5 of them…
	FlaggedMax    int            // …and at most 20, so the review stays a review
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
	if o.FlaggedMax == 0 {
		o.FlaggedMax = 20
	}
	if o.WorkEnd == 0 {
		o.WorkStart, o.WorkEnd = 8, 18
	}
	if o.Location == nil {
		o.Location = Brussels
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
	ID          int64
	At          time.Time
	UserID      int64
	Role        string
	Kind        string
	INSZ        string
	TicketID    int64
	NoTicket    bool
	TicketAfter bool
	Other       bool
	Closed      bool
	OwnNumber   bool
	Lone        bool
	CreatedAt   time.Time
	LastName    string
	AgentName   string
}

// periodQuery selects the consultations that showed data in a period, with
// the hard rules of §9 evaluated against their tickets at the time.
const periodQuery = `SELECT c.id, c.at, coalesce(c.user_id, 0), c.role, c.kind, c.insz, coalesce(c.ticket_id, 0),
  t.id IS NULL,
  coalesce(t.created_at > c.at, false),
  coalesce(t.insz <> c.insz, true),
  coalesce((SELECT a.kind FROM ticket_actions a WHERE a.ticket_id = c.ticket_id AND a.kind IN ('closed', 'reopened') AND a.at < c.at
            ORDER BY a.at DESC, a.id DESC LIMIT 1) = 'closed', false),
  coalesce(u.national_number = c.insz, false),
  NOT EXISTS (SELECT 1 FROM ticket_actions a WHERE a.ticket_id = c.ticket_id
              AND a.kind NOT IN ('created', 'consultation', 'identified', 'identity_verified')),
  t.created_at, coalesce(t.last_name, ''), coalesce(u.display_name, '')
FROM consultations c
LEFT JOIN tickets t ON t.id = c.ticket_id
LEFT JOIN users u ON u.id = c.user_id
WHERE c.at >= ? AND c.at < ? AND c.outcome = 'found' AND (? = 'all' OR c.institution_code = ?)
ORDER BY c.id`

// eachConsultation streams the period's consultations to fn, one row in
// memory at a time: a run over a million consultations keeps only what it
// draws from.
func eachConsultation(ctx context.Context, db bun.IDB, start, end time.Time, scope string, fn func(*checked)) error {
	rows, err := db.QueryContext(ctx, periodQuery, start.UTC(), end.UTC(), scope, scope)
	if err != nil {
		return err
	}
	defer rows.Close()
	var c checked
	var created sql.NullTime // no ticket, no creation time (and SQLite types only plain columns)
	for rows.Next() {
		if err := rows.Scan(&c.ID, &c.At, &c.UserID, &c.Role, &c.Kind, &c.INSZ, &c.TicketID, &c.NoTicket, &c.TicketAfter,
			&c.Other, &c.Closed, &c.OwnNumber, &c.Lone, &created, &c.LastName, &c.AgentName); err != nil {
			return err
		}
		c.CreatedAt = c.At
		if created.Valid {
			c.CreatedAt = created.Time
		}
		fn(&c)
	}
	return rows.Err()
}

// periodAggregates are what the risk flags compare a consultation with:
// each agent's volume, and the citizens consulted within many tickets.
type periodAggregates struct {
	perAgent   map[int64]int
	manyTicket map[string]bool
}

func aggregates(ctx context.Context, db bun.IDB, start, end time.Time, scope string, many int) (periodAggregates, error) {
	a := periodAggregates{perAgent: map[int64]int{}, manyTicket: map[string]bool{}}
	where := "at >= ? AND at < ? AND outcome = 'found' AND (? = 'all' OR institution_code = ?)"
	rows, err := db.QueryContext(ctx, "SELECT coalesce(user_id, 0), count(*) FROM consultations WHERE "+where+" GROUP BY 1",
		start.UTC(), end.UTC(), scope, scope)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return a, err
		}
		a.perAgent[id] = n
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, "SELECT insz FROM consultations WHERE "+where+" GROUP BY insz HAVING count(DISTINCT ticket_id) >= ?",
		start.UTC(), end.UTC(), scope, scope, many)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return a, err
		}
		a.manyTicket[n] = true
	}
	return a, rows.Err()
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
func (c checked) flags(o SamplingOptions, outliers map[int64]bool, manyTickets map[string]bool) []string {
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
	add(manyTickets[c.INSZ], "many_tickets")
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
