package insz_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
)

const draws = 10_000

func TestGenerate(t *testing.T) {
	t.Parallel()
	leapDay := time.Date(2000, time.February, 29, 15, 4, 5, 0, time.UTC)
	oldDay := time.Date(1901, time.December, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opt  insz.GenerateOptions
		sex  insz.Sex // expected Number.Sex; SexUnknown with opt.Sex unset means "either"
	}{
		{"default", insz.GenerateOptions{}, insz.SexUnknown},
		{"male", insz.GenerateOptions{Sex: insz.SexMale}, insz.SexMale},
		{"female", insz.GenerateOptions{Sex: insz.SexFemale}, insz.SexFemale},
		{"BIS sex unknown", insz.GenerateOptions{BIS: true}, insz.SexUnknown},
		{"BIS sex unknown, parity asked", insz.GenerateOptions{BIS: true, Sex: insz.SexFemale}, insz.SexUnknown},
		{"BIS sex known", insz.GenerateOptions{BIS: true, BISSexKnown: true}, insz.SexUnknown},
		{"BIS male", insz.GenerateOptions{BIS: true, BISSexKnown: true, Sex: insz.SexMale}, insz.SexMale},
		{"BIS female", insz.GenerateOptions{BIS: true, BISSexKnown: true, Sex: insz.SexFemale}, insz.SexFemale},
		{"BISSexKnown without BIS", insz.GenerateOptions{BISSexKnown: true, Sex: insz.SexMale}, insz.SexMale},
		{"born 29 February 2000", insz.GenerateOptions{Born: leapDay, Sex: insz.SexFemale}, insz.SexFemale},
		{"BIS born 29 February 2000", insz.GenerateOptions{BIS: true, BISSexKnown: true, Born: leapDay}, insz.SexUnknown},
		{"born 1901", insz.GenerateOptions{Born: oldDay}, insz.SexUnknown},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(i), 42))
			sexes := map[insz.Sex]int{}
			minYear, maxYear := 9999, 0
			for range draws {
				n := insz.Generate(r, tc.opt)
				got, err := insz.ParseAt(n.String(), fixedNow)
				require.NoError(t, err)
				require.Equal(t, n, got)
				require.True(t, insz.Valid(n.Formatted()))
				require.Equal(t, tc.opt.BIS, n.IsBIS())

				sex := n.Sex()
				sexes[sex]++
				switch {
				case tc.opt.BIS && !tc.opt.BISSexKnown:
					require.Equal(t, insz.SexUnknown, sex)
				case tc.sex != insz.SexUnknown:
					require.Equal(t, tc.sex, sex)
				default:
					require.NotEqual(t, insz.SexUnknown, sex)
				}

				y, m, d, ok := n.BirthDate()
				require.True(t, ok, "generated dates are complete")
				require.Equal(t, y >= 2000, n.BornFrom2000())
				if tc.opt.Born.IsZero() {
					require.GreaterOrEqual(t, y, 1940)
					require.LessOrEqual(t, y, 2010)
					date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
					require.Equal(t, []int{y, m, d}, []int{date.Year(), int(date.Month()), date.Day()}, "a real date")
				} else {
					by, bm, bd := tc.opt.Born.Date()
					require.Equal(t, []int{by, int(bm), bd}, []int{y, m, d})
				}
				minYear, maxYear = min(minYear, y), max(maxYear, y)
			}
			if tc.opt.Born.IsZero() {
				// 10,000 draws over 71 years reach both ends.
				assert.Equal(t, 1940, minYear)
				assert.Equal(t, 2010, maxYear)
			}
			if tc.opt.Sex == insz.SexUnknown && (!tc.opt.BIS || tc.opt.BISSexKnown) {
				assert.Greater(t, sexes[insz.SexMale], draws/3)
				assert.Greater(t, sexes[insz.SexFemale], draws/3)
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	gen := func(seed uint64) []insz.Number {
		r := rand.New(rand.NewPCG(seed, seed))
		out := make([]insz.Number, 100)
		for i := range out {
			out[i] = insz.Generate(r, insz.GenerateOptions{BIS: i%3 == 0, BISSexKnown: i%2 == 0})
		}
		return out
	}
	assert.Equal(t, gen(7), gen(7))
	assert.NotEqual(t, gen(7), gen(8))
}

func TestGenerateNilRand(t *testing.T) {
	t.Parallel()
	for range 100 {
		n := insz.Generate(nil, insz.GenerateOptions{})
		_, err := insz.ParseAt(n.String(), fixedNow)
		require.NoError(t, err)
	}
}

