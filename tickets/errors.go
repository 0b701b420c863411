package tickets

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
