package lookup

import (
	"context"
	"errors"
)

// Reason is why an agent consults a citizen's data, from a short list: it
// is recorded with the consultation so that the adviser can judge, after
// the fact, whether the consultation was justified (§9, O12).
type Reason string

// The reasons an agent may state, and the one the application states
// itself when it looks the identity up to create or identify a ticket.
const (
	ReasonCitizenQuestion Reason = "citizen_question" // the citizen's question on this ticket
	ReasonErrorReport     Reason = "error_report"     // the citizen reports an error in their data
	ReasonComplaint       Reason = "complaint"        // the citizen complains about the data or their handling
	ReasonAnswerCheck     Reason = "answer_check"     // check the answer before it is sent
	ReasonIdentification  Reason = "identification"   // identity looked up to create or identify the ticket (§4)
)

// AgentReasons are the reasons an agent chooses from, in the order the
// consultation panel offers them.
var AgentReasons = []Reason{ReasonCitizenQuestion, ReasonErrorReport, ReasonComplaint, ReasonAnswerCheck}

// ErrUnknownReason is returned by ParseReason for anything but an agent's
// reason; the input is not repeated in the error.
var ErrUnknownReason = errors.New("lookup: unknown consultation reason")

// ParseReason accepts exactly one of AgentReasons.
func ParseReason(s string) (Reason, error) {
	for _, r := range AgentReasons {
		if string(r) == s {
			return r, nil
		}
	}
	return "", ErrUnknownReason
}

type reasonKey struct{}

// WithReason returns ctx carrying the reason of the consultation about to
// be made, so that the source can state it to the registry: in the
// Crossroads Bank network every exchange is checked against its
// authorisation beforehand and logged at both ends, with why it was made.
// Service sets it from the consultation's record, so that what the
// registry is told is what our log holds.
func WithReason(ctx context.Context, r Reason) context.Context {
	return context.WithValue(ctx, reasonKey{}, r)
}

// ReasonOf is the reason a consultation of kind made with ctx is made for:
// identification for the identity, which is looked up only to create or
// identify a ticket (§4; the consultation panel refuses it), else the
// agent's reason that WithReason carries. False when there is none: a
// source must not ask the registry without a stated reason.
func ReasonOf(ctx context.Context, kind Kind) (Reason, bool) {
	if kind == KindIdentity {
		return ReasonIdentification, true
	}
	r, ok := ctx.Value(reasonKey{}).(Reason)
	return r, ok && r != ""
}
