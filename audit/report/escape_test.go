package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                 "",
		"Jan Peeters":      "Jan Peeters",
		"'s-Gravenhage":    "'s-Gravenhage", // a leading quote alone is harmless
		"=1+1":             "'=1+1",
		"+32 2 123 45 67":  "'+32 2 123 45 67",
		"-5":               "'-5",
		"@SUM(A1)":         "'@SUM(A1)",
		"\tx":              "'\tx",
		"\rx":              "'\nx",
		"\nx":              "'\nx",
		"\x00=x":           "'\uFFFD=x",
		"a\x00b\x1fc\x7fd": "a\uFFFDb\uFFFDc\x7fd",
		"a\r\nb\rc\nd":     "a\nb\nc\nd",
		"bad \xff byte":    "bad \uFFFD byte",
		"\uFFFE\uFFFF":     "\uFFFD\uFFFD",
		"x=1":              "x=1",
		"é=":               "é=",
	}
	for in, want := range cases {
		require.Equal(t, want, Escape(in), "Escape(%q)", in)
	}
}

// FuzzEscape: whatever goes in, what comes out is valid UTF-8 that XML can
// carry and that no spreadsheet reads as a formula; a clean input comes
// back unchanged but for the quote; and escaping twice changes nothing.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a", "=1", "+1", "-1", "@a", "\t", "\r\n=", "\x00", "'=", "\xff", "\uFFFE", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Escape(in)
		require.True(t, utf8.ValidString(out), "%q", out)
		for _, r := range out {
			require.True(t, xmlChar(r) && r != '\r', "%q carries %U", out, r)
		}
		if out != "" {
			require.NotContains(t, "=+-@\t\r\n\x00", out[:1], "%q starts like a formula", out)
		}
		require.Equal(t, out, Escape(out), "idempotent")
		if !clean0(in) {
			return
		}
		if strings.ContainsAny(in[:min(1, len(in))], "=+-@\t\n") {
			require.Equal(t, "'"+in, out)
			require.Equal(t, in, strings.TrimPrefix(out, "'"))
		} else {
			require.Equal(t, in, out)
		}
	})
}

// clean0 says whether s needs no cleaning: valid UTF-8 of XML characters,
// no carriage return. Written apart from clean, so as to check it.
func clean0(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !xmlChar(r) || r == '\r' {
			return false
		}
	}
	return true
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
