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