func TestGeneratePanicsOnProgrammingErrors(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 1))
	assert.Panics(t, func() {
		insz.Generate(r, insz.GenerateOptions{Born: time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)})
	})
	assert.Panics(t, func() {
		insz.Generate(r, insz.GenerateOptions{Born: time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC)})
	})
	assert.Panics(t, func() { insz.Generate(r, insz.GenerateOptions{Sex: insz.Sex(3)}) })
}

func TestCompute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		year, month, day int
		seq              int
		bis, sexKnown    bool
		first9           string
		from2000         bool
	}{
		{"national 1985", 1985, 7, 30, 33, false, false, "850730033", false},
		{"national 2017", 2017, 7, 30, 33, false, false, "170730033", true},
		{"BIS +20", 1985, 7, 30, 33, true, false, "852730033", false},
		{"BIS +40", 2001, 9, 7, 1, true, true, "014907001", true},
		{"sexKnown ignored without BIS", 1985, 7, 30, 34, false, true, "850730034", false},
		{"unknown month and day", 1960, 0, 0, 998, false, false, "600000998", false},
		{"unknown month, day digits 45", 1960, 0, 45, 5, false, false, "600045005", false},
		{"unknown day", 2003, 11, 0, 2, false, false, "031100002", true},
		{"1900", 1900, 1, 1, 1, false, false, "000101001", false},
		{"2000 leap day", 2000, 2, 29, 1, false, false, "000229001", true},
		{"2099", 2099, 12, 31, 998, true, true, "995231998", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := insz.Compute(tc.year, tc.month, tc.day, tc.seq, tc.bis, tc.sexKnown)
			require.NoError(t, err)
			assert.Equal(t, ruleNumber(t, tc.first9, tc.from2000), n.String())
			assert.Equal(t, tc.from2000, n.BornFrom2000())
			// Far enough in the future that every computed number counts
			// as born.
			_, err = insz.ParseAt(n.String(), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
			assert.NoError(t, err)
		})
	}
}

func TestComputeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		year, month, day, seq int
		kind                  error
		msg                   string
	}{
		{"year 1899", 1899, 1, 1, 1, insz.ErrDate, "The birth year must be between 1900 and 2099."},
		{"year 2100", 2100, 1, 1, 1, insz.ErrDate, "The birth year must be between 1900 and 2099."},
		{"month 13", 1985, 13, 1, 1, insz.ErrDate, "The birth month must be between 1 and 12, or 0 if unknown."},
		{"month -1", 1985, -1, 1, 1, insz.ErrDate, "The birth month must be between 1 and 12, or 0 if unknown."},
		{"31 April", 1985, 4, 31, 1, insz.ErrDate, "The birth day does not exist in that month; use 0 if the day is unknown."},
		{"29 February 1900", 1900, 2, 29, 1, insz.ErrDate, "The birth day does not exist in that month; use 0 if the day is unknown."},
		{"day -1", 1985, 4, -1, 1, insz.ErrDate, "The birth day does not exist in that month; use 0 if the day is unknown."},
		{"unknown month, day 100", 1985, 0, 100, 1, insz.ErrDate, "When the birth month is unknown (0), the day digits must be between 0 and 99."},
		{"sequence 0", 1985, 7, 30, 0, insz.ErrSequence, "The serial number must be between 1 and 998."},
		{"sequence 999", 1985, 7, 30, 999, insz.ErrSequence, "The serial number must be between 1 and 998."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := insz.Compute(tc.year, tc.month, tc.day, tc.seq, false, false)
			assert.Empty(t, n)
			require.ErrorIs(t, err, tc.kind)
			assert.Equal(t, tc.msg, err.Error())
		})
	}
}

func TestComputeEveryDay(t *testing.T) {
	t.Parallel()
	// Every calendar day of a common and a leap year in each century, both
	// sexes, national and BIS: Compute must agree with the rule and with
	// ParseAt.
	for _, year := range []int{1900, 1999, 2000, 2023} {
		for day := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == year; day = day.AddDate(0, 0, 1) {
			for _, seq := range []int{1, 998} {
				for _, bis := range []bool{false, true} {
					n, err := insz.Compute(year, int(day.Month()), day.Day(), seq, bis, true)
					require.NoError(t, err)
					mm := int(day.Month())
					if bis {
						mm += 40
					}
					first9 := fmt.Sprintf("%02d%02d%02d%03d", year%100, mm, day.Day(), seq)
					require.Equal(t, ruleNumber(t, first9, year >= 2000), n.String())
					_, err = insz.ParseAt(n.String(), fixedNow)
					require.NoError(t, err)
				}
			}
		}
	}
}
