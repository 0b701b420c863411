package mailparse

import "strings"

// unflow joins the lines of format=flowed text (RFC 3676): a line that ends
// in a space goes on in the next line of the same quote depth. Space
// stuffing is undone, and with delsp=yes the space that marks a flowed line
// is deleted. The signature separator "-- " stays a line of its own.
func unflow(s string, delsp bool) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	var cur strings.Builder
	open, curDepth := false, 0
	flush := func() {
		if open {
			out = append(out, cur.String())
			cur.Reset()
			open = false
		}
	}
	for _, l := range strings.Split(s, "\n") {
		depth := len(l) - len(strings.TrimLeft(l, ">"))
		text := strings.TrimPrefix(l[depth:], " ")
		flowed := strings.HasSuffix(text, " ") && text != "-- "
		if flowed && delsp {
			text = text[:len(text)-1]
		}
		if !open || depth != curDepth {
			flush()
			if depth > 0 {
				cur.WriteString(l[:depth] + " ")
			}
			open, curDepth = true, depth
		}
		cur.WriteString(text)
		if !flowed {
			flush()
		}
	}
	flush()
	return strings.Join(out, "\n")
}
