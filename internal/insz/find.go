package insz

import "time"

// maxSeparatorRun is how many separator characters FindAll accepts between
// two groups, enough for "85.07.30 - 033.28" but not for digits scattered
// across a line.
const maxSeparatorRun = 3

// groupBoundary reports whether a separator may follow the n-th digit:
// between YY, MM, DD, SSS and CC.
func groupBoundary(n int) bool {
	return n == 2 || n == 4 || n == 6 || n == 9
}

// FindAll returns, in order of appearance, every valid national or BIS
// number written in free text, in canonical form (duplicates included). It
// exists to refuse notes that mention a citizen's number, so it looks for
// the ways people write one: 11 consecutive digits ("85073003328") or the
// groups YY MM DD SSS CC separated by up to three of space, dot, dash and
// slash ("85.07.30-033.28", "850730 033 28", "85 07 30 - 033 28").
// Separators inside a group are not accepted, and a candidate directly
// preceded or followed by a digit is part of a longer digit run (an IBAN,
// a phone or account number) and is skipped. Each candidate must pass the
// same checks as Parse, with time.Now as "now".
//
// Digits other than ASCII 0-9 are not recognised.
func FindAll(text string) []Number {
	return FindAllAt(text, time.Now())
}

// FindAllAt is FindAll with an explicit "now" for the future-date check,
// for deterministic tests and for re-scanning old notes.
func FindAllAt(text string, now time.Time) []Number {
	var found []Number
	for i := 0; i < len(text); {
		// Candidates start only at the first digit of a digit run.
		if !isDigit(text[i]) || (i > 0 && isDigit(text[i-1])) {
			i++
			continue
		}
		if d, end, ok := matchGroups(text, i); ok {
			if n, err := check(d, now); err == nil {
				found = append(found, n)
				i = end
				continue
			}
		}
		i++
	}
	return found
}

// matchGroups reads 11 digits starting at text[start], allowing separator
// runs only at group boundaries, and requires that no digit follows. It
// returns the digits and the index just past them.
func matchGroups(text string, start int) (d [numberLen]byte, end int, ok bool) {
	n, i := 0, start
	for n < numberLen {
		if i >= len(text) {
			return d, 0, false
		}
		c := text[i]
		if isDigit(c) {
			d[n] = c
			n++
			i++
			continue
		}
		if !isSeparator(c) || !groupBoundary(n) {
			return d, 0, false
		}
		j := i
		for j < len(text) && j-i < maxSeparatorRun && isSeparator(text[j]) {
			j++
		}
		if j >= len(text) || !isDigit(text[j]) {
			return d, 0, false
		}
		i = j
	}
	if i < len(text) && isDigit(text[i]) {
		return d, 0, false
	}
	return d, i, true
}
