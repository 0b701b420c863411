package tickets

import (
	"errors"

	"contactd/freetext"
)

// Limits of free text: a subject is a line, a note a few paragraphs, a
// sender a name and an address.
const (
	maxSubject = 200
	maxNote    = 4000
	maxSender  = 500
)

// checkFreeText guards what is written on a ticket with the one guard of
// package freetext (O5, §5): no other citizen's national number than the
// ticket's own, and a warning on what looks like consulted data unless the
// agent confirmed it holds none. Its answer is a *ValidationError or a
// *WarningError, the errors callers of tickets already know.
func checkFreeText(field, text, own string, limit int, confirmed bool) error {
	return GuardError(freetext.Check(field, text, own, limit, confirmed))
}

// GuardError turns an answer of the free-text guard into the tickets error
// the HTTP layer maps: a refusal becomes a *ValidationError (400), a
// warning a *WarningError (422, looks_like_consulted_data). Other errors,
// and nil, pass through. Packages that cannot import tickets (audit) return
// the guard's *freetext.Error; their callers in the web layer pass it here.
func GuardError(err error) error {
	var fe *freetext.Error
	if !errors.As(err, &fe) {
		return err
	}
	if fe.Warning {
		return &WarningError{Field: fe.Field, Message: fe.Message, Code: fe.Code}
	}
	return &ValidationError{Field: fe.Field, Message: fe.Message, Code: fe.Code}
}
