package insz_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
)

// The example number from the specification. Its check digits are verified
// against the rule in TestKnownNumbers rather than taken on trust.
const example = "85073003328"

func TestParseAcceptsSeparators(t *testing.T) {
	t.Parallel()
	inputs := []string{
		"85073003328",
		"85.07.30-033.28",
		"850730 033 28",
		"85 07 30 033 28",
		"85/07/30-033/28",
		"850730-033-28",
		"8 5 0 7 3 0 0 3 3 2 8",
		"85..07..30--033..28",
		"  85.07.30-033.28  ",
		"\t85073003328\r\n",
	}
	for _, in := range inputs {
		t.Run(fmt.Sprintf("%q", in), func(t *testing.T) {
			t.Parallel()
			n, err := insz.ParseAt(in, fixedNow)
			require.NoError(t, err)
			assert.Equal(t, insz.Number(example), n)
			assert.Equal(t, example, n.String())
			assert.True(t, insz.Valid(in))
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
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
	)
	n19 := func(first9 string) string { return ruleNumber(t, first9, false) }
	n20 := func(first9 string) string { return ruleNumber(t, first9, true) }

	tests := []struct {
		name  string
		input string
		kind  error
		msg   string
	}{
		{"empty", "", insz.ErrEmpty, msgEmpty},
		{"whitespace only", " \t\n", insz.ErrEmpty, msgEmpty},
		{"separators only", " .-/ ", insz.ErrEmpty, msgEmpty},

		{"letter O for zero", "85O73003328", insz.ErrCharacters, msgCharacters},
		{"comma", "85,07,30,033,28", insz.ErrCharacters, msgCharacters},
		{"tab inside", "850730\t03328", insz.ErrCharacters, msgCharacters},
		{"non-breaking space inside", "850730\u00a003328", insz.ErrCharacters, msgCharacters},
		{"fullwidth digit", "\uff185073003328", insz.ErrCharacters, msgCharacters},
		{"plus sign", "+85073003328", insz.ErrCharacters, msgCharacters},
		{"characters win over length", "12a", insz.ErrCharacters, msgCharacters},

		{"one digit", "8", insz.ErrLength, "The national number has 1 digit; it needs 11."},
		{"ten digits", "8507300332", insz.ErrLength, "The national number has 10 digits; it needs 11."},
		{"ten digits formatted", "85.07.30-033.2", insz.ErrLength, "The national number has 10 digits; it needs 11."},
		{"twelve digits", "850730033280", insz.ErrLength, "The national number has 12 digits; it needs 11."},
		{"many digits", strings.Repeat("1", 250), insz.ErrLength, "The national number has 250 digits; it needs 11."},

		{"last digit typo", "85073003329", insz.ErrChecksum, msgChecksum},
		{"swapped digits", "85070303328", insz.ErrChecksum, msgChecksum},
		{"check digits 00", "85073003300", insz.ErrChecksum, msgChecksum},
		{"check digits 98", "85073003398", insz.ErrChecksum, msgChecksum},
		{"check digits 99", "85073003399", insz.ErrChecksum, msgChecksum},

		{"month 13", n19("851330033"), insz.ErrDate, msgMonth},
		{"month 19", n19("851930033"), insz.ErrDate, msgMonth},
		{"BIS month 33", n19("853330033"), insz.ErrDate, msgMonth},
		{"BIS month 39", n19("853930033"), insz.ErrDate, msgMonth},
		{"BIS month 53", n19("855330033"), insz.ErrDate, msgMonth},
		{"month 99", n19("859930033"), insz.ErrDate, msgMonth},
		{"month 13 reported before a bad checksum", "85133003300", insz.ErrDate, msgMonth},
		{"day 32", n19("850132033"), insz.ErrDate, msgDay},
		{"day 99", n19("850199033"), insz.ErrDate, msgDay},
		{"31 April", n19("850431033"), insz.ErrDate, msgDayInMonth},
		{"31 June", n19("850631033"), insz.ErrDate, msgDayInMonth},
		{"30 February", n19("850230033"), insz.ErrDate, msgDayInMonth},
		{"BIS 31 September", n19("852931033"), insz.ErrDate, msgDayInMonth},
		{"BIS 31 November", n19("855131033"), insz.ErrDate, msgDayInMonth},
		{"29 February 1900", n19("000229033"), insz.ErrDate, msgLeapDay},
		{"29 February 1985", n19("850229033"), insz.ErrDate, msgLeapDay},
		{"29 February 2001", n20("010229033"), insz.ErrDate, msgLeapDay},
		{"BIS 29 February 1985", n19("852229033"), insz.ErrDate, msgLeapDay},

		{"sequence 000", n19("850730000"), insz.ErrSequence, msgSequence},
		{"sequence 999", n19("850730999"), insz.ErrSequence, msgSequence},
		{"sequence 000 from 2000", n20("100730000"), insz.ErrSequence, msgSequence},
		{"sequence 999 before a bad checksum", "85073099900", insz.ErrSequence, msgSequence},

		{"next year, 2000 rule", n20("270101033"), insz.ErrDate, msgFuture},
		{"tomorrow", n20("260316033"), insz.ErrDate, msgFuture},
		{"next month, day unknown", n20("260400033"), insz.ErrDate, msgFuture},
		{"next year, month unknown", n20("270000033"), insz.ErrDate, msgFuture},
		{"2099 BIS", n20("994012033"), insz.ErrDate, msgFuture},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := insz.ParseAt(tc.input, fixedNow)
			require.Error(t, err)
			assert.Empty(t, n)
			assert.ErrorIs(t, err, tc.kind)
			for _, other := range sentinels {
				if other != tc.kind {
					assert.NotErrorIs(t, err, other)
				}
			}
			var e *insz.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.kind, e.Kind)
			assert.Equal(t, tc.msg, e.Message)
			assert.Equal(t, tc.msg, err.Error())
			requireNoEcho(t, tc.input, err)
			if tc.msg != msgFuture { // Valid uses the real clock, later than fixedNow
				assert.False(t, insz.Valid(tc.input))
			}
		})
	}
}

