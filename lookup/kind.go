package lookup

import "errors"

// Kind is a kind of consultation. Consultations are logged and sampled per
// kind (O9, O12), and citizens are told which category of their data was
// consulted, so the kind is part of every consultation record.
type Kind string

// The kinds of consultation the front office may make. Their values are
// stable identifiers stored in consultation logs and used in URLs: never
// rename them.
const (
	// KindIdentity is the national-register identity (O3, §4).
	KindIdentity Kind = "identity"
	// KindCareer is the citizen's career across every regime (mycareer, §8-9).
	KindCareer Kind = "career"
	// KindSupplementaryPension is the second-pillar pension rights
	// (mypension, §8).
	KindSupplementaryPension Kind = "supplementary_pension"
)

// ErrUnknownKind is returned by ParseKind for any string that is not one of
// the Kind constants, so that handlers can answer 400 without parsing text.
var ErrUnknownKind = errors.New("lookup: unknown consultation kind")

// ParseKind turns the stored or transmitted form of a kind back into a Kind.
// It is strict (exact, lower-case match) because kinds come from URLs and
// logs, where a near-miss is a bug to surface, not to guess at. The input
// is not repeated in the error.
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if !k.Valid() {
		return "", ErrUnknownKind
	}
	return k, nil
}

// Valid reports whether k is one of the defined kinds, for checks on values
// that did not come through ParseKind (struct literals, database rows).
func (k Kind) Valid() bool {
	switch k {
	case KindIdentity, KindCareer, KindSupplementaryPension:
		return true
	}
	return false
}
