package tickets

import (
	"time"

	"github.com/uptrace/bun"
)

// Ticket is one contact of a citizen: who (the identity the register gave,
// O3), what they ask and through which channel, where it stands and who
// holds it. It never holds the career or pension data an agent consulted.
type Ticket struct {
	bun.BaseModel `bun:"table:tickets"`

	ID  int64  `bun:"id,pk,autoincrement" json:"-"`
	Ref string `bun:"ref,notnull" json:"ref"`

	Citizen
	IdentifiedAt *time.Time `bun:"identified_at" json:"identified_at,omitempty"`
	Sender       string     `bun:"sender,notnull" json:"sender,omitempty"`

	Portal      Portal     `bun:"portal,notnull" json:"portal"`
	Channel     Channel    `bun:"channel,notnull" json:"channel"`
	Purpose     Purpose    `bun:"purpose,notnull" json:"purpose"`
	Subject     string     `bun:"subject,notnull" json:"subject"`
	Request     string     `bun:"request,notnull" json:"request,omitempty"`
	ReceivedAt  time.Time  `bun:"received_at,notnull" json:"received_at"`
	Status      Status     `bun:"status,notnull" json:"status"`
	Institution string     `bun:"institution_code,notnull" json:"institution"`
	OwnerID     *int64     `bun:"owner_id" json:"owner_id,omitempty"`
	DueAt       time.Time  `bun:"due_at,notnull" json:"due_at"`
	CreatedAt   time.Time  `bun:"created_at,notnull" json:"created_at"`
	CreatedBy   *int64     `bun:"created_by" json:"-"`
	UpdatedAt   time.Time  `bun:"updated_at,notnull" json:"updated_at"`
	ClosedAt    *time.Time `bun:"closed_at" json:"closed_at,omitempty"`
	// ErasedAt is set when the retention policy, or the citizen's request,
	// erased the identity and free text (O13, §17); ErasedWhy says which
	// (retention or citizen_request). The rest stays for statistics.
	ErasedAt  *time.Time `bun:"erased_at" json:"erased_at,omitempty"`
	ErasedWhy string     `bun:"erased_why,notnull" json:"erased_why,omitempty"`

	IdempotencyKey *string `bun:"idempotency_key" json:"-"`
	MessageID      *string `bun:"message_id" json:"-"`
}

// Citizen is the identity the national register returned for the ticket's
// national number (O3, §4): exactly these fields.
type Citizen struct {
	INSZ       *string `bun:"insz" json:"insz,omitempty"`
	LastName   string  `bun:"last_name,notnull" json:"last_name,omitempty"`
	FirstName  string  `bun:"first_name,notnull" json:"first_name,omitempty"`
	Sex        string  `bun:"sex,notnull" json:"sex,omitempty"`
	BirthDate  string  `bun:"birth_date,notnull" json:"birth_date,omitempty"`
	BirthPlace string  `bun:"birth_place,notnull" json:"birth_place,omitempty"`
	Address    string  `bun:"address,notnull" json:"address,omitempty"`
}

// Erased says whether the ticket's identity and free text were erased.
func (t Ticket) Erased() bool { return t.ErasedAt != nil }

// Identified says whether the ticket names its citizen.
func (t Ticket) Identified() bool { return t.INSZ != nil }

// NationalNumber is the citizen's INSZ, or "".
func (t Ticket) NationalNumber() string {
	if t.INSZ == nil {
		return ""
	}
	return *t.INSZ
}

// Overdue says whether an open ticket has passed its due date at now.
func (t Ticket) Overdue(now time.Time) bool {
	return t.Status != StatusClosed && now.After(t.DueAt)
}