func TestErrorWrapping(t *testing.T) {
	t.Parallel()
	_, err := insz.ParseAt("85073003329", fixedNow)
	wrapped := fmt.Errorf("saving contact: %w", err)
	assert.ErrorIs(t, wrapped, insz.ErrChecksum)
	var e *insz.Error
	require.ErrorAs(t, wrapped, &e)
	assert.Equal(t, insz.ErrChecksum, errors.Unwrap(e))
}

func TestKnownNumbers(t *testing.T) {
	t.Parallel()
	// Published examples; the first assertion re-derives each one's check
	// digits from the rule, so none is trusted blindly.
	tests := []struct {
		number      string
		from2000    bool
		bis         bool
		sex         insz.Sex
		y, m, d     int
		formatted   string
		description string
	}{
		{example, false, false, insz.SexMale, 1985, 7, 30, "85.07.30-033.28", "national number 1985"},
		{"17073003384", true, false, insz.SexMale, 2017, 7, 30, "17.07.30-033.84", "national number 2017"},
		{"98472899765", false, true, insz.SexMale, 1998, 7, 28, "98.47.28-997.65", "BIS +40 1998"},
		{"01490700185", true, true, insz.SexMale, 2001, 9, 7, "01.49.07-001.85", "BIS +40 2001"},
	}
	for _, tc := range tests {
		t.Run(tc.description, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, ruleNumber(t, tc.number[:9], tc.from2000), tc.number)
			n, err := insz.ParseAt(tc.number, fixedNow)
			require.NoError(t, err)
			assert.Equal(t, tc.formatted, n.Formatted())
			assert.Equal(t, tc.from2000, n.BornFrom2000())
			assert.Equal(t, tc.bis, n.IsBIS())
			assert.Equal(t, tc.sex, n.Sex())
			y, m, d, ok := n.BirthDate()
			assert.True(t, ok)
			assert.Equal(t, []int{tc.y, tc.m, tc.d}, []int{y, m, d})
		})
	}
}

