package mailparse

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hiddenElems hold text that a reader of the mail never sees.
var hiddenElems = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Title: true, atom.Template: true,
	atom.Noscript: true,
}

// blockElems start and end on a line of their own.
var blockElems = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true,
	atom.Li: true, atom.Table: true, atom.Tr: true, atom.Blockquote: true,
	atom.Pre: true, atom.Hr: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Address: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Form: true, atom.Fieldset: true,
	atom.Nav: true, atom.Aside: true, atom.Main: true, atom.Figure: true,
	atom.Figcaption: true, atom.Center: true, atom.Body: true,
}

// htmlToText converts an HTML mail body to plain text: tags are dropped,
// block elements and <br> become line breaks, entities are decoded and the
// content of script, style, title and similar elements is removed. Runs of
// white space are folded and there is at most one blank line in a row.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	hidden, pre := 0, 0
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyLines(b.String())
		case html.TextToken:
			if hidden > 0 {
				continue
			}
			t := strings.ReplaceAll(string(z.Text()), "\u00a0", " ")
			if pre == 0 {
				t = foldSpace(t)
			}
			b.WriteString(t)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case hiddenElems[a]:
				if tt == html.StartTagToken {
					hidden++
				} else if tt == html.EndTagToken && hidden > 0 {
					hidden--
				}
			case a == atom.Br:
				b.WriteByte('\n')
			case a == atom.Td || a == atom.Th:
				b.WriteByte(' ')
			case blockElems[a]:
				newline()
				if a == atom.Pre {
					pre = adjust(pre, tt)
				}
				if a == atom.Li && tt == html.StartTagToken {
					b.WriteString("- ")
				}
			}
		}
	}
}

// foldSpace folds runs of white space, newlines included, into one space,
// keeping a space at either end where there was white space.
func foldSpace(t string) string {
	folded := strings.Join(strings.Fields(t), " ")
	if folded == "" {
		return " "
	}
	if strings.TrimLeftFunc(t, unicode.IsSpace) != t {
		folded = " " + folded
	}
	if strings.TrimRightFunc(t, unicode.IsSpace) != t {
		folded += " "
	}
	return folded
}

// adjust counts an element's nesting up on its start tag and down on its
// end tag.
func adjust(n int, tt html.TokenType) int {
	switch {
	case tt == html.StartTagToken:
		return n + 1
	case tt == html.EndTagToken && n > 0:
		return n - 1
	}
	return n
}

// tidyLines folds spaces within lines and keeps at most one blank line in a
// row.
func tidyLines(s string) string {
	var out []string
	blank := 0
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
