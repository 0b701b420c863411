package retention

import (
	"errors"
	"fmt"
	"strings"
)

// The errors the HTTP layer maps to statuses.
var (
	// ErrForbidden refuses a citizen's request handled by anyone but an
	// admin.
	ErrForbidden = errors.New("only an admin handles a citizen's request to erase or rectify their data")
	// ErrNoTickets says that no ticket holds the national number, or that
	// its tickets were already erased.
	ErrNoTickets = errors.New("no ticket holds this national number, or its tickets were already erased")
	// ErrOpenTickets refuses erasure while a ticket of the citizen is open.
	ErrOpenTickets = errors.New("erasure refused: the citizen has tickets still open")
	// ErrNoRun says that retention never ran.
	ErrNoRun = errors.New("retention has not run yet")
)

// LogsKept is what every erasure answers about the logs: the law keeps them.
const LogsKept = "The access and consultation logs are kept: the deliberation requires every access and consultation to stay checkable (§6, §9, §15), for the logs' retention period (10 years by default)."

// OpenTicketsError names the tickets that stop an erasure.
type OpenTicketsError struct{ Refs []string }

func (e *OpenTicketsError) Error() string {
	return fmt.Sprintf("erasure refused: ticket(s) %s still open; close them first — only closed tickets are erased", strings.Join(e.Refs, ", "))
}

// Is makes errors.Is(err, ErrOpenTickets) true.
func (e *OpenTicketsError) Is(target error) bool { return target == ErrOpenTickets }

// ValidationError reports input that cannot be accepted, naming the field.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }
