package retention

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a retention period in calendar units: "24mo" is two years to
// the day, whatever the leap years, as people count such periods. Exactly
// one unit is set.
type Period struct {
	Years, Months, Days int
}

// ParsePeriod reads a period: a positive whole number followed by d
// (days), mo (months) or y (years), e.g. 90d, 24mo, 10y.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	for _, u := range []struct {
		suffix string
		set    func(*Period, int)
	}{
		{"mo", func(p *Period, n int) { p.Months = n }},
		{"d", func(p *Period, n int) { p.Days = n }},
		{"y", func(p *Period, n int) { p.Years = n }},
	} {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 || n > 100*366 {
			break
		}
		var p Period
		u.set(&p, n)
		return p, nil
	}
	return Period{}, fmt.Errorf("%q is not a period: write a positive number of days, months or years, e.g. 90d, 24mo, 10y", s)
}

// String writes the period as ParsePeriod reads it.
func (p Period) String() string {
	switch {
	case p.Years != 0:
		return strconv.Itoa(p.Years) + "y"
	case p.Months != 0:
		return strconv.Itoa(p.Months) + "mo"
	}
	return strconv.Itoa(p.Days) + "d"
}

// Set reads the period of a command-line flag.
func (p *Period) Set(s string) error {
	v, err := ParsePeriod(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Before is the instant the period before t: data older than it go.
func (p Period) Before(t time.Time) time.Time {
	return t.AddDate(-p.Years, -p.Months, -p.Days)
}

// Positive says whether the period keeps anything at all.
func (p Period) Positive() bool {
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	return p.Before(epoch).Before(epoch)
}
