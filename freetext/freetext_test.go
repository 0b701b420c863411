package freetext_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/freetext"
	"contactd/freetext/freetexttest"
)

// TestCheck: the guard's answers, one case each — empty, not text, too
// long, another's number (whatever the separators), the own number, and
// the consulted-data warning that a confirmation lifts (§5).
func TestCheck(t *testing.T) {
	t.Parallel()
	own := strings.NewReplacer(".", "", "-", "").Replace(freetexttest.OtherNumber(1, ""))
	other := freetexttest.OtherNumber(2, own)
	for _, tc := range []struct {
		name, text, own string
		confirmed       bool
		code            string
		warning         bool
	}{
		{"empty", "  \n", "", false, freetext.CodeEmpty, false},
		{"not text", "a\x00b", "", false, freetext.CodeNotText, false},
		{"too long", strings.Repeat("é", 11), "", false, freetext.CodeTooLong, false},
		{"another's number", "about " + other, own, true, freetext.CodeOtherNumber, false},
		{"any number when about nobody", "about " + own, "", true, freetext.CodeOtherNumber, false},
		{"the own number", "caller " + own + " called back", own, false, "", false},
		{"salary", freetexttest.Salary, "", false, freetext.CodeLooksConsulted, true},
		{"career periods", freetexttest.Career, "", false, freetext.CodeLooksConsulted, true},
		{"confirmed", freetexttest.Career, "", true, "", false},
		{"plain prose", "The citizen asks why a period is missing.", "", false, "", false},
		// The outside tester's variants (issue 14): other ways to write
		// the same number, amount or period.
		{"full-width digits", "about " + fullWidth(other), own, true, freetext.CodeOtherNumber, false},
		{"underscores", "about " + regroup(other, "_", 2, 2, 2, 3, 2), own, true, freetext.CodeOtherNumber, false},
		{"other groups", "about " + regroup(other, " ", 4, 4, 3), own, true, freetext.CodeOtherNumber, false},
		{"wide gaps", "about " + regroup(other, "     ", 2, 2, 2, 3, 2), own, true, freetext.CodeOtherNumber, false},
		{"currency glued", "EUR2345", "", false, freetext.CodeLooksConsulted, true},
		{"non-breaking space", "€\u00a02345.67", "", false, freetext.CodeLooksConsulted, true},
		{"plain decimal", "monthly 2345.67", "", false, freetext.CodeLooksConsulted, true},
		{"salaris", "het salaris van de werkgever", "", false, freetext.CodeLooksConsulted, true},
		{"wedde", "de wedde bij Claeys", "", false, freetext.CodeLooksConsulted, true},
		{"slashed ISO dates", "1985/03/24 tot 2003/11/23", "", false, freetext.CodeLooksConsulted, true},
		{"month names", "24 maart 1985 tot 23 november 2003", "", false, freetext.CodeLooksConsulted, true},
		{"month and year", "03.1985 - 11.2003", "", false, freetext.CodeLooksConsulted, true},
		{"non-breaking hyphens", "1985\u201103\u201124 tot 2003\u201111\u201123", "", false, freetext.CodeLooksConsulted, true},
		// The second round's variants.
		{"Arabic-Indic digits", "partner " + arabicIndic(other), own, true, freetext.CodeOtherNumber, false},
		{"a long gap", "partner " + regroup(other, strings.Repeat(" ", 12), 5, 6), own, true, freetext.CodeOtherNumber, false},
		{"the letter O for zero", "partner " + strings.ReplaceAll(regroup(other, "", 11), "0", "O"), own, true, freetext.CodeOtherNumber, false},
		// What must not trip it.
		{"a landline", "questions: 02 345 67 89", "", false, "", false},
		{"an enterprise number", "KBO 0403.170.701 transfer", "", false, "", false},
		{"a letter and its reply", "wrote on 3 March 2026 and again on 10 March 2026", "", false, "", false},
		{"a ticket reference", "see CC-2026-000001 and CC-2026-000002", "", false, "", false},
		{"a phone number", "call back on +32 470 12 34 56 or 0470 12 34 56", "", false, "", false},
	} {
		limit := 200
		if tc.code == freetext.CodeTooLong {
			limit = 10
		}
		err := freetext.Check("note", tc.text, tc.own, limit, tc.confirmed)
		if tc.code == "" {
			require.NoError(t, err, tc.name)
			continue
		}
		var fe *freetext.Error
		require.True(t, errors.As(err, &fe), tc.name)
		require.Equal(t, tc.code, fe.Code, tc.name)
		require.Equal(t, tc.warning, fe.Warning, tc.name)
		require.Equal(t, "note", fe.Field)
		require.NotContains(t, fe.Error(), own, "the guard never repeats a number")
	}
}

// TestNumbers: identity values are checked for national numbers only —
// the surname Van Loon is not pay.
func TestNumbers(t *testing.T) {
	t.Parallel()
	require.NoError(t, freetext.Numbers("last_name", "Van Loon", ""))
	var fe *freetext.Error
	require.ErrorAs(t, freetext.Numbers("address", "Kerkstraat 1 "+freetexttest.OtherNumber(3, ""), ""), &fe)
	require.Equal(t, freetext.CodeOtherNumber, fe.Code)
}

// fullWidth writes a number's digits as full-width characters.
func fullWidth(n string) string {
	var b strings.Builder
	for _, r := range n {
		if r >= '0' && r <= '9' {
			r += '０' - '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// regroup writes a number's eleven digits in groups of the sizes given,
// joined by sep.
func regroup(n, sep string, sizes ...int) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, n)
	var parts []string
	for _, size := range sizes {
		parts = append(parts, digits[:size])
		digits = digits[size:]
	}
	return strings.Join(parts, sep)
}

// arabicIndic writes a number's digits in Arabic-Indic script.
func arabicIndic(n string) string {
	var b strings.Builder
	for _, r := range n {
		if r >= '0' && r <= '9' {
			r += '٠' - '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestStaff: a reason for a change of access may say dates and phone
// numbers, never a national number, an amount, pay or a career's period.
func TestStaff(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		"contract ended on 30/06/2026, new contract from 01/09/2026",
		"questions: 02 345 67 89", "KBO 0403.170.701 transfer", "moved to the Liège office",
	} {
		require.NoError(t, freetext.Staff("reason", ok, 500), ok)
	}
	for _, bad := range []string{
		freetexttest.OtherNumber(5, ""), freetexttest.Salary, freetexttest.Career, "EUR2345", "1985/03/24 - 2003/11/23",
	} {
		require.Error(t, freetext.Staff("reason", bad, 500), bad)
	}
}
