// Package access decides who may use the application and in which role:
// staff users keyed by their identity provider's subject, role grants held
// within one institution (the social-security portal's local-manager model,
// O14), and the server-side sessions a sign-in opens (O6, §6).
//
// Every change here is written to the access log in its own transaction.
package access

import (
	"errors"
	"fmt"
)

// The errors a caller maps to a status. A *ValidationError says what input
// was wrong.
var (
	ErrNotFound     = errors.New("not found")
	ErrNoRole       = errors.New("the user holds no role in this application")
	ErrDisabled     = errors.New("the user is disabled")
	ErrSessionEnded = errors.New("the session has ended")
	ErrForbidden    = errors.New("not allowed")
	// ErrLastManager refuses a local manager's change that would leave
	// their institution without an active local manager (O14: someone
	// must remain to decide who may use the application).
	ErrLastManager = errors.New("the institution would be left without a local manager")
	// ErrOtherInstitution refuses a local manager's act on a user who
	// belongs, wholly or partly, to another institution. It is an
	// ErrForbidden.
	ErrOtherInstitution = fmt.Errorf("%w: the user belongs to another institution", ErrForbidden)
	// ErrSelf refuses a change of one's own access: separation of duties
	// (O14) — a role is given or taken by a second manager or an admin.
	// It is an ErrForbidden.
	ErrSelf = fmt.Errorf("%w: nobody changes their own access", ErrForbidden)
	// ErrOversight refuses a local manager's act on an admin or a security
	// adviser: those who check the managers are appointed by the admin.
	// It is an ErrForbidden.
	ErrOversight = fmt.Errorf("%w: the user is an admin or a security adviser", ErrForbidden)
	// ErrIdentityConflict refuses a sign-in whose national number or
	// e-mail address is already bound to another account: binding it
	// would merge two people's access.
	ErrIdentityConflict = errors.New("the identity is bound to another account")
	// ErrRoleNotHeld refuses a session's choice of a role the user does
	// not hold, in force, in that institution.
	ErrRoleNotHeld = fmt.Errorf("%w: the role is not held", ErrForbidden)
)

// ValidationError reports input that cannot be accepted, naming the field.
// Code is stable, for pages to say the message in the user's language.
type ValidationError struct {
	Field   string
	Message string
	Code    string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }
