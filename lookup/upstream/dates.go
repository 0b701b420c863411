package upstream

import "time"

// dateLayout is the only date form of the contract: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// fullDate requires a real calendar date in YYYY-MM-DD form.
func fullDate(field string, v *string) error {
	if v == nil || *v == "" {
		return missing(field)
	}
	if _, err := time.Parse(dateLayout, *v); err != nil {
		return invalid(field)
	}
	return nil
}

// partialDate is fullDate with the national register's 00 for an unknown
// day ("YYYY-MM-00") or an unknown month and day ("YYYY-00-00").
func partialDate(field string, v *string) error {
	if v == nil || *v == "" {
		return missing(field)
	}
	s := *v
	if len(s) != len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return invalid(field)
	}
	year, okY := digits(s[:4])
	month, okM := digits(s[5:7])
	day, okD := digits(s[8:])
	switch {
	case !okY || !okM || !okD || year < 1800:
		return invalid(field)
	case month == 0 && day == 0:
		return nil
	case day == 0 && month >= 1 && month <= 12:
		return nil
	}
	return fullDate(field, v)
}

// ordered requires start on or before end; both are checked dates, whose
// text order is their calendar order.
func ordered(field, start, end string) error {
	if start > end {
		return invalid(field)
	}
	return nil
}

// digits reads an unsigned decimal made of ASCII digits only (no sign).
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != ""
}
