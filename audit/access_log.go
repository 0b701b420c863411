package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Outcome says how an access ended.
type Outcome string

// The outcomes of an access.
const (
	OK      Outcome = "ok"
	Refused Outcome = "refused"
	Failed  Outcome = "error"
)

// Entry is one line of the access log (O6, §6): every access to the
// application — sign-in and its refusals, sign-out, every view, change and
// refusal — with who, when, what and the outcome. Detail holds a reason code
// or a short neutral text, never consulted data.
type Entry struct {
	bun.BaseModel `bun:"table:access_log"`

	ID          int64     `bun:"id,pk,autoincrement" json:"id"`
	At          time.Time `bun:"at,notnull" json:"at"`
	UserID      *int64    `bun:"user_id" json:"user_id"`
	Role        string    `bun:"role,notnull" json:"role"`
	Institution string    `bun:"institution_code,notnull" json:"institution"`
	Action      string    `bun:"action,notnull" json:"action"`
	Outcome     Outcome   `bun:"outcome,notnull" json:"outcome"`
	TicketRef   string    `bun:"ticket_ref,notnull" json:"ticket_ref"`
	Citizen     string    `bun:"citizen,notnull" json:"citizen"`
	Detail      string    `bun:"detail,notnull" json:"detail"`
	RequestID   string    `bun:"request_id,notnull" json:"request_id"`
	ClientAddr  string    `bun:"client_addr,notnull" json:"client_addr"`
}

// Record appends an entry to the access log through db — the transaction of
// the change it describes, so that the change and its trace commit together
// or not at all. Who and from where come from the actor in ctx unless the
// entry already names them (a refused sign-in has no actor yet).
func Record(ctx context.Context, db bun.IDB, e Entry) error {
	PrepareEntry(ctx, &e)
	if _, err := db.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// PrepareEntry fills who, from where, when and the outcome as Record
// does, for writers that insert the entry with SQL of their own.
func PrepareEntry(ctx context.Context, e *Entry) {
	if a, ok := ActorFrom(ctx); ok {
		fillFromActor(e, a)
		if a.Trail != nil {
			a.Trail.add(e.TicketRef)
		}
	}
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	if e.Outcome == "" {
		e.Outcome = OK
	}
}

func fillFromActor(e *Entry, a Actor) {
	stamp(a, &e.UserID, &e.Role, &e.Institution, &e.RequestID, &e.ClientAddr)
}

// stamp fills the fields of a log line that say who acted and from where,
// from actor a, leaving alone those the writer already set (a refused
// sign-in has no actor yet and names what it knows).
func stamp(a Actor, userID **int64, role, institution, requestID, clientAddr *string) {
	if *userID == nil && a.UserID != 0 {
		id := a.UserID
		*userID = &id
	}
	if *role == "" {
		*role = string(a.Role)
		if a.System != "" && a.Role == "" {
			*role = "system:" + a.System
		}
	}
	for _, f := range []struct {
		dst *string
		v   string
	}{{institution, a.Institution}, {requestID, a.RequestID}, {clientAddr, a.ClientAddr}} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
}

// Filter selects access-log entries; zero fields select everything.
type Filter struct {
	UserID int64
	Action string
	Since  time.Time
	Limit  int
}

// Entries lists access-log entries, newest first.
func Entries(ctx context.Context, db bun.IDB, f Filter) ([]Entry, error) {
	var out []Entry
	q := db.NewSelect().Model(&out).OrderExpr("id DESC")
	if f.UserID != 0 {
		q = q.Where("user_id = ?", f.UserID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if !f.Since.IsZero() {
		q = q.Where("at >= ?", f.Since.UTC())
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	if err := q.Limit(int64(f.Limit)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit: list entries: %w", err)
	}
	return out, nil
}

// Read lists access-log entries for a person — the security adviser — and
// logs that reading: every look at the logs is itself an access (O6).
func Read(ctx context.Context, db bun.IDB, f Filter) ([]Entry, error) {
	out, err := Entries(ctx, db, f)
	if err != nil {
		return nil, err
	}
	return out, Record(ctx, db, Entry{Action: "access_log_view", Detail: fmt.Sprintf("entries=%d", len(out))})
}
