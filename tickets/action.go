package tickets

import (
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// ActionKind is a kind of entry in a ticket's timeline.
type ActionKind string

// The kinds of action (O5: the actions taken, never the data consulted).
const (
	ActionCreated          ActionKind = "created"
	ActionIdentified       ActionKind = "identified"
	ActionIdentityVerified ActionKind = "identity_verified"
	ActionNote             ActionKind = "note"
	ActionAssigned         ActionKind = "assigned"
	ActionHandedBack       ActionKind = "handed_back"
	ActionAnswerSent       ActionKind = "answer_sent"
	ActionStatusChanged    ActionKind = "status_changed"
	ActionConsultation     ActionKind = "consultation"
	ActionMessage          ActionKind = "message_received"
	ActionClosed           ActionKind = "closed"
	ActionReopened         ActionKind = "reopened"
)

// Action is one entry of a ticket's append-only timeline. For an identity
// check on the phone it records how many control questions were put and
// whether they were passed — never the answers (O4). For a consultation it
// holds only a reference to the consultation record.
type Action struct {
	bun.BaseModel `bun:"table:ticket_actions"`

	ID              int64         `bun:"id,pk,autoincrement" json:"id"`
	TicketID        int64         `bun:"ticket_id,notnull" json:"-"`
	At              time.Time     `bun:"at,notnull" json:"at"`
	ActorID         *int64        `bun:"actor_id" json:"actor_id,omitempty"`
	ActorRole       string        `bun:"actor_role,notnull" json:"actor_role"`
	Kind            ActionKind    `bun:"kind,notnull" json:"kind"`
	FromStatus      Status        `bun:"from_status,notnull" json:"from_status,omitempty"`
	ToStatus        Status        `bun:"to_status,notnull" json:"to_status,omitempty"`
	Institution     string        `bun:"institution_code,notnull" json:"institution,omitempty"`
	Channel         AnswerChannel `bun:"channel,notnull" json:"channel,omitempty"`
	Text            string        `bun:"text,notnull" json:"text,omitempty"`
	QuestionsPut    int           `bun:"questions_put,notnull" json:"questions_put,omitempty"`
	QuestionsPassed *bool         `bun:"questions_passed" json:"questions_passed,omitempty"`
	ConsultationRef string        `bun:"consultation_ref,notnull" json:"consultation_ref,omitempty"`

	// consultation, when set, is recorded with the action and named by
	// ConsultationRef (an identification names its register lookup).
	consultation *audit.Consultation `bun:"-"`
}
