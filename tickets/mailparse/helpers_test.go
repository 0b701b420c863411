package mailparse

import (
	"bytes"
	"encoding/base64"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

// testLimit is the size limit used by tests that are not about size.
const testLimit = 1 << 20

// parseCase is one table test: a raw message written with LF line ends and
// what Parse must make of it. Each case runs with LF and with CRLF line
// ends.
type parseCase struct {
	name string
	raw  string
	want Message
}

// runParseCases parses every case with both line-end styles and compares
// the whole Message.
func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		for _, style := range []string{"LF", "CRLF"} {
			t.Run(tc.name+"/"+style, func(t *testing.T) {
				raw := tc.raw
				if style == "CRLF" {
					raw = crlf(raw)
				}
				got, err := Parse(strings.NewReader(raw), testLimit)
				require.NoError(t, err)
				require.True(t, tc.want.Date.Equal(got.Date), "date: want %v, got %v", tc.want.Date, got.Date)
				want := tc.want
				want.Date, got.Date = time.Time{}, time.Time{}
				require.Equal(t, want, got)
			})
		}
	}
}

// crlf turns the LF line ends of a message written in a test into the CRLF
// of the wire.
// It leaves CRLF as it is.
func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// b64 encodes s in base64 with lines of 76 characters, as mailers do.
func b64(s string) string {
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	var lines []string
	for len(enc) > 76 {
		lines = append(lines, enc[:76])
		enc = enc[76:]
	}
	return strings.Join(append(lines, enc), "\n")
}

// qp encodes s in quoted-printable.
func qp(s string) string {
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return strings.ReplaceAll(buf.String(), "\r\n", "\n")
}

// encode converts UTF-8 test text to a single-byte charset.
func encode(t testing.TB, cm *charmap.Charmap, s string) string {
	t.Helper()
	out, err := cm.NewEncoder().String(s)
	require.NoError(t, err)
	return out
}

// date builds a time in a fixed UTC offset given in hours.
func date(y int, mo time.Month, d, h, mi, s, offsetHours int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.FixedZone("", offsetHours*3600))
}
