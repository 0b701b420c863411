package insz_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"contactd/internal/insz"
)

// Seeds here come from insz.Generate with a fixed seed, never typed by
// hand: a number that merely looks real may belong to someone.

// generated returns a synthetic number of the kind that kind selects: an
// ordinary or a BIS number, with or without known sex, of either sex.
func generated(seed uint64, kind uint8) insz.Number {
	opt := insz.GenerateOptions{
		BIS:         kind&1 != 0,
		BISSexKnown: kind&2 != 0,
		Sex:         insz.Sex(kind >> 2 % 3),
	}
	return insz.Generate(rand.New(rand.NewPCG(seed, 7)), opt)
}

// layOut writes n's digits with the separators layout picks, one per
// byte, between and around the digits, as people type them.
func layOut(n insz.Number, layout []byte) string {
	seps := []string{"", " ", ".", "-", "/"}
	var b strings.Builder
	for i := 0; i < len(n); i++ {
		if i < len(layout) {
			b.WriteString(seps[int(layout[i])%len(seps)])
		}
		b.WriteByte(n[i])
	}
	if len(layout) > len(n) {
		b.WriteString(seps[int(layout[len(n)])%len(seps)])
	}
	return b.String()
}

// typo makes one typing mistake in n: a digit replaced (op even) or two
// neighbouring digits swapped (op odd), at a place op chooses.
func typo(n insz.Number, op uint16) string {
	d := []byte(n)
	at := int(op/2) % len(d)
	if op%2 == 0 {
		d[at] = '0' + (d[at]-'0'+byte(op/32%9)+1)%10
	} else {
		at %= len(d) - 1
		d[at], d[at+1] = d[at+1], d[at]
	}
	return string(d)
}

// FuzzGenerated: every generated number, however it is laid out with the
// usual separators, parses to itself; its formatted and canonical forms
// parse back to the same value; and one typing mistake is caught by the
// check digits, unless the mistake happens to give the check digits of the
// other century — the only way a mod-97 check lets a single substitution or
// swap through.
func FuzzGenerated(f *testing.F) {
	for i := range 24 {
		f.Add(uint64(i), uint8(i), []byte{byte(i), 0, 0, 0, 0, 0, byte(i * 3), 0, 0, byte(i * 7)}, uint16(i*37))
	}
	f.Fuzz(func(t *testing.T, seed uint64, kind uint8, layout []byte, op uint16) {
		n := generated(seed, kind)
		got, err := insz.ParseAt(layOut(n, layout), fixedNow)
		if err != nil || got != n {
			t.Fatalf("a generated number laid out with separators does not parse to itself: %v", err)
		}
		for _, form := range []string{n.Formatted(), n.String(), " " + n.Formatted() + "\t"} {
			if back, err := insz.ParseAt(form, fixedNow); err != nil || back != n {
				t.Fatalf("a form of a generated number does not parse back: %v", err)
			}
		}
		if got := ruleCC(t, string(n[:9]), n.BornFrom2000()); got != string(n[9:]) {
			t.Fatalf("generated check digits do not follow the rule of their century")
		}
		wrong := typo(n, op)
		if wrong == string(n) {
			return // two equal digits swapped
		}
		m, err := insz.ParseAt(wrong, fixedNow)
		if err == nil && m.BornFrom2000() == n.BornFrom2000() {
			t.Fatalf("a typing mistake passed the check digits of the same century")
		}
	})
}

// FuzzChecksumRule: whatever is typed, acceptance agrees with the published
// checksum rule, applied here independently of the package (ruleCC): an
// accepted number's check digits follow the rule of the century the number
// claims; digits that follow neither rule are refused; ErrChecksum is given
// exactly for digits that follow neither; and no digits follow both.
func FuzzChecksumRule(f *testing.F) {
	for i := range 16 {
		n := generated(uint64(100+i), uint8(i))
		f.Add(string(n))
		f.Add(n.Formatted())
		f.Add(typo(n, uint16(i*53)))
		f.Add(string(n[:9]) + "00")
	}
	f.Add("")
	f.Add("..--//  ")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := insz.ParseAt(s, fixedNow)
		digits := digitsOf(s)
		if len(digits) != 11 || !onlyDigitsAndSeparators(strings.TrimSpace(s)) {
			if err == nil {
				t.Fatalf("accepted without exactly 11 digits and separators")
			}
			return
		}
		from1900 := ruleCC(t, digits[:9], false) == digits[9:]
		from2000 := ruleCC(t, digits[:9], true) == digits[9:]
		if from1900 && from2000 {
			t.Fatalf("check digits follow both centuries' rules")
		}
		if err == nil {
			if string(n) != digits || ruleCC(t, digits[:9], n.BornFrom2000()) != digits[9:] {
				t.Fatalf("accepted digits whose check digits do not follow their century's rule")
			}
			if !insz.Valid(s) {
				t.Fatalf("accepted at a fixed past date but not Valid today")
			}
			return
		}
		if errors.Is(err, insz.ErrChecksum) && (from1900 || from2000) {
			t.Fatalf("ErrChecksum for check digits that follow a rule")
		}
		if !errors.Is(err, insz.ErrChecksum) && !errors.Is(err, insz.ErrDate) && !errors.Is(err, insz.ErrSequence) {
			t.Fatalf("11 digits refused for their form, not their content: %v", err)
		}
	})
}

// onlyDigitsAndSeparators says whether s holds nothing but ASCII digits and
// the separators people type (space, dot, dash, slash).
func onlyDigitsAndSeparators(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789 .-/", rune(s[i])) {
			return false
		}
	}
	return true
}
