package mailparse

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// secret is put in refused messages to check that errors never echo
// message content.
const secret = "GEHEIM-MARKER-77310"

func TestParseErrors(t *testing.T) {
	from := "From: Jan Peeters <jan@example.be>\nSubject: " + secret + "\n"
	multi := from + "Content-Type: multipart/mixed; boundary=zz\n\n"
	cases := []struct {
		name, raw string
		want      error
		reason    string
	}{
		{"empty", "", ErrMalformed, "empty message"},
		{"only blank lines", "\n\n\n", ErrMalformed, "empty message"},
		{"garbage", "Bonjour, je n'ai pas reçu mon relevé de pension " + secret + "\nmerci\n", ErrMalformed, "header cannot be parsed"},
		{"binary garbage", "\x00\x01\x02\xff\xfe " + secret + "\n\n", ErrMalformed, "header cannot be parsed"},
		{"header line without colon", from + secret + " geen dubbelepunt\n\nBeste,\n", ErrMalformed, "header cannot be parsed"},
		{"multipart boundary never closed", multi + "--zz\nContent-Type: text/plain\n\nBeste, " + secret + "\n", ErrMalformed, "multipart boundary never closed"},
		{"multipart header cut off", multi + "--zz\nContent-Type: text/plain", ErrMalformed, "multipart boundary never closed"},
		{"multipart boundary not found", multi + "Beste, " + secret + "\n--other--\n", ErrMalformed, "multipart boundary not found"},
		{"multipart without boundary", from + "Content-Type: multipart/mixed\n\n--zz\n\nBeste,\n--zz--\n", ErrMalformed, "multipart entity without boundary"},
		{"multipart part header broken", multi + "--zz\n" + secret + "\n\nBeste,\n--zz--\n", ErrMalformed, "multipart part cannot be parsed"},
		{"header only multipart", from + "Content-Type: multipart/alternative; boundary=zz\n", ErrMalformed, "multipart boundary not found"},
		{"invalid base64", from + "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nQm9uam91ci*wgbW9u!IHJlbGV2w6k=\n", ErrMalformed, "invalid base64 encoding"},
		{"truncated base64", from + "Content-Transfer-Encoding: base64\n\nQm9uam91ciwgb\n", ErrMalformed, "invalid base64 encoding"},
		{"invalid base64 in attachment", multi + "--zz\n\nBeste,\n--zz\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0x$$$\n--zz--\n", ErrMalformed, "invalid base64 encoding"},
		{"invalid quoted-printable", from + "Content-Transfer-Encoding: quoted-printable\n\nBeste,\x01 " + secret + "\n", ErrMalformed, "invalid quoted-printable encoding"},
		{"multipart without parts", crlf(multi + "preamble\n--zz--\n"), ErrMalformed, "multipart entity without parts"},
		{"nested too deep", from + nested(11, "Beste,"), ErrMalformed, "MIME parts nested too deeply"},
		{"no From", "To: contact@example.be\nSubject: " + secret + "\n\nBeste,\n", ErrNoSender, "no From header"},
		{"empty From", "From:  \n\nBeste,\n", ErrNoSender, "no From header"},
		{"From without address", "From: Jan Peeters " + secret + "\n\nBeste,\n", ErrNoSender, "From header has no usable address"},
		{"From group without members", "From: undisclosed-recipients:;\n\nBeste,\n", ErrNoSender, "From header has no usable address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.raw), testLimit)
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, tc.want.Error()+": "+tc.reason, err.Error())
			require.NotContains(t, err.Error(), secret)
			for _, other := range []error{ErrTooLarge, ErrMalformed, ErrNoSender} {
				if other != tc.want {
					require.NotErrorIs(t, err, other)
				}
			}
		})
	}
}

func TestParseSizeLimit(t *testing.T) {
	raw := "From: jan@example.be\nSubject: Pension\n\nBonjour, je n'ai pas reçu mon relevé de pension.\n"
	n := int64(len(raw))

	m, err := Parse(strings.NewReader(raw), n)
	require.NoError(t, err, "a message of exactly the limit is accepted")
	require.Equal(t, "jan@example.be", m.From)

	r := &countingReader{r: strings.NewReader(raw + strings.Repeat("x", 10000))}
	_, err = Parse(r, n)
	require.ErrorIs(t, err, ErrTooLarge)
	require.EqualError(t, err, "mailparse: message too large: over the limit of "+itoa(n)+" bytes")
	require.LessOrEqual(t, r.n, n+1, "reads at most maxBytes+1 bytes")

	_, err = Parse(strings.NewReader(raw), 0)
	require.ErrorIs(t, err, ErrTooLarge)
	_, err = Parse(strings.NewReader(raw), -5)
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestParseReaderError(t *testing.T) {
	boom := errors.New("connection reset")
	_, err := Parse(iotest.ErrReader(boom), testLimit)
	require.ErrorIs(t, err, boom)
	for _, s := range []error{ErrTooLarge, ErrMalformed, ErrNoSender} {
		require.NotErrorIs(t, err, s, "a read failure is not the message's fault")
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func itoa(n int64) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
