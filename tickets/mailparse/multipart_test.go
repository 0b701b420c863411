package mailparse

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

const mpHeader = "From: =?utf-8?Q?Fran=C3=A7oise_Dupr=C3=A9?= <francoise@example.be>\n" +
	"Subject: =?utf-8?Q?Re=3A_=5BCC-2026-000123=5D_Relev=C3=A9?=\n" +
	"Date: Tue, 3 Feb 2026 14:05:09 +0000\nMessage-ID: <mp.1@example.be>\nMIME-Version: 1.0\n"

// francoise is the Message of mpHeader with the given text and attachments.
func francoise(text string, atts ...Attachment) Message {
	return Message{
		MessageID: "mp.1@example.be", From: "francoise@example.be", FromName: "Françoise Dupré",
		Subject: "Re: [CC-2026-000123] Relevé", Date: date(2026, 2, 3, 14, 5, 9, 0),
		Text: text, Attachments: atts,
	}
}

func TestParseMultipart(t *testing.T) {
	pdf := strings.Repeat("%PDF-1.4 fake pension statement ", 40)
	html := "<html><head><title>Sans titre</title><style>p { color: red }</style></head>" +
		"<body><script>alert('x')</script><p>Bonjour,</p><p>je n&#39;ai pas re&ccedil;u mon relev&eacute;&nbsp;de pension.</p>" +
		"<ul><li>mars</li><li>avril</li></ul><div>Merci &amp; bonne journ&eacute;e<br>Fran&ccedil;oise</div></body></html>"
	htmlText := "Bonjour,\nje n'ai pas reçu mon relevé de pension.\n- mars\n- avril\nMerci & bonne journée\nFrançoise"
	alternative := "Content-Type: multipart/alternative; boundary=\"alt-b\"\n\n" +
		"--alt-b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp(bonjour) + "\n" +
		"--alt-b\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--alt-b--\n"
	// The forwarded message has CRLF line ends in both variants (crlf leaves
	// CRLF alone), so that its size is the same.
	forwarded := crlf("From: pensioen@example.org\nSubject: Uw dossier\n\nBeste, uw dossier is in behandeling.\n")
	runParseCases(t, []parseCase{
		{"alternative prefers plain", mpHeader + alternative, francoise(bonjour)},
		{"alternative with html only", mpHeader + "Content-Type: multipart/alternative; boundary=b1\n\npreamble\n" +
			"--b1\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n" +
			qp(encode(t, charmap.ISO8859_1, html)) + "\n--b1--\nepilogue\n", francoise(htmlText)},
		{"alternative with empty plain part", mpHeader + "Content-Type: multipart/alternative; boundary=b2\n\n" +
			"--b2\nContent-Type: text/plain; charset=utf-8\n\n \n--b2\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--b2--\n", francoise(htmlText)},
		{"html only", mpHeader + "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + b64(html), francoise(htmlText)},
		{"mixed with nested alternative and attachments", mpHeader + "Content-Type: multipart/mixed; boundary=\"==mixed==\"\n\n" +
			"This is a multi-part message in MIME format.\n" +
			"--==mixed==\n" + alternative +
			"--==mixed==\nContent-Type: application/pdf\nContent-Disposition: attachment;\n filename*=UTF-8''relev%C3%A9%20de%20pension.pdf\nContent-Transfer-Encoding: base64\n\n" + b64(pdf) + "\n" +
			"--==mixed==\nContent-Type: image/jpeg; name=\"=?UTF-8?B?Y2FydGUgZCdpZGVudGl0w6kuanBn?=\"\nContent-Transfer-Encoding: base64\n\n" + b64("\xff\xd8\xff\xe0 jpeg") + "\n" +
			"--==mixed==\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=\"notes.txt\"\n\nmes notes\n" +
			"--==mixed==\nContent-Type: application/vnd.ms-excel\nContent-Disposition: attachment; filename*=iso-8859-1''p%E9riodes.xls\n\nxls\n" +
			"--==mixed==--\n",
			francoise(bonjour,
				Attachment{Filename: "relevé de pension.pdf", ContentType: "application/pdf", Size: len(pdf)},
				Attachment{Filename: "carte d'identité.jpg", ContentType: "image/jpeg", Size: 9},
				Attachment{Filename: "notes.txt", ContentType: "text/plain", Size: len("mes notes")},
				Attachment{Filename: "périodes.xls", ContentType: "application/vnd.ms-excel", Size: 3},
			)},
		{"forwarded message", crlf(mpHeader + "Content-Type: multipart/mixed; boundary=fw\n\n" +
			"--fw\nContent-Type: text/plain; charset=utf-8\n\nZie hieronder.\n" +
			"--fw\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n" + forwarded + "--fw--\n"),
			francoise("Zie hieronder.", Attachment{ContentType: "message/rfc822", Size: len(forwarded) - 2})},
		{"related html with inline image", mpHeader + "Content-Type: multipart/related; boundary=rel\n\n" +
			"--rel\nContent-Type: text/html; charset=utf-8\n\n<p>Beste,</p><p>zie <img src=\"cid:logo\"> mijn loopbaan.</p>\n" +
			"--rel\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--rel--\n",
			francoise("Beste,\nzie mijn loopbaan.", Attachment{ContentType: "image/png", Size: 8})},
		{"two inline text parts", mpHeader + "Content-Type: multipart/mixed; boundary=two\n\n" +
			"--two\nContent-Type: text/plain\n\nBeste,\n--two\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n" +
			"--two\nContent-Type: text/plain; charset=utf-8\n\nmijn loopbaanoverzicht klopt niet.\n--two--\n",
			francoise("Beste,\n\nmijn loopbaanoverzicht klopt niet.", Attachment{ContentType: "text/calendar", Size: len("BEGIN:VCALENDAR")})},
		{"unknown transfer encoding", mpHeader + "Content-Type: multipart/mixed; boundary=u\n\n" +
			"--u\nContent-Type: text/plain\n\nBeste,\n--u\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 a\n--u--\n",
			francoise("Beste,", Attachment{ContentType: "application/octet-stream", Size: len("begin 644 a")})},
		{"path in file name", mpHeader + "Content-Type: multipart/mixed; boundary=p\n\n--p\nContent-Type: application/octet-stream; name=\"C:\\\\fakepath\\\\..\\\\brief.docx\"\n\nx\n" +
			"--p\nContent-Disposition: attachment; filename=../../etc/passwd\n\ny\n--p\nContent-Disposition: attachment; filename=mijn brief.pdf\n\nz\n--p--\n",
			francoise("", Attachment{Filename: "brief.docx", ContentType: "application/octet-stream", Size: 1},
				Attachment{Filename: "passwd", ContentType: "text/plain", Size: 1},
				Attachment{Filename: "mijn brief.pdf", ContentType: "text/plain", Size: 1})},
		{"body neither text nor multipart", mpHeader + "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n" + b64(pdf),
			francoise("", Attachment{ContentType: "application/pdf", Size: len(pdf)})},
		{"nested ten deep", mpHeader + nested(10, "Beste, diep genest."), francoise("Beste, diep genest.")},
	})
}

// nested builds a body of depth multipart/mixed entities, one inside the
// other, around a text/plain part.
func nested(depth int, text string) string {
	if depth == 0 {
		return "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n"
	}
	b := "lvl" + strings.Repeat("x", depth)
	return "Content-Type: multipart/mixed; boundary=" + b + "\n\n--" + b + "\n" + nested(depth-1, text) + "--" + b + "--\n"
}
