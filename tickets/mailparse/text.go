package mailparse

import (
	"errors"
	"io"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// wordDecoder decodes RFC 2047 encoded words in any charset htmlindex knows
// (UTF-8, US-ASCII and ISO-8859-1 are built into mime.WordDecoder).
var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// errCharset is what charsetReader returns for a charset it does not know.
var errCharset = errors.New("mailparse: unknown charset")

// charsetReader converts input from the named charset to UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(strings.TrimSpace(charset))
	if err != nil {
		return nil, errCharset
	}
	return enc.NewDecoder().Reader(input), nil
}

// toUTF8 converts text in the given charset to valid UTF-8. Text declared
// as ASCII or UTF-8, or in a charset that is not known, is kept if it is
// valid UTF-8 and otherwise read as windows-1252.
func toUTF8(data []byte, charset string) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8":
		return fixRaw(string(data))
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return fixRaw(string(data))
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return fixRaw(string(data))
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// fixRaw returns s if it is valid UTF-8 and otherwise reads it as
// windows-1252, the charset of most unlabelled 8-bit mail.
func fixRaw(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ToValidUTF8(out, "\uFFFD")
}

// decodeHeader decodes RFC 2047 encoded words in a header value, falls back
// to the raw value for an unknown charset, and folds whitespace.
func decodeHeader(s string) string {
	s = fixRaw(s)
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		s = fixRaw(d)
	}
	return cleanLine(s)
}

// cleanLine replaces control characters by spaces, folds whitespace runs
// into one space and trims.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// isSpace reports whether r is white space, including no-break spaces.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// normalizeText turns CRLF and CR into LF, drops control characters other
// than newline and tab, removes trailing spaces of lines and trims.
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// textPart is the text of one inline part, from text/plain or converted
// from text/html.
type textPart struct {
	text string
	html bool
}

// joinTexts keeps the plain-text parts, or the HTML ones if no plain part
// has text, and joins the non-empty ones with a blank line.
func joinTexts(parts []textPart) string {
	wantHTML := true
	for _, p := range parts {
		if !p.html && p.text != "" {
			wantHTML = false
		}
	}
	var out []string
	for _, p := range parts {
		if p.html == wantHTML && p.text != "" {
			out = append(out, p.text)
		}
	}
	return strings.Join(out, "\n\n")
}
