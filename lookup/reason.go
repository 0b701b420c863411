package lookup

import "errors"

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
