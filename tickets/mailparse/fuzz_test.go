package mailparse

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// stringsReader is strings.NewReader, shorter in tables.
func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

// FuzzParse checks that Parse never panics and that what it returns is
// clean: valid UTF-8 without NUL, whatever the input.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"",
		"garbage",
		"From: jan@example.be\n\nBeste, mijn loopbaanoverzicht klopt niet.\n",
		"From: =?iso-8859-1?Q?Fran=E7oise?= <f@example.be>\nSubject: =?utf-8?B?UmVsZXbDqQ==?=\n" +
			"Content-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: quoted-printable\n\nre=E7u =A4\n",
		"From: f@example.be\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPHA+Qm9uam91cjwvcD4=\n",
		mpHeader + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; boundary=c\n\n" +
			"--c\nContent-Type: text/plain; charset=utf-8\n\n" + bonjour + "\n--c\nContent-Type: text/html\n\n<p>x</p>\n--c--\n" +
			"--b\nContent-Type: application/pdf; name=\"=?UTF-8?Q?relev=C3=A9.pdf?=\"\nContent-Transfer-Encoding: base64\n\nJVBERi0x\n" +
			"--b\nContent-Type: message/rfc822\n\nFrom: x@example.be\n\nforwarded\n--b--\n",
		mpHeader + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nno end\n",
		"From: f@example.be\n" + nested(12, "deep"),
		"From: f@example.be\nContent-Type: text/plain; format=flowed; delsp=yes\n\n> a \n> b\n-- \nsig\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
		f.Add([]byte(crlf(s)))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(bytes.NewReader(raw), 1<<16)
		if err != nil {
			if m.From != "" || m.Text != "" || m.Attachments != nil {
				t.Fatalf("error %v with a non-zero Message", err)
			}
			return
		}
		strs := []string{m.Text, m.Subject, m.From, m.FromName, m.MessageID}
		strs = append(strs, m.InReplyTo...)
		for _, a := range m.Attachments {
			strs = append(strs, a.Filename, a.ContentType)
			if a.Size < 0 {
				t.Fatalf("negative attachment size %d", a.Size)
			}
		}
		for _, s := range strs {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
			if strings.ContainsRune(s, 0) {
				t.Fatalf("NUL in %q", s)
			}
		}
		if m.From == "" {
			t.Fatal("success without a sender")
		}
		if m.Text != strings.TrimSpace(m.Text) || strings.Contains(m.Text, "\r") {
			t.Fatalf("text not normalised: %q", m.Text)
		}
	})
}
