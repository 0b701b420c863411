// Package insz parses, validates, formats and generates Belgian national
// numbers (INSZ/NISS, rijksregisternummer) and BIS numbers, the identifiers
// under which the contact centre finds a citizen's social-security file.
//
// A number has 11 digits, YYMMDD SSS CC:
//
//   - YYMMDD is the birth date. Month and day 00 mean "unknown". A month of
//     00 also covers the registers' "counter exhausted" case, in which the
//     day digits no longer hold a day, so any day digits are accepted with
//     month 00. BIS numbers add 20 (sex unknown when issued) or 40 (sex
//     known) to the month.
//   - SSS is a serial number among people born the same day: odd for men,
//     even for women. 000 and 999 are never issued.
//   - CC = 97 - (YYMMDDSSS mod 97), so 97 rather than 00 when the
//     remainder is 0. For births from 2000 on, a 2 is put in front of the
//     nine digits first (2000000000 + YYMMDDSSS). The check digits are
//     therefore also what tells 1985 from 2085: at most one of the two rules
//     can match, because 2000000000 is not a multiple of 97.
//
// Privacy: a national number identifies a person. Nothing in this package
// logs or prints a number, error messages never repeat its digits, and
// Number implements slog.LogValuer so that structured logging redacts it.
// Number.String still returns the digits because storage and look-ups need
// them; callers must keep them out of logs themselves.
package insz

import (
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Number is a national or BIS number in canonical form: exactly 11 ASCII
// digits, no separators. Storing and comparing only the canonical form means
// "85.07.30-033.28" and "85073003328" are the same citizen.
//
// Values returned by Parse, ParseAt, Compute, Generate and FindAll are
// valid. A Number made by conversion from an arbitrary string is not
// checked: its methods then give best-effort answers (zero values when the
// digits cannot be interpreted) but never panic. Run such values through
// Parse before relying on them.
type Number string

// Sex is the sex encoded in a number. It exists because BIS numbers issued
// with month+20 carry no sex at all, which a bool could not express.
type Sex int

// The values of Sex. SexUnknown is the zero value so that an unset
// GenerateOptions.Sex means "either".
const (
	// SexUnknown: a BIS number issued without known sex (month + 20), or
	// "no preference" in GenerateOptions.
	SexUnknown Sex = iota
	// SexMale: odd serial number.
	SexMale
	// SexFemale: even serial number.
	SexFemale
)

// String returns "unknown", "male" or "female", stable lower-case words
// fit for APIs and templates; other values print as "Sex(n)".
func (s Sex) String() string {
	switch s {
	case SexUnknown:
		return "unknown"
	case SexMale:
		return "male"
	case SexFemale:
		return "female"
	}
	return "Sex(" + strconv.Itoa(int(s)) + ")"
}

const (
	numberLen = 11
	// prefix2000 is "a 2 in front of the nine digits".
	prefix2000 = 2_000_000_000
	// bisUnknownSex and bisKnownSex are the month offsets of BIS numbers.
	bisUnknownSex = 20
	bisKnownSex   = 40
)

// Parse validates a national or BIS number as typed by a person and returns
// it in canonical form. It accepts the digits with or without the usual
// separators (space, dot, dash, slash, anywhere), e.g. "85073003328",
// "85.07.30-033.28" or "850730 033 28", and ignores whitespace around the
// whole input, which copy and paste often adds. A birth date after today
// (time.Now) is refused; use ParseAt when "today" must be fixed, as in
// tests or when replaying old data.
//
// On failure the error is an *Error whose Kind is one of the sentinel
// errors and whose Message can be shown to the user.
func Parse(s string) (Number, error) {
	return ParseAt(s, time.Now())
}

// ParseAt is Parse with an explicit "now": a number whose birth date falls
// after the calendar date of now (in now's location) is refused with
// ErrDate. Births on that very day are accepted. A birth known only to the
// year (or year and month) is refused only when that year (or month) is
// after now.
//
// Checks run in this order, so that the message names the most specific
// problem: characters, length, month and day ranges (these do not depend
// on the century), serial number, check digits, and finally the checks
// that need the century which the check digits reveal (29 February, a
// future date).
func ParseAt(s string, now time.Time) (Number, error) {
	var d [numberLen]byte
	count := 0
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			if count < numberLen {
				d[count] = c
			}
			count++
		case isSeparator(c):
		default:
			// Bytes of multi-byte UTF-8 characters land here too, so
			// non-ASCII digits are refused rather than misread.
			return "", newError(ErrCharacters, msgCharacters)
		}
	}
	if count == 0 {
		return "", newError(ErrEmpty, msgEmpty)
	}
	if count != numberLen {
		return "", newError(ErrLength, lengthMessage(count))
	}
	return check(d, now)
}