func TestCenturies(t *testing.T) {
	t.Parallel()
	// The same nine digits under both rules: the check digits alone decide
	// the century.
	for _, first9 := range []string{"000101001", "050615002", "100730033", "251231998", "260315001"} {
		t.Run(first9, func(t *testing.T) {
			t.Parallel()
			cc19, cc20 := ruleCC(t, first9, false), ruleCC(t, first9, true)
			require.NotEqual(t, cc19, cc20, "the rules cannot agree: 2000000000 is not a multiple of 97")

			old, err := insz.ParseAt(first9+cc19, fixedNow)
			require.NoError(t, err)
			assert.False(t, old.BornFrom2000())
			y, _, _, _ := old.BirthDate()
			assert.Equal(t, 1900+atoi(t, first9[:2]), y)

			young, err := insz.ParseAt(first9+cc20, fixedNow)
			require.NoError(t, err)
			assert.True(t, young.BornFrom2000())
			y, _, _, _ = young.BirthDate()
			assert.Equal(t, 2000+atoi(t, first9[:2]), y)
		})
	}

	t.Run("only the 1900 rule is possible for a future 20YY", func(t *testing.T) {
		t.Parallel()
		first9 := "991231998"
		n, err := insz.ParseAt(ruleNumber(t, first9, false), fixedNow)
		require.NoError(t, err)
		assert.False(t, n.BornFrom2000())
		_, err = insz.ParseAt(ruleNumber(t, first9, true), fixedNow)
		assert.ErrorIs(t, err, insz.ErrDate)
	})
}

func TestEveryCheckDigitPair(t *testing.T) {
	t.Parallel()
	// For a past date reachable in both centuries, exactly the two rule
	// values out of 00..99 are accepted.
	for _, first9 := range []string{"100730033", "010101002", "200229997"} {
		t.Run(first9, func(t *testing.T) {
			t.Parallel()
			want := map[string]bool{ruleCC(t, first9, false): true, ruleCC(t, first9, true): true}
			accepted := 0
			for cc := 0; cc <= 99; cc++ {
				s := fmt.Sprintf("%s%02d", first9, cc)
				_, err := insz.ParseAt(s, fixedNow)
				if want[s[9:]] {
					assert.NoError(t, err)
					accepted++
				} else {
					assert.ErrorIs(t, err, insz.ErrChecksum)
				}
			}
			assert.Equal(t, 2, accepted)
		})
	}
}

func TestCheckDigits97(t *testing.T) {
	t.Parallel()
	// Find serial numbers whose nine digits are a multiple of 97 under each
	// rule: their check digits must be 97, never 00.
	for _, from2000 := range []bool{false, true} {
		t.Run(fmt.Sprintf("from2000=%v", from2000), func(t *testing.T) {
			t.Parallel()
			found := false
			for seq := 1; seq <= 998 && !found; seq++ {
				first9 := fmt.Sprintf("050607%03d", seq)
				if ruleCC(t, first9, from2000) != "97" {
					continue
				}
				found = true
				n, err := insz.ParseAt(first9+"97", fixedNow)
				require.NoError(t, err)
				assert.Equal(t, from2000, n.BornFrom2000())
				_, err = insz.ParseAt(first9+"00", fixedNow)
				assert.ErrorIs(t, err, insz.ErrChecksum)
			}
			require.True(t, found, "97 consecutive serial numbers always contain a multiple of 97")
		})
	}
}

