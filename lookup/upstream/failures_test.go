package upstream

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/lookup"
)

// requireFailure checks what every failure promises: the sentinel, the
// wrap of lookup.ErrUnavailable, and no national number in the text.
func requireFailure(t *testing.T, err error, sentinel error) {
	t.Helper()
	require.ErrorIs(t, err, sentinel)
	require.ErrorIs(t, err, lookup.ErrUnavailable)
	require.NotContains(t, err.Error(), asked.String())
	require.NotContains(t, err.Error(), someone.String())
}

// An answer about someone else is never returned, whatever it holds.
func TestWrongPersonIsBadAnswer(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(200, strings.ReplaceAll(identityJSON, asked.String(), someone.String())))
	got, err := b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrBadAnswer)
	require.Zero(t, got)
	require.NotContains(t, err.Error(), "Testperson")
	require.Equal(t, "bad_answer", Reason(err))
	require.EqualValues(t, 1, b.calls.Load(), "a bad answer is not retried")
}

func TestBadAnswers(t *testing.T) {
	t.Parallel()
	cases := map[string]respond{
		"malformed JSON":   reply(200, withAsked(`{"insz":"ASKED","periods":[`)),
		"trailing data":    reply(200, careerJSON+`{}`),
		"trailing brace":   reply(200, careerJSON+`}`),
		"missing insz":     reply(200, `{"periods":[]}`),
		"missing periods":  reply(200, withAsked(`{"insz":"ASKED"}`)),
		"null periods":     reply(200, withAsked(`{"insz":"ASKED","periods":null}`)),
		"unknown regime":   reply(200, strings.Replace(careerJSON, `"salaried"`, `"astronaut"`, 1)),
		"bad date":         reply(200, strings.Replace(careerJSON, `"2010-12-31"`, `"2010-02-30"`, 1)),
		"end before start": reply(200, strings.Replace(careerJSON, `"2010-12-31"`, `"2001-12-31"`, 1)),
		"days and quarters": reply(200, withAsked(`{"insz":"ASKED","periods":[
			{"regime":"salaried","employer":"X","start":"2001-01-01","end":"2001-12-31","days":10,"quarters":4}]}`)),
		"number as insz": reply(200, withAsked(`{"insz":ASKED,"periods":[]}`)),
		"not JSON": func(w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(careerJSON))
		},
		"oversize": reply(200, withAsked(`{"insz":"ASKED","periods":[],"padding":"`+strings.Repeat("x", maxAnswerBytes)+`"}`)),
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, h)
			got, err := b.client.Career(consulting(t), asked)
			requireFailure(t, err, ErrBadAnswer)
			require.Zero(t, got)
		})
	}
}

func TestRetriedThenFound(t *testing.T) {
	t.Parallel()
	b := setup(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeJSON(w, http.StatusServiceUnavailable, `{"error":"maintenance"}`)
			return
		}
		writeJSON(w, http.StatusOK, pensionJSON)
	})
	got, err := b.client.SupplementaryPension(consulting(t), asked)
	require.NoError(t, err)
	require.Equal(t, wantPension, got)
	require.EqualValues(t, 2, b.calls.Load())
}

func TestStatuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status   int
		sentinel error
		calls    int32
	}{
		{http.StatusTooManyRequests, ErrFailed, 3},
		{http.StatusInternalServerError, ErrFailed, 3},
		{http.StatusBadRequest, ErrFailed, 1}, // our bug: retrying cannot help
		{http.StatusUnauthorized, ErrRefused, 1},
		{http.StatusForbidden, ErrRefused, 1},
		{http.StatusTemporaryRedirect, ErrFailed, 1}, // never followed
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			b := setup(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Location", "https://elsewhere.invalid/")
				writeJSON(w, tc.status, `{}`)
			})
			_, err := b.client.Identity(consulting(t), asked)
			requireFailure(t, err, tc.sentinel)
			require.Equal(t, tc.calls, b.calls.Load())
		})
	}
}

// A registry that is down: the listener is closed before the call.
func TestRegistryDown(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(200, identityJSON))
	b.server.Close()
	_, err := b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrFailed)
	require.Equal(t, "unavailable", Reason(err))
}

// The registry refuses a certificate from an authority it does not trust.
func TestCertificateRefused(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(200, identityJSON), func(c *Config) { c.Certificate = pki(t).stranger })
	_, err := b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrRefused)
	require.Equal(t, "refused", Reason(err))
	require.Zero(t, b.calls.Load())
}

// New insists on a certificate; a client that somehow has none is
// refused by the registry all the same.
func TestNoCertificateRefused(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(200, identityJSON))
	b.client.http.Transport.(*http.Transport).TLSClientConfig.Certificates = nil
	_, err := b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrRefused)
	require.Zero(t, b.calls.Load())
}

// We refuse a registry whose certificate our authorities did not sign.
func TestRegistryCertificateNotTrusted(t *testing.T) {
	t.Parallel()
	b := setup(t, reply(200, identityJSON), func(c *Config) { c.RootCAs = nil })
	_, err := b.client.Identity(consulting(t), asked)
	requireFailure(t, err, ErrFailed)
	require.Zero(t, b.calls.Load())
}
