package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// FuzzEscapeContract holds Escape to the contract escape.go documents,
// against a cleaning written apart from it (cleanRef): the output is the
// cleaned input, with one quote in front exactly when the input or its
// cleaned form starts like a formula — so removing that quote gives the
// cleaned input back — and a spreadsheet cell written with it reads back
// the same (up to a cell's 32,767 characters).
func FuzzEscapeContract(f *testing.F) {
	for _, s := range []string{
		"", "Jan", "=HYPERLINK(\"x\")", "+1", "-", "@x", "'=x", "\r\n=1", "a\rb\r\nc", "\x00=1", "\x1f",
		"\x7f=", "\xc3", "\xed\xa0\x80", "\uFFFE", "\uFFFD", "é", " =1", "_x0041_", "a  ", "\t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Escape(in)
		want := cleanRef(in)
		quoted := formulaStart(in) || formulaStart(want)
		if quoted && out != "'"+want || !quoted && out != want {
			t.Fatalf("Escape(%q) = %q, want %q with a quote: %v", in, out, want, quoted)
		}
		if formulaStart(out) || !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q starts like a formula or is not UTF-8", in, out)
		}
		// A cell holds at most 32,767 characters; excelize cuts longer text.
		if utf8.RuneCountInString(out) > excelize.TotalCellChars {
			return
		}
		if got := cellRoundTrip(t, out); got != out {
			t.Fatalf("a cell written with %q reads back %q", out, got)
		}
	})
}

// formulaStart is the contract's list: =, +, -, @ or a C0 control
// character (tab, line feed, carriage return, NUL…) first.
func formulaStart(s string) bool {
	return s != "" && (strings.ContainsRune("=+-@", rune(s[0])) || s[0] < 0x20)
}

// cleanRef is the contract's cleaning: CRLF and CR become LF; invalid
// UTF-8 (byte by byte), C0 controls other than tab and LF, U+FFFE and
// U+FFFF become U+FFFD.
func cleanRef(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cellRoundTrip writes v to one cell the way the report does (a stream
// writer) and reads the workbook back.
func cellRoundTrip(t *testing.T, v string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{Value: v}}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	got, err := back.GetCellValue("Sheet1", "A1")
	if err != nil {
		t.Fatal(err)
	}
	return got
}