func TestBIS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		first9   string
		from2000 bool
		sex      insz.Sex
		y, m, d  int
		ok       bool
	}{
		{"+20 odd serial: sex unknown", "852730033", false, insz.SexUnknown, 1985, 7, 30, true},
		{"+20 even serial: sex unknown", "852730034", false, insz.SexUnknown, 1985, 7, 30, true},
		{"+40 odd serial: male", "854730033", false, insz.SexMale, 1985, 7, 30, true},
		{"+40 even serial: female", "854730034", false, insz.SexFemale, 1985, 7, 30, true},
		{"+20 January", "852101001", false, insz.SexUnknown, 1985, 1, 1, true},
		{"+40 December from 2000", "105231002", true, insz.SexFemale, 2010, 12, 31, true},
		{"+20 unknown month and day", "852000001", false, insz.SexUnknown, 1985, 0, 0, false},
		{"+40 unknown month and day", "854000002", false, insz.SexFemale, 1985, 0, 0, false},
		{"+40 unknown day", "854700001", false, insz.SexMale, 1985, 7, 0, false},
		{"+20 29 February 2000", "002229001", true, insz.SexUnknown, 2000, 2, 29, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := insz.ParseAt(ruleNumber(t, tc.first9, tc.from2000), fixedNow)
			require.NoError(t, err)
			assert.True(t, n.IsBIS())
			assert.Equal(t, tc.sex, n.Sex())
			assert.Equal(t, tc.from2000, n.BornFrom2000())
			y, m, d, ok := n.BirthDate()
			assert.Equal(t, []int{tc.y, tc.m, tc.d}, []int{y, m, d})
			assert.Equal(t, tc.ok, ok)
		})
	}
}

func TestNationalNumberSex(t *testing.T) {
	t.Parallel()
	for seq, want := range map[string]insz.Sex{"001": insz.SexMale, "002": insz.SexFemale, "997": insz.SexMale, "998": insz.SexFemale} {
		n, err := insz.ParseAt(ruleNumber(t, "850730"+seq, false), fixedNow)
		require.NoError(t, err)
		assert.Equal(t, want, n.Sex(), seq)
		assert.False(t, n.IsBIS())
	}
}

func TestUnknownMonthAndDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		first9   string
		from2000 bool
		y, m     int
	}{
		{"month and day unknown", "850000033", false, 1985, 0},
		{"day unknown", "850700033", false, 1985, 7},
		{"day unknown in February", "850200033", false, 1985, 2},
		// Month 00 with day digits: the registers' counter-exhaustion
		// scheme, where digits 5 and 6 are not a day.
		{"month unknown, day digits 01", "850001033", false, 1985, 0},
		{"month unknown, day digits 45", "850045033", false, 1985, 0},
		{"fictitious date 00 00 01 (1900)", "000001001", false, 1900, 0},
		{"fictitious date 00 00 01 (2000)", "000001001", true, 2000, 0},
		{"this year, month unknown", "260000001", true, 2026, 0},
		{"this month, day unknown", "260300001", true, 2026, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := insz.ParseAt(ruleNumber(t, tc.first9, tc.from2000), fixedNow)
			require.NoError(t, err)
			y, m, d, ok := n.BirthDate()
			assert.False(t, ok)
			assert.Equal(t, tc.y, y)
			assert.Equal(t, tc.m, m)
			assert.Zero(t, d)
		})
	}
}

func TestLeapYears(t *testing.T) {
	t.Parallel()
	tests := []struct {
		year int
		leap bool
	}{
		{1900, false}, {1904, true}, {1996, true}, {1997, false}, {1999, false},
		{2000, true}, {2001, false}, {2004, true}, {2024, true}, {2025, false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.year), func(t *testing.T) {
			t.Parallel()
			first9 := fmt.Sprintf("%02d0229002", tc.year%100)
			n, err := insz.ParseAt(ruleNumber(t, first9, tc.year >= 2000), fixedNow)
			if !tc.leap {
				require.ErrorIs(t, err, insz.ErrDate)
				return
			}
			require.NoError(t, err)
			y, m, d, ok := n.BirthDate()
			assert.True(t, ok)
			assert.Equal(t, []int{tc.year, 2, 29}, []int{y, m, d})
			// 28 February and 1 March are always fine.
			for _, md := range []string{"0228", "0301"} {
				other := fmt.Sprintf("%02d%s002", tc.year%100, md)
				_, err := insz.ParseAt(ruleNumber(t, other, tc.year >= 2000), fixedNow)
				assert.NoError(t, err)
			}
		})
	}
}

