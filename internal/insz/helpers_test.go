package insz_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/internal/insz"
)

// fixedNow is "today" for every deterministic test. It lies before the
// real clock, so whatever ParseAt accepts at fixedNow, Parse and Valid
// accept too.
var fixedNow = time.Date(2026, time.March, 15, 12, 0, 0, 0, time.UTC)

// ruleCC applies the published rule literally and independently of the
// package: CC = 97 - (N mod 97) where N is the first nine digits, with a
// "2" written in front of them for births from 2000 on.
func ruleCC(t testing.TB, first9 string, from2000 bool) string {
	t.Helper()
	require.Len(t, first9, 9)
	s := first9
	if from2000 {
		s = "2" + s
	}
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return fmt.Sprintf("%02d", 97-v%97)
}

// ruleNumber appends the rule's check digits to nine digits.
func ruleNumber(t testing.TB, first9 string, from2000 bool) string {
	t.Helper()
	return first9 + ruleCC(t, first9, from2000)
}

// digitsOf keeps only ASCII digits.
func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// requireNoEcho fails when an error message repeats the digits of the
// input. Messages contain at most three-digit literals ("000", "999") and
// digit counts, so any input of four or more digits must not appear.
func requireNoEcho(t testing.TB, input string, err error) {
	t.Helper()
	if d := digitsOf(input); len(d) >= 4 {
		require.NotContains(t, err.Error(), d, "error message repeats the number")
	}
	// Six consecutive digits of the input (e.g. the birth date) must not
	// appear either.
	for i := 0; i+6 <= len(input); i++ {
		if chunk := input[i : i+6]; digitsOf(chunk) == chunk {
			require.NotContains(t, err.Error(), chunk, "error message repeats part of the number")
		}
	}
}

// sentinels are all error kinds the package may return.
var sentinels = []error{
	insz.ErrEmpty, insz.ErrCharacters, insz.ErrLength,
	insz.ErrChecksum, insz.ErrDate, insz.ErrSequence,
}
