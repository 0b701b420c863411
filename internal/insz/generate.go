package insz

import (
	"math/rand/v2"
	"time"
)

// Compute builds the number for a birth date and serial number, with the
// check digits of the right century. It is the single place that applies
// the checksum rule when numbers are created, used by Generate and by tests
// and fixtures that need a number with particular properties.
//
// year must be 1900..2099 (the two centuries the check digits can express);
// month 1..12 or 0 when unknown; day a real day of that month (29 February
// only in leap years) or 0 when unknown; when month is 0 the day digits are
// not a day and any value 0..99 is accepted, as ParseAt does. seq must be
// 1..998; its parity encodes the sex (odd male, even female). bis adds 40
// to the month when sexKnown is true and 20 otherwise; sexKnown is ignored
// when bis is false.
//
// Compute does not refuse future dates (it has no notion of "now"), so a
// number computed for a date after today is refused by Parse until that
// date arrives. Errors are *Error values with Kind ErrDate or ErrSequence.
func Compute(year, month, day, seq int, bis, sexKnown bool) (Number, error) {
	if year < 1900 || year > 2099 {
		return "", newError(ErrDate, msgComputeYear)
	}
	if month < 0 || month > 12 {
		return "", newError(ErrDate, msgComputeMonth)
	}
	if month == 0 {
		if day < 0 || day > 99 {
			return "", newError(ErrDate, msgComputeDayNoMon)
		}
	} else if day < 0 || day > daysIn(month, year) {
		return "", newError(ErrDate, msgComputeDay)
	}
	if seq < 1 || seq > 998 {
		return "", newError(ErrSequence, msgComputeSequence)
	}
	mm := month
	if bis {
		if sexKnown {
			mm += bisKnownSex
		} else {
			mm += bisUnknownSex
		}
	}
	first9 := int64(year%100)*10_000_000 + int64(mm)*100_000 + int64(day)*1000 + int64(seq)
	cc := checkDigits(first9, year >= 2000)

	var b [numberLen]byte
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 9, int(first9))
	put(9, 2, cc)
	return Number(b[:]), nil
}

// GenerateOptions selects what kind of synthetic number Generate returns.
// The zero value asks for an ordinary national number of either sex, born
// on a random day between 1 January 1940 and 31 December 2010.
type GenerateOptions struct {
	// BIS asks for a BIS number instead of a National Register number.
	BIS bool
	// BISSexKnown chooses the BIS month offset: +40 (sex known) when true,
	// +20 (sex unknown) when false. Ignored unless BIS is set.
	BISSexKnown bool
	// Born fixes the birth date (its Year, Month and Day in its own
	// location; the clock time is ignored). Its year must be 1900..2099.
	// The zero time means a random date from 1940 through 2010, all in the
	// past so that the numbers pass Parse.
	Born time.Time
	// Sex fixes the parity of the serial number (odd SexMale, even
	// SexFemale); SexUnknown lets the generator pick. For a BIS number
	// without known sex the parity carries no meaning and Number.Sex
	// reports SexUnknown whatever is asked here.
	Sex Sex
}

// Generate returns a synthetic, checksum-valid number for demo data and
// tests.
//
// Synthetic numbers cannot be guaranteed not to belong to a real person:
// every combination of a past date, an issued serial number and correct
// check digits is one the registers may have issued, and there is no
// reserved test range. The choice made here is therefore reproducibility,
// not impossibility: all randomness comes from r (math/rand/v2), so a fixed
// seed yields the same numbers on every run, and such data must be treated
// as personal data all the same (never mailed, published, or used against
// production systems). For the same seed, options and package version the
// output is identical; a nil r draws from the unseeded global source.
// A *rand.Rand is not safe for concurrent use, so give each goroutine its
// own.
//
// Generate panics when opt.Born is outside 1900..2099 or opt.Sex is not one
// of the defined values: both are programming errors in test or seed code.
func Generate(r *rand.Rand, opt GenerateOptions) Number {
	intN := rand.IntN
	if r != nil {
		intN = r.IntN
	}

	var year, day int
	var month time.Month
	if opt.Born.IsZero() {
		first := time.Date(1940, time.January, 1, 0, 0, 0, 0, time.UTC)
		last := time.Date(2010, time.December, 31, 0, 0, 0, 0, time.UTC)
		span := int(last.Sub(first) / (24 * time.Hour))
		year, month, day = first.AddDate(0, 0, intN(span+1)).Date()
	} else {
		year, month, day = opt.Born.Date()
		if year < 1900 || year > 2099 {
			panic("insz: GenerateOptions.Born must be in the years 1900 to 2099")
		}
	}

	// 499 odd serial numbers (001..997) and 499 even ones (002..998).
	var seq int
	switch opt.Sex {
	case SexMale:
		seq = 2*intN(499) + 1
	case SexFemale:
		seq = 2*intN(499) + 2
	case SexUnknown:
		seq = intN(998) + 1
	default:
		panic("insz: GenerateOptions.Sex has an undefined value")
	}

	n, err := Compute(year, int(month), day, seq, opt.BIS, opt.BISSexKnown)
	if err != nil {
		// Unreachable: every input above is in Compute's domain.
		panic("insz: Generate built an invalid number: " + err.Error())
	}
	return n
}
