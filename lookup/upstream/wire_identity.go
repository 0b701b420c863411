package upstream

import (
	"contactd/internal/insz"
	"contactd/lookup"
)

// wireIdentity is the answer of POST /v1/identity (docs/REGISTRY.md).
// Pointers tell a field left out from a field sent empty.
type wireIdentity struct {
	INSZ       *string      `json:"insz"`
	LastName   *string      `json:"last_name"`
	FirstName  *string      `json:"first_name"`
	Sex        *string      `json:"sex"`
	BirthDate  *string      `json:"birth_date"`
	BirthPlace *string      `json:"birth_place"`
	Address    *wireAddress `json:"address"`
}

type wireAddress struct {
	Street       *string `json:"street"`
	Number       *string `json:"number"`
	Box          *string `json:"box"`
	PostalCode   *string `json:"postal_code"`
	Municipality *string `json:"municipality"`
	Country      *string `json:"country"`
}

// sexes maps the wire's words to insz.Sex; "unknown" is the BIS number
// issued without a sex.
var sexes = map[string]insz.Sex{
	"male":    insz.SexMale,
	"female":  insz.SexFemale,
	"unknown": insz.SexUnknown,
}

// check: a first name may be empty (some people have none) and so may a
// street or house number (some addresses have neither), but every field
// must be there.
func (w *wireIdentity) check(asked insz.Number) error {
	return firstProblem(
		sameINSZ(w.INSZ, asked),
		text("last_name", w.LastName),
		present("first_name", w.FirstName),
		known("sex", w.Sex, sexes),
		partialDate("birth_date", w.BirthDate),
		present("birth_place", w.BirthPlace),
		present("address", w.Address),
		w.Address.check(),
	)
}

func (a *wireAddress) check() error {
	if a == nil {
		return nil // reported by present
	}
	return firstProblem(
		present("address.street", a.Street),
		present("address.number", a.Number),
		present("address.postal_code", a.PostalCode),
		text("address.municipality", a.Municipality),
		country("address.country", a.Country),
	)
}

// identity converts a checked answer.
func (w *wireIdentity) identity() lookup.Identity {
	a := w.Address
	return lookup.Identity{
		INSZ:       insz.Number(*w.INSZ),
		LastName:   *w.LastName,
		FirstName:  *w.FirstName,
		Sex:        sexes[*w.Sex],
		BirthDate:  *w.BirthDate,
		BirthPlace: *w.BirthPlace,
		Address: lookup.Address{
			Street: *a.Street, Number: *a.Number, Box: deref(a.Box),
			PostalCode: *a.PostalCode, Municipality: *a.Municipality, Country: *a.Country,
		},
	}
}

// known requires one of the values of a closed list.
func known[V any](field string, v *string, values map[string]V) error {
	if v == nil || *v == "" {
		return missing(field)
	}
	if _, ok := values[*v]; !ok {
		return invalid(field)
	}
	return nil
}

// country requires an ISO 3166 alpha-2 code: two upper-case letters.
func country(field string, v *string) error {
	if v == nil || *v == "" {
		return missing(field)
	}
	c := *v
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return invalid(field)
	}
	return nil
}
