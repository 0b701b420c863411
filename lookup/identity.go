package lookup

import (
	"context"
	"errors"
	"strings"

	"contactd/internal/insz"
)

// Errors every source returns, so callers react the same way whichever
// source is configured. Their text never contains the number looked up.
var (
	// ErrNotFound means the register knows no one under that number: the
	// agent should check the number with the caller, not retry.
	ErrNotFound = errors.New("lookup: no such person in the register")
	// ErrUnavailable means the register could not be asked (network,
	// timeout, maintenance): the agent may retry later. Sources wrap their
	// underlying cause with it.
	ErrUnavailable = errors.New("lookup: the register is unavailable")
)

// Identity is what the national register answers (O3, §4): exactly these
// fields, nothing more, because the deliberation allows only what the
// contact centre needs to identify the caller (proportionality, §13). These
// are the only consulted data a ticket may keep: §4 has the identity added
// to the ticket, so the citizen never has to give it again.
type Identity struct {
	// INSZ is the number that was looked up, in canonical form.
	INSZ insz.Number `json:"insz"`
	// LastName and FirstName as registered.
	LastName  string `json:"last_name"`
	FirstName string `json:"first_name"`
	// Sex as registered; SexUnknown for a BIS number issued without it.
	Sex insz.Sex `json:"sex"`
	// BirthDate is YYYY-MM-DD, with 00 for an unknown month or day
	// ("YYYY-MM-00", "YYYY-00-00"), the register's own convention, which a
	// time.Time could not carry.
	BirthDate string `json:"birth_date"`
	// BirthPlace is a Belgian municipality, or "City (CC)" for a birth
	// abroad, CC being the ISO 3166 country code.
	BirthPlace string `json:"birth_place"`
	// Address is the official address, where written answers go (O7).
	Address Address `json:"address"`
}

// Address is an official postal address. It is kept in parts so that
// screens can lay it out, and String gives the one-line form agents read.
type Address struct {
	Street       string `json:"street"`
	Number       string `json:"number"`
	Box          string `json:"box,omitempty"`
	PostalCode   string `json:"postal_code"`
	Municipality string `json:"municipality"`
	// Country is an ISO 3166 alpha-2 code; "BE" for Belgium.
	Country string `json:"country"`
}

// String renders the address on one line, e.g. "Rue X 12 bte 3, 1000
// Bruxelles", appending ", CC" for a foreign country. Empty parts are left
// out, so a zero Address renders as "".
func (a Address) String() string {
	var line1 []string
	for _, s := range []string{a.Street, a.Number} {
		if s != "" {
			line1 = append(line1, s)
		}
	}
	if a.Box != "" {
		line1 = append(line1, "bte "+a.Box)
	}
	var line2 []string
	for _, s := range []string{a.PostalCode, a.Municipality} {
		if s != "" {
			line2 = append(line2, s)
		}
	}
	var parts []string
	for _, s := range []string{strings.Join(line1, " "), strings.Join(line2, " ")} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if a.Country != "" && a.Country != "BE" {
		parts = append(parts, a.Country)
	}
	return strings.Join(parts, ", ")
}

// IdentitySource answers identity lookups. It is an interface so that the
// demo population (Demo) serves development and tests while production
// asks the national register through the Crossroads Bank.
//
// Implementations return ErrNotFound for an unknown number, an error
// wrapping ErrUnavailable when the register cannot be reached, and ctx's
// error when ctx ends first. They must be safe for concurrent use, and must
// neither log nor keep what they return.
type IdentitySource interface {
	Identity(ctx context.Context, n insz.Number) (Identity, error)
}
