package audit

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Brussels is the contact centre's time zone: its days, weeks and working
// hours, in which periods are asked for and risks are flagged. The binary
// embeds the zone database (time/tzdata), so it holds in a bare container.
var Brussels = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Clip bounds what a person typed before it is recorded: valid UTF-8
// without NUL, at most n bytes, never cut inside a character.
func Clip(s string, n int) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "?")
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
