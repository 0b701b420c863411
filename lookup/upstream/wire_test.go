package upstream

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/lookup"
)

func TestPartialDate(t *testing.T) {
	t.Parallel()
	for s, ok := range map[string]bool{
		"1985-07-30": true, "1985-07-00": true, "1985-00-00": true, "2000-02-29": true,
		"1985-00-12": false, "1985-13-00": false, "1985-02-30": false, "1985-7-30": false,
		"1985-+7-00": false, "85-07-30": false, "1985/07/30": false, "": false,
	} {
		err := partialDate("birth_date", &s)
		require.Equal(t, ok, err == nil, s)
	}
	require.Error(t, partialDate("birth_date", nil))
}

func TestIdentityChecks(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"unknown sex":    `"sex":"male"` + "|" + `"sex":"M"`,
		"no last name":   `"last_name":"Testperson",` + "|" + ``,
		"bad country":    `"country":"BE"` + "|" + `"country":"Belgium"`,
		"no address":     `"address":{` + "|" + `"elsewhere":{`,
		"no first name":  `"first_name":"Example",` + "|" + ``,
		"bad birth date": `"birth_date":"1985-07-00"` + "|" + `"birth_date":"30/07/1985"`,
	}
	for name, edit := range cases {
		from, to, _ := strings.Cut(edit, "|")
		body := strings.Replace(identityJSON, from, to, 1)
		require.NotEqual(t, identityJSON, body, name)
		b := setup(t, reply(200, body))
		_, err := b.client.Identity(consulting(t), asked)
		requireFailure(t, err, ErrBadAnswer)
	}
}

func TestPensionChecks(t *testing.T) {
	t.Parallel()
	for _, edit := range []string{
		`"kind":"defined_contribution"|"kind":"lottery"`,
		`"reserves_cents":1234500|"reserves_cents":-1`,
		`"active":true|"active":"yes"`,
		`,"active":true|`,
		`"reference_date":"2025-01-01"|"reference_date":"2025-01"`,
	} {
		from, to, _ := strings.Cut(edit, "|")
		body := strings.Replace(pensionJSON, from, to, 1)
		require.NotEqual(t, pensionJSON, body, edit)
		b := setup(t, reply(200, body))
		_, err := b.client.SupplementaryPension(consulting(t), asked)
		requireFailure(t, err, ErrBadAnswer)
	}
}

func TestReason(t *testing.T) {
	t.Parallel()
	for err, want := range map[error]string{
		nil:                          "",
		lookup.ErrNotFound:           "not_found",
		context.DeadlineExceeded:     "timeout",
		context.Canceled:             "canceled",
		errors.New("anything"):       "unavailable",
		lookup.ErrUnavailable:        "unavailable",
		&failure{reason: ErrTimeout}: "timeout",
		fmt.Errorf("x: %w", &failure{reason: ErrCircuitOpen}): "circuit_open",
		&failure{reason: ErrBadAnswer}:                        "bad_answer",
		&failure{reason: ErrRefused}:                          "refused",
		&failure{reason: ErrFailed}:                           "unavailable",
	} {
		require.Equal(t, want, Reason(err), "%v", err)
	}
}
