package insz

import (
	"errors"
	"strconv"
)

// Sentinel errors classify why a national number was refused. They are
// meant for errors.Is, so that callers can react per kind (for example count
// typos separately from impossible dates) without parsing message text.
// Their own text is terse and aimed at developers; what a contact-centre
// agent sees is Error.Message.
var (
	// ErrEmpty means nothing was typed: the input is empty or holds only
	// whitespace and separators. Forms usually treat this as "field
	// required" rather than as a wrong number.
	ErrEmpty = errors.New("insz: empty national number")

	// ErrCharacters means the input contains something other than ASCII
	// digits and the separators space, dot, dash and slash, for example a
	// letter that was typed instead of a digit.
	ErrCharacters = errors.New("insz: national number contains invalid characters")

	// ErrLength means the input does not hold exactly 11 digits, the most
	// common slip when a number is typed by hand.
	ErrLength = errors.New("insz: national number does not have 11 digits")

	// ErrChecksum means the two check digits match neither the rule for
	// births before 2000 nor the rule for births from 2000 on: almost
	// always a typo or two swapped digits.
	ErrChecksum = errors.New("insz: national number check digits do not match")

	// ErrDate means the birth date encoded in the first six digits cannot
	// exist: month 13, 31 April, 29 February of a common year, or a birth
	// in the future.
	ErrDate = errors.New("insz: national number has an impossible birth date")

	// ErrSequence means the serial number (digits 7 to 9) is 000 or 999,
	// values the registers never issue.
	ErrSequence = errors.New("insz: national number has an unissued serial number")
)

// Error is the error returned by Parse, ParseAt and Compute. It pairs one of
// the sentinel errors (Kind, for errors.Is) with a complete English sentence
// (Message) that tells the user what is wrong and how to fix it, so user
// interfaces can show Message as is. Messages never repeat the number or any
// of its digits: error texts end up in logs, and a national number
// identifies a citizen.
//
// Functions of this package return it as *Error; to read Message, call
// errors.As with a pointer to a variable of type *Error.
type Error struct {
	// Kind is one of ErrEmpty, ErrCharacters, ErrLength, ErrChecksum,
	// ErrDate or ErrSequence.
	Kind error
	// Message is a sentence for the person who typed the number.
	Message string
}

// Error returns Message, so that the human explanation is what surfaces
// when the error is shown or wrapped.
func (e *Error) Error() string { return e.Message }

// Unwrap returns Kind, which makes errors.Is(err, ErrChecksum) and friends
// work through any amount of wrapping.
func (e *Error) Unwrap() error { return e.Kind }

func newError(kind error, msg string) *Error {
	return &Error{Kind: kind, Message: msg}
}

// Messages shown to users. They are constants so that tests can pin them and
// so that it is obvious none of them interpolates the number.
const (
	msgEmpty      = "No national number was entered; type the 11 digits of the national number."
	msgCharacters = "The national number may only contain digits and the separators space, dot, dash or slash; remove any other characters."
	msgChecksum   = "The check digits (the last two digits) do not match the rest of the national number; a digit was probably mistyped, so compare every digit with the identity document."
	msgSequence   = "The serial number (digits 7 to 9) of the national number cannot be 000 or 999; check those three digits."
	msgMonth      = "The month (digits 3 and 4) of the national number does not exist; it must be 01 to 12, or 00 if unknown (20 to 32 or 40 to 52 for a BIS number). Check those digits."
	msgDay        = "The day (digits 5 and 6) of the national number does not exist; it must be 01 to 31, or 00 if unknown. Check those digits."
	msgDayInMonth = "The day (digits 5 and 6) of the national number does not exist in the month it gives; check the birth date in the first six digits."
	msgLeapDay    = "The national number gives 29 February of a year that is not a leap year; check the birth date in the first six digits."
	msgFuture     = "The birth date in the national number lies in the future; check the birth date in the first six digits."

	msgComputeYear     = "The birth year must be between 1900 and 2099."
	msgComputeMonth    = "The birth month must be between 1 and 12, or 0 if unknown."
	msgComputeDay      = "The birth day does not exist in that month; use 0 if the day is unknown."
	msgComputeDayNoMon = "When the birth month is unknown (0), the day digits must be between 0 and 99."
	msgComputeSequence = "The serial number must be between 1 and 998."
)

// lengthMessage reports how many digits were found. The count is not part
// of the number, so it is safe to show.
func lengthMessage(n int) string {
	unit := " digits"
	if n == 1 {
		unit = " digit"
	}
	return "The national number has " + strconv.Itoa(n) + unit + "; it needs 11."
}
