// Package tickets is the contact dossier (O1–O5, O7, O8): every contact of
// a citizen, from any channel, becomes a ticket that holds the citizen's
// identity and the request's metadata — date, purpose, status, the actions
// taken — and never the personal data an agent consulted. Content questions
// are handed to the competent back-office institution, whose staff see only
// the tickets handed to them.
//
// Every public method of Service is one transaction that writes its change,
// its timeline action and its access-log entry together.
package tickets

import "errors"

// The errors the HTTP layer maps to statuses.
var (
	ErrNotFound   = errors.New("no such ticket")
	ErrForbidden  = errors.New("this ticket is not yours to see or change")
	ErrTransition = errors.New("this change is not possible in the ticket's current status")
	ErrDuplicate  = errors.New("this request was already received")
	// errNotVisible refuses a ticket the actor may not see. It is an
	// ErrNotFound — the answer is the same as for an unknown reference, so
	// nobody learns which references exist — but the logs say what it
	// was: a look at another institution's ticket (O8, O13).
	errNotVisible = &notVisibleError{}
)

// ValidationError reports input that cannot be accepted, naming the field
// so the page can show the message beside it.
type ValidationError struct {
	Field   string
	Message string // in English, for the API and the logs
	Code    string // stable key of the message, which pages translate
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// WarningError reports free text that looks like consulted data (amounts,
// salaries, career periods). It is not a refusal: the agent may rephrase,
// or confirm that the text holds no consulted data and send it again.
type WarningError struct {
	Field   string
	Message string
	Code    string
}

func (e *WarningError) Error() string { return e.Field + ": " + e.Message }

type notVisibleError struct{}

func (*notVisibleError) Error() string        { return ErrNotFound.Error() }
func (*notVisibleError) Is(target error) bool { return target == ErrNotFound }
