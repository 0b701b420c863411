package tickets

import (
	"errors"
	"strings"
)

// DuplicateError is ErrDuplicate for a retried creation: Ref names the
// ticket the first attempt made, so that the retry learns it; it is empty
// when the retry raced the first attempt. The database's refusal, if any,
// is kept for the logs and never shown.
type DuplicateError struct {
	Ref   string
	cause error
}

func (e *DuplicateError) Error() string {
	if e.Ref == "" {
		return ErrDuplicate.Error() + ": send the same request again in a moment to learn its ticket"
	}
	return ErrDuplicate.Error() + " as ticket " + e.Ref
}

func (e *DuplicateError) Unwrap() []error { return []error{ErrDuplicate, e.cause} }

// Reason is what a refusal wrapped in err says to the person refused: the
// message of the error in err's chain that begins with sentinel's own,
// without what callers added on the way out — the operation, the
// reference, the transaction — which is for the logs. Without one it is
// sentinel's message.
func Reason(err, sentinel error) string {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if msg := e.Error(); strings.HasPrefix(msg, sentinel.Error()) {
			return msg
		}
	}
	return sentinel.Error()
}