func TestFutureBoundary(t *testing.T) {
	t.Parallel()
	today := ruleNumber(t, "260315001", true)
	tomorrow := ruleNumber(t, "260316001", true)

	_, err := insz.ParseAt(today, fixedNow)
	assert.NoError(t, err, "born today")
	_, err = insz.ParseAt(tomorrow, fixedNow)
	assert.ErrorIs(t, err, insz.ErrDate)

	// The day is that of now in now's own location: at 23:30 UTC on
	// 15 March it is already 16 March in Brussels.
	brussels := time.FixedZone("CET", 3600)
	late := time.Date(2026, time.March, 15, 23, 30, 0, 0, time.UTC)
	_, err = insz.ParseAt(tomorrow, late)
	assert.ErrorIs(t, err, insz.ErrDate)
	_, err = insz.ParseAt(tomorrow, late.In(brussels))
	assert.NoError(t, err)

	// Parse uses the real clock, which is after fixedNow.
	assert.True(t, insz.Valid(today))
}

func TestFormattedRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []string{example, "98472899765", ruleNumber(t, "000001001", true)} {
		n, err := insz.ParseAt(s, fixedNow)
		require.NoError(t, err)
		f := n.Formatted()
		assert.Len(t, f, 15)
		assert.Regexp(t, `^\d\d\.\d\d\.\d\d-\d\d\d\.\d\d$`, f)
		back, err := insz.ParseAt(f, fixedNow)
		require.NoError(t, err)
		assert.Equal(t, n, back)
	}
}

func TestMalformedNumberMethods(t *testing.T) {
	t.Parallel()
	// Numbers made by conversion are not validated; the methods must still
	// be safe to call.
	for _, s := range []string{"", "abc", "8507300332", "850730033280", "85O73003328", "8507300332\u00e9"} {
		n := insz.Number(s)
		assert.NotPanics(t, func() {
			assert.Equal(t, s, n.String())
			assert.Equal(t, s, n.Formatted())
			assert.False(t, n.IsBIS())
			assert.Equal(t, insz.SexUnknown, n.Sex())
			assert.False(t, n.BornFrom2000())
			y, m, d, ok := n.BirthDate()
			assert.Equal(t, []int{0, 0, 0}, []int{y, m, d})
			assert.False(t, ok)
		}, "%q", s)
	}
	// Eleven digits with an impossible month: formatting still works, the
	// date is reported as unknown.
	n := insz.Number("85133003328")
	assert.NotPanics(t, func() {
		assert.Equal(t, "85.13.30-033.28", n.Formatted())
		assert.False(t, n.IsBIS())
		assert.Equal(t, insz.SexUnknown, n.Sex())
		_, _, _, ok := n.BirthDate()
		assert.False(t, ok)
	})
}

func TestSexString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "unknown", insz.SexUnknown.String())
	assert.Equal(t, "male", insz.SexMale.String())
	assert.Equal(t, "female", insz.SexFemale.String())
	assert.Equal(t, "Sex(7)", insz.Sex(7).String())
	assert.Equal(t, "Sex(-1)", insz.Sex(-1).String())
	var zero insz.Sex
	assert.Equal(t, insz.SexUnknown, zero)
}

func TestLogValueRedacts(t *testing.T) {
	t.Parallel()
	n, err := insz.ParseAt(example, fixedNow)
	require.NoError(t, err)
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("lookup", "citizen", n)
	logger.Info("lookup", slog.Any("citizen", n))
	assert.NotContains(t, buf.String(), example)
	assert.NotContains(t, buf.String(), n.Formatted())
	assert.Contains(t, buf.String(), "redacted")
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	v := 0
	for _, c := range s {
		require.True(t, c >= '0' && c <= '9')
		v = v*10 + int(c-'0')
	}
	return v
}
