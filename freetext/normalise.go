package freetext

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"contactd/internal/insz"
)

// normalise folds the ways a text can look the same and read differently
// to a pattern: compatibility forms (full-width digits, the non-breaking
// space) become their plain form (NFKC), and every dash becomes '-'. The
// guard reads the folded text; what is stored is what the person wrote.
func normalise(text string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '\u2010' && r <= '\u2015', r == '\u2212', r == '\uFE63', r == '\uFF0D':
			return '-'
		case unicode.IsSpace(r):
			return ' '
		case r > unicode.MaxASCII && unicode.Is(unicode.Nd, r):
			return '0' + digitValue(r)
		}
		return r
	}, norm.NFKC.String(text))
}

// digitValue is the value of a decimal digit of any script (Arabic-Indic,
// Devanagari, …): Unicode lays each script's digits out as ten code points
// in a row, zero first.
func digitValue(r rune) rune {
	zero := r
	for zero > 0 && unicode.Is(unicode.Nd, zero-1) {
		zero--
	}
	return (r - zero) % 10
}

// maxGap is the longest run of separators between two digit groups that
// still reads as one number written in groups.
const maxGap = 40

// numbersIn finds the national numbers text names: as insz.FindAll reads
// them, in the folded text with any punctuation between digits read as a
// separator ("47_02_14_381_06"), and as eleven digits in groups of any
// shape ("4702 1438 106"), however many separators between the groups.
func numbersIn(text string) []insz.Number {
	folded := normalise(text)
	found := insz.FindAll(folded)
	found = append(found, insz.FindAll(punctuationAsSpace(folded))...)
	for _, run := range digitRuns(lookalikes(ticketRef.ReplaceAllString(folded, " "))) {
		if len(run) == 11 {
			found = append(found, insz.FindAll(run)...)
		}
	}
	return found
}

// ticketRef is a ticket's reference (CC-2026-000001), whose digits are no
// one's number.
var ticketRef = regexp.MustCompile(`(?i)\b[a-z]{2}-\d{4}-\d{6,}\b`)

// punctuationAsSpace replaces every character that is neither a letter nor
// a digit by a space.
func punctuationAsSpace(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, text)
}

// digitRuns lists the runs of digits of text with the separators between
// them dropped: digits joined by at most maxGap characters that are
// neither letters nor digits count as one run. A run after a '+' is an
// international phone number (+32 470 12 34 56 has eleven digits) and is
// left out.
func digitRuns(text string) []string {
	var runs []string
	var cur strings.Builder
	gap, phone := 0, false
	flush := func() {
		if cur.Len() > 0 && !phone {
			runs = append(runs, cur.String())
		}
		cur.Reset()
		gap, phone = 0, false
	}
	prev := ' '
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
			if cur.Len() == 0 {
				phone = prev == '+'
			}
			cur.WriteRune(r)
			gap = 0
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flush()
		case cur.Len() > 0:
			if gap++; gap > maxGap {
				flush()
			}
		}
		if r != ' ' {
			prev = r
		}
	}
	flush()
	return runs
}

// lookalikes reads a letter O as a zero and a letter l, I or a bar as a
// one where it stands against a digit and no other letter ("46O9O642635",
// "O9O728O367O"), as a reader would.
func lookalikes(text string) string {
	rs := []rune(text)
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return ' '
		}
		return rs[i]
	}
	for i, r := range rs {
		var d rune
		switch r {
		case 'O', 'o':
			d = '0'
		case 'l', 'I', '|':
			d = '1'
		default:
			continue
		}
		prev, next := at(i-1), at(i+1)
		if (isASCIIDigit(prev) || isASCIIDigit(next)) && !otherLetter(prev) && !otherLetter(next) {
			rs[i] = d
		}
	}
	return string(rs)
}

// otherLetter is a letter that no digit looks like.
func otherLetter(r rune) bool {
	return unicode.IsLetter(r) && !strings.ContainsRune("OolI", r)
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }
