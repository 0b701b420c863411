package retention

import (
	"errors"

	"contactd/freetext"
)

// guardReason guards the reason an admin gives for a citizen's request:
// it goes into the access log, which is kept for ten years, so it passes
// the free-text guard (O5, §5). It may name the citizen concerned (own),
// never another. The erasure and rectification forms have no confirmation
// step, so what looks like consulted data is refused, not warned about:
// the reason is the request and its date, never career or pension data.
func guardReason(reason, own string) error {
	return asValidation(freetext.Check("reason", reason, own, maxReason, false))
}

// guardIdentity guards a corrected identity value: it names no national
// number at all (a name, a place, an address holds none). The consulted-
// data patterns do not apply to identity: the pay word "loon" is also the
// surname Van Loon.
func guardIdentity(column, v string) error {
	return asValidation(freetext.Numbers(column, v, ""))
}

// asValidation turns the guard's answer into this package's
// *ValidationError, which the HTTP layer maps to 400.
func asValidation(err error) error {
	var fe *freetext.Error
	if !errors.As(err, &fe) {
		return err
	}
	msg := fe.Message
	if fe.Warning {
		msg = "the reason seems to hold consulted career or pension data, which is never written down (deliberation 16/046, §5): give the citizen's request and its date only"
	}
	return &ValidationError{Field: fe.Field, Message: msg}
}
