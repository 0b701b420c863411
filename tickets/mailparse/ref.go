package mailparse

import (
	"regexp"
	"strings"
)

// referenceRe matches a ticket reference: CC, a 4-digit year and a number
// of at least 6 digits, not glued to other letters or digits.
var referenceRe = regexp.MustCompile(`(?i)\bCC-[0-9]{4}-[0-9]{6,}\b`)

// ReferenceIn finds a ticket reference like "CC-2026-000123" (prefix CC,
// 4-digit year, number of 6 or more digits; case-insensitive, possibly in
// brackets as in "Re: [CC-2026-000123] …") in a subject and returns the
// first one, upper-cased, or "" if there is none.
func ReferenceIn(subject string) string {
	return strings.ToUpper(referenceRe.FindString(subject))
}
