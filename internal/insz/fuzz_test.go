package insz_test

import (
	"errors"
	"strings"
	"testing"

	"contactd/internal/insz"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", " ", "85073003328", "85.07.30-033.28", "850730 033 28", "85/07/30/033/28",
		"98472899765", "01490700185", "17073003384", "00000100128", "85073003329",
		"85133003328", "850730999", "8507300332\u00e9", "\uff185073003328",
		"85073003328\n", strings.Repeat("9", 40), "-.-/ ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = insz.Valid(s) // real clock: must not panic either

		n, err := insz.ParseAt(s, fixedNow)
		if err != nil {
			if n != "" {
				t.Fatalf("non-empty Number returned with an error")
			}
			var e *insz.Error
			if !errors.As(err, &e) {
				t.Fatalf("error is %T, want *insz.Error", err)
			}
			if e.Message == "" || err.Error() != e.Message {
				t.Fatalf("error message missing or not returned by Error()")
			}
			known := false
			for _, k := range sentinels {
				if e.Kind == k && errors.Is(err, k) {
					known = true
				}
			}
			if !known {
				t.Fatalf("error kind %v is not a sentinel", e.Kind)
			}
			requireNoEcho(t, s, err)
			return
		}

		if len(n) != 11 || digitsOf(string(n)) != string(n) {
			t.Fatalf("accepted value is not 11 digits (len %d)", len(n))
		}
		if digitsOf(s) != string(n) {
			t.Fatalf("canonical form does not keep the typed digits")
		}
		back, err := insz.ParseAt(n.Formatted(), fixedNow)
		if err != nil || back != n {
			t.Fatalf("Formatted() does not round-trip: %v", err)
		}
		if again, err := insz.Parse(n.String()); err != nil || again != n {
			t.Fatalf("String() does not round-trip through Parse: %v", err)
		}
		if !insz.Valid(n.Formatted()) || !insz.Valid(n.String()) {
			t.Fatalf("accepted number is not Valid")
		}
		y, m, d, ok := n.BirthDate()
		if y < 1900 || y > fixedNow.Year() || m < 0 || m > 12 || d < 0 || d > 31 || ok != (m != 0 && d != 0) {
			t.Fatalf("inconsistent birth date")
		}
		if n.BornFrom2000() != (y >= 2000) {
			t.Fatalf("BornFrom2000 disagrees with the birth year")
		}
		if n.IsBIS() && n.Sex() == insz.SexUnknown && n[2] != '2' && n[2] != '3' {
			t.Fatalf("sex unknown on a BIS +40 number")
		}
		if !n.IsBIS() && n.Sex() == insz.SexUnknown {
			t.Fatalf("national number without sex")
		}
		if got := insz.FindAllAt("x "+n.Formatted()+" y", fixedNow); len(got) != 1 || got[0] != n {
			t.Fatalf("FindAll misses an accepted number")
		}
	})
}

func FuzzFindAll(f *testing.F) {
	for _, s := range []string{
		"", "85073003328", "note 85.07.30-033.28 and 850730 033 28", "185073003328",
		"85 07 30 - 033 28", "BE71 0961 2345 6769", "98472899765 01490700185",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_ = insz.FindAll(text)
		for _, n := range insz.FindAllAt(text, fixedNow) {
			if _, err := insz.ParseAt(n.String(), fixedNow); err != nil {
				t.Fatalf("FindAll returned an invalid number: %v", err)
			}
			if !strings.Contains(digitsOf(text), n.String()) {
				t.Fatalf("FindAll returned digits that are not in the text")
			}
		}
	})
}
