package report

import (
	"strings"
	"unicode/utf8"
)

// Escape makes s safe to put in a spreadsheet cell, XLSX or CSV.
//
// A value starting with =, +, -, @ or a control character (tab, carriage
// return, line feed, NUL…) gets a leading single quote, so that Excel, LibreOffice and Google Sheets
// show it as text instead of running it as a formula (CSV injection, OWASP).
// Before that, characters that XML 1.0 cannot carry are replaced with
// U+FFFD, leaving a visible trace rather than silently dropping them: C0
// control characters other than tab and line feed, U+FFFE, U+FFFF and
// invalid UTF-8. Carriage returns become line feeds, which is how a
// spreadsheet stores a line break inside a cell.
//
// The quote is the only change made to a clean value, so removing it from a
// value that starts with a quote followed by one of the characters above
// gives back what was written.
func Escape(s string) string {
	cleaned := clean(s)
	// The original decides too: "\x00=1" is cleaned to "\uFFFD=1", but
	// an importer that drops the NUL would see "=1".
	if startsLikeFormula(s) || startsLikeFormula(cleaned) {
		return "'" + cleaned
	}
	return cleaned
}

// startsLikeFormula says whether a spreadsheet could read s as a formula:
// it starts with a formula sign, or with a control character (tab, line
// break, NUL…) that some importers strip before looking for one.
func startsLikeFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@':
		return true
	}
	return s[0] < 0x20
}

// clean replaces what XML cannot carry; it returns s itself, without
// copying, in the usual case where there is nothing to replace.
func clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	afterCR := false
	for _, r := range s {
		switch {
		case r == '\n' && afterCR:
			// The line feed of a CRLF pair: the CR already wrote it.
		case r == '\r':
			b.WriteByte('\n')
		case unfitForXML(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
		afterCR = r == '\r'
	}
	return b.String()
}

func needsCleaning(s string) bool {
	for _, r := range s {
		// RuneError stands for invalid UTF-8 here; a genuine U+FFFD only
		// takes the slow path, which keeps it as it is.
		if r == '\r' || r == utf8.RuneError || unfitForXML(r) {
			return true
		}
	}
	return false
}

// unfitForXML is the complement of XML 1.0's Char production, less the
// carriage return that clean turns into a line feed.
func unfitForXML(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF
}
