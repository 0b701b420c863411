// Package access decides who may use the application and in which role:
// staff users keyed by their identity provider's subject, role grants held
// within one institution (the social-security portal's local-manager model,
// O14), and the server-side sessions a sign-in opens (O6, §6).
//
// Every change here is written to the access log in its own transaction.
package access

import "errors"

// The errors a caller maps to a status. A *ValidationError says what input
// was wrong.
var (
	ErrNotFound     = errors.New("not found")
	ErrNoRole       = errors.New("the user holds no role in this application")
	ErrDisabled     = errors.New("the user is disabled")
	ErrSessionEnded = errors.New("the session has ended")
	ErrForbidden    = errors.New("not allowed")
)

// ValidationError reports input that cannot be accepted, naming the field.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }
