package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// ConsultationOutcome says how a consultation ended.
type ConsultationOutcome string

// The outcomes of a consultation. Refused and failed consultations are
// recorded too (§9): a refusal may be an attempt the adviser must see.
const (
	Found         ConsultationOutcome = "found"
	NotFound      ConsultationOutcome = "not_found"
	Denied        ConsultationOutcome = "refused"
	UpstreamError ConsultationOutcome = "upstream_error"
)

// Consultation is one line of the consultation log (O9, §9): who looked at
// which kind of a citizen's data, within which ticket, why, and how it
// ended. It records that data were shown, never the data: there is no
// field that could hold them.
type Consultation struct {
	bun.BaseModel `bun:"table:consultations"`

	ID          int64     `bun:"id,pk,autoincrement" json:"id"`
	At          time.Time `bun:"at,notnull" json:"at"`
	UserID      *int64    `bun:"user_id" json:"user_id"`
	Role        string    `bun:"role,notnull" json:"role"`
	Institution string    `bun:"institution_code,notnull" json:"institution"`
	// TicketID is nil when the ticket named does not exist (a refusal);
	// TicketRef then holds the reference as it was asked for.
	TicketID  *int64 `bun:"ticket_id" json:"ticket_id"`
	TicketRef string `bun:"ticket_ref,notnull" json:"ticket_ref"`
	// INSZ is the citizen consulted: the ticket's, or the number asked for
	// when the ticket is being created.
	INSZ    string              `bun:"insz,notnull" json:"insz"`
	Kind    string              `bun:"kind,notnull" json:"kind"`
	Reason  string              `bun:"reason,notnull" json:"reason"`
	Outcome ConsultationOutcome `bun:"outcome,notnull" json:"outcome"`
	// Detail is the code of a refusal or of an upstream failure.
	Detail     string `bun:"detail,notnull" json:"detail"`
	LatencyUS  int64  `bun:"latency_us,notnull" json:"latency_us"`
	RequestID  string `bun:"request_id,notnull" json:"request_id"`
	ClientAddr string `bun:"client_addr,notnull" json:"client_addr"`
}

// RecordConsultation appends c to the consultation log through db — the
// transaction that also puts the consultation on its ticket's timeline —
// and sets c.ID. Who and from where come from the actor in ctx.
func RecordConsultation(ctx context.Context, db bun.IDB, c *Consultation) error {
	PrepareConsultation(ctx, c)
	if _, err := db.NewInsert().Model(c).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("audit: record consultation: %w", err)
	}
	return nil
}

// PrepareConsultation fills who, from where and when from the actor in
// ctx, for writers that insert c with SQL of their own.
func PrepareConsultation(ctx context.Context, c *Consultation) {
	if a, ok := ActorFrom(ctx); ok {
		stamp(a, &c.UserID, &c.Role, &c.Institution, &c.RequestID, &c.ClientAddr)
	}
	if c.At.IsZero() {
		c.At = time.Now().UTC()
	}
}

// ConsultationsSince counts the consultations a user made from since on
// that reached a source (refusals excluded), for the per-agent rate limit.
func ConsultationsSince(ctx context.Context, db bun.IDB, userID int64, since time.Time) (int64, error) {
	n, err := db.NewSelect().Model((*Consultation)(nil)).
		Where("user_id = ? AND at >= ? AND outcome <> ?", userID, since.UTC(), Denied).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("audit: count consultations: %w", err)
	}
	return n, nil
}

// ConsultationsOf lists the consultations recorded against a ticket,
// oldest first.
func ConsultationsOf(ctx context.Context, db bun.IDB, ticketID int64) ([]Consultation, error) {
	out := []Consultation{}
	err := db.NewSelect().Model(&out).Where("ticket_id = ?", ticketID).OrderExpr("id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: consultations of a ticket: %w", err)
	}
	return out, nil
}

// CitizenConsultation is one line of a citizen's "who consulted my data"
// view: which institution looked at which kind of their data, when, and
// within which ticket — never who in person, nor what was seen.
type CitizenConsultation struct {
	ID          int64     `json:"-"`
	At          time.Time `json:"at"`
	Institution string    `json:"institution"`
	Kind        string    `json:"kind"`
	TicketRef   string    `json:"ticket_ref"`
}

// ConsultationsOfCitizen lists the consultations that showed a citizen's
// data (outcome found), newest first, at most limit.
func ConsultationsOfCitizen(ctx context.Context, db bun.IDB, insz string, limit int) ([]CitizenConsultation, error) {
	out := []CitizenConsultation{}
	err := db.NewSelect().Model((*Consultation)(nil)).
		Column("id", "at", "kind", "ticket_ref").ColumnExpr("institution_code AS institution").
		Where("insz = ? AND outcome = ?", insz, Found).OrderExpr("at DESC, id DESC").Limit(int64(limit)).Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("audit: consultations of a citizen: %w", err)
	}
	return out, nil
}