// Valid reports whether s would be accepted by Parse. It is a convenience
// for filters and assertions where the reason does not matter.
func Valid(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// check applies every rule to 11 digits. It is shared by ParseAt and
// FindAll so that both accept exactly the same numbers.
func check(d [numberLen]byte, now time.Time) (Number, error) {
	f := fieldsOf(d)
	month, _, ok := splitMonth(f.mm)
	if !ok {
		return "", newError(ErrDate, msgMonth)
	}
	if month != 0 {
		if f.dd > 31 {
			return "", newError(ErrDate, msgDay)
		}
		// 29 February is allowed here; whether the year was a leap year
		// depends on the century, which is only known after the checksum.
		if f.dd > daysIn(month, 2000) {
			return "", newError(ErrDate, msgDayInMonth)
		}
	}
	if f.seq == 0 || f.seq == 999 {
		return "", newError(ErrSequence, msgSequence)
	}
	century, ok := centuryOf(f)
	if !ok {
		return "", newError(ErrChecksum, msgChecksum)
	}
	year := century + f.yy
	if month == 2 && f.dd == 29 && !isLeap(year) {
		return "", newError(ErrDate, msgLeapDay)
	}
	if inFuture(year, month, f.dd, now) {
		return "", newError(ErrDate, msgFuture)
	}
	return Number(d[:]), nil
}

// String returns the canonical 11 digits, the form to store and to compare.
// It exists so that Number satisfies fmt.Stringer; remember that printing
// it prints a person's identifier.
func (n Number) String() string { return string(n) }

// Formatted returns the number as printed on Belgian identity cards,
// "YY.MM.DD-SSS.CC" (e.g. "85.07.30-033.28"), which agents read back to
// callers more reliably than a run of 11 digits. A malformed Number is
// returned unchanged.
func (n Number) Formatted() string {
	if !wellFormed(n) {
		return string(n)
	}
	s := string(n)
	return s[0:2] + "." + s[2:4] + "." + s[4:6] + "-" + s[6:9] + "." + s[9:11]
}

// LogValue makes log/slog print a placeholder instead of the digits, so a
// Number passed to a structured logger by mistake does not leak a citizen's
// identifier into logs.
func (n Number) LogValue() slog.Value {
	return slog.StringValue("[national number redacted]")
}

// IsBIS reports whether n is a BIS number (month + 20 or + 40), i.e. one
// issued by the Crossroads Bank for Social Security to someone not in the
// National Register. Such citizens often need other follow-up (no eID).
func (n Number) IsBIS() bool {
	f, ok := n.fields()
	if !ok {
		return false
	}
	_, bis, ok := splitMonth(f.mm)
	return ok && bis != 0
}

// Sex returns the sex encoded by the parity of the serial number: odd male,
// even female. BIS numbers issued with month + 20 were issued without
// knowing the sex, so their parity means nothing and Sex returns
// SexUnknown.
func (n Number) Sex() Sex {
	f, ok := n.fields()
	if !ok {
		return SexUnknown
	}
	_, bis, ok := splitMonth(f.mm)
	if !ok || bis == bisUnknownSex {
		return SexUnknown
	}
	if f.seq%2 == 1 {
		return SexMale
	}
	return SexFemale
}

// BirthDate returns the encoded birth date with the century resolved from
// the check digits and the BIS offset removed from the month.
//
// ok is true only when year, month and day are all known. Otherwise m
// and/or d are 0: month 00 (m and d both 0, whatever the day digits say,
// since those may be a counter) or day 00 (d is 0). y is always set, but
// note that the registers use the fictitious date YY=00, month 00, day 01
// when nothing about the birth date was known, so a year of 1900 or 2000
// with ok false and m == 0 may not be a real birth year.
func (n Number) BirthDate() (y, m, d int, ok bool) {
	f, wf := n.fields()
	if !wf {
		return 0, 0, 0, false
	}
	month, _, valid := splitMonth(f.mm)
	if !valid {
		return 0, 0, 0, false
	}
	y = 1900 + f.yy
	if c, found := centuryOf(f); found {
		y = c + f.yy
	}
	if month == 0 {
		return y, 0, 0, false
	}
	if f.dd == 0 {
		return y, month, 0, false
	}
	return y, month, f.dd, true
}

// BornFrom2000 reports whether the check digits follow the rule for births
// from 2000 on. It is the only way to tell the century, since YY alone
// cannot distinguish 1925 from 2025.
func (n Number) BornFrom2000() bool {
	f, ok := n.fields()
	if !ok {
		return false
	}
	return f.cc == checkDigits(f.first9, true)
}

// fields holds the numeric parts of 11 digits.
type fields struct {
	yy, mm, dd, seq, cc int
	first9              int64
}

func fieldsOf(d [numberLen]byte) fields {
	v := func(from, to int) int {
		x := 0
		for _, c := range d[from:to] {
			x = x*10 + int(c-'0')
		}
		return x
	}
	f := fields{yy: v(0, 2), mm: v(2, 4), dd: v(4, 6), seq: v(6, 9), cc: v(9, 11)}
	f.first9 = int64(v(0, 9))
	return f
}

func (n Number) fields() (fields, bool) {
	if !wellFormed(n) {
		return fields{}, false
	}
	var d [numberLen]byte
	copy(d[:], n)
	return fieldsOf(d), true
}

func wellFormed(n Number) bool {
	if len(n) != numberLen {
		return false
	}
	for i := 0; i < numberLen; i++ {
		if !isDigit(n[i]) {
			return false
		}
	}
	return true
}

// splitMonth removes the BIS offset. It returns the real month (0 =
// unknown), the offset (0, 20 or 40) and whether the month field is
// possible at all.
func splitMonth(mm int) (month, bisOffset int, ok bool) {
	switch {
	case mm <= 12:
		return mm, 0, true
	case mm >= bisUnknownSex && mm <= bisUnknownSex+12:
		return mm - bisUnknownSex, bisUnknownSex, true
	case mm >= bisKnownSex && mm <= bisKnownSex+12:
		return mm - bisKnownSex, bisKnownSex, true
	}
	return 0, 0, false
}

// checkDigits computes CC for the first nine digits. The result is in
// 1..97, never 0.
func checkDigits(first9 int64, from2000 bool) int {
	if from2000 {
		first9 += prefix2000
	}
	return int(97 - first9%97)
}

// centuryOf returns 1900 or 2000, whichever rule the check digits follow.
func centuryOf(f fields) (int, bool) {
	switch f.cc {
	case checkDigits(f.first9, false):
		return 1900, true
	case checkDigits(f.first9, true):
		return 2000, true
	}
	return 0, false
}

func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// inFuture compares as far as the date is known; unknown parts (0) never
// make a date "future" on their own.
func inFuture(year, month, day int, now time.Time) bool {
	ny, nm, nd := now.Date()
	if year != ny {
		return year > ny
	}
	if month == 0 {
		return false
	}
	if month != int(nm) {
		return month > int(nm)
	}
	if day == 0 {
		return false
	}
	return day > nd
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSeparator lists the characters people put between the groups of a
// national number.
func isSeparator(c byte) bool {
	return c == ' ' || c == '.' || c == '-' || c == '/'
}
