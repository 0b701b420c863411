package mailparse

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

const (
	bonjour = "Bonjour,\n\nje n'ai pas reçu mon relevé de pension.\nPouvez-vous vérifier ?\n\nFrançoise Dupré"
	beste   = "Beste,\n\nmijn loopbaanoverzicht klopt niet: de periode 1998–2001 ontbreekt.\n\nMet vriendelijke groeten,\nJan Peeters"
)

func TestParseSinglePart(t *testing.T) {
	header := "From: Jan Peeters <Jan.Peeters@Example.BE>\nTo: contact@example.be\n" +
		"Subject: Loopbaanoverzicht\nDate: Mon, 12 Jan 2026 09:30:00 +0100\n" +
		"Message-ID: <abc.123@mail.example.be>\nMIME-Version: 1.0\n"
	jan := Message{
		MessageID: "abc.123@mail.example.be", From: "jan.peeters@example.be", FromName: "Jan Peeters",
		Subject: "Loopbaanoverzicht", Date: date(2026, 1, 12, 9, 30, 0, 1),
	}
	with := func(text string) Message { m := jan; m.Text = text; return m }
	ascii := "Beste,\n\nmijn loopbaanoverzicht klopt niet.\n\nJan"
	runParseCases(t, []parseCase{
		{"7bit us-ascii", header + "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n" + ascii + "\n", with(ascii)},
		{"8bit utf-8", header + "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" + beste + "\n", with(beste)},
		{"quoted-printable utf-8", header + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp(beste), with(beste)},
		{"base64 utf-8", header + "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n" + b64(bonjour) + "\n", with(bonjour)},
		{"base64 without padding", header + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: BASE64\n\nQm9uam91ciwgbW9uIHJlbGV2w6k\n", with("Bonjour, mon relevé")},
		{"8bit iso-8859-1", header + "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\n" + encode(t, charmap.ISO8859_1, bonjour), with(bonjour)},
		{"quoted-printable iso-8859-15", header + "Content-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: quoted-printable\n\n" + qp(encode(t, charmap.ISO8859_15, "Le montant de 1 250 € est erroné.")), with("Le montant de 1 250 € est erroné.")},
		{"base64 windows-1252", header + "Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: base64\n\n" + b64(encode(t, charmap.Windows1252, "L’allocation de 980 € n’a pas été versée.")), with("L’allocation de 980 € n’a pas été versée.")},
		{"no content type", header + "\n" + ascii, with(ascii)},
		{"no content type, unlabelled 8-bit", header + "\n" + encode(t, charmap.Windows1252, bonjour), with(bonjour)},
		{"invalid content type", header + "Content-Type: text\n\n" + ascii, with(ascii)},
		{"unknown charset", header + "Content-Type: text/plain; charset=x-klingon\n\n" + beste, with(beste)},
		{"header only, no blank line", header, with("")},
		{"mbox envelope line", "From jan.peeters@example.be Mon Jan 12 09:30:00 2026\n" + header + "\n" + ascii, with(ascii)},
		{"format=flowed", header + "Content-Type: text/plain; charset=utf-8; format=flowed\n\n" +
			"Bonjour, je n'ai pas reçu mon relevé de pension \ndepuis le mois de mars.\n\n> Votre dossier \n> est en cours.\n-- \nFrançoise",
			with("Bonjour, je n'ai pas reçu mon relevé de pension depuis le mois de mars.\n\n> Votre dossier est en cours.\n--\nFrançoise")},
		{"control characters dropped", header + "\nBeste,\x00 mijn\x07 dossier\x1b.\n", with("Beste, mijn dossier.")},
	})
}

func TestParseHeaders(t *testing.T) {
	body := "\nBonjour, je n'ai pas reçu mon relevé de pension.\n"
	text := "Bonjour, je n'ai pas reçu mon relevé de pension."
	runParseCases(t, []parseCase{
		{"no date, no message id", "From: jan@example.be\nSubject: Pension\n" + body,
			Message{From: "jan@example.be", Subject: "Pension", Text: text}},
		{"unparsable date", "From: jan@example.be\nDate: gisteren\n" + body,
			Message{From: "jan@example.be", Text: text}},
		{"utf-8 base64 subject", "From: jan@example.be\nSubject: =?UTF-8?B?UmVsZXbDqSBkZSBwZW5zaW9u?=\n" + body,
			Message{From: "jan@example.be", Subject: "Relevé de pension", Text: text}},
		{"iso-8859-1 Q subject, folded", "From: jan@example.be\nSubject: =?iso-8859-1?Q?Re:_Re:_[CC-2026-000123]_Relev=E9?=\n =?iso-8859-1?Q?_de_pension_non_re=E7u?=\n" + body,
			Message{From: "jan@example.be", Subject: "Re: Re: [CC-2026-000123] Relevé de pension non reçu", Text: text}},
		{"windows-1252 and iso-8859-15 words", "From: jan@example.be\nSubject: =?windows-1252?Q?L=92allocation?= de  =?ISO-8859-15?Q?1=A4?=\n\tmanque\n" + body,
			Message{From: "jan@example.be", Subject: "L’allocation de 1€ manque", Text: text}},
		{"raw latin-1 subject", "From: jan@example.be\nSubject: " + encode(t, charmap.ISO8859_1, "Relevé") + "\n" + body,
			Message{From: "jan@example.be", Subject: "Relevé", Text: text}},
		{"encoded display name", "From: =?iso-8859-1?Q?Fran=E7oise_Dupr=E9?= <Francoise.Dupre@Example.be>\n" + body,
			Message{From: "francoise.dupre@example.be", FromName: "Françoise Dupré", Text: text}},
		{"quoted encoded display name", "From: \"=?utf-8?B?RnJhbsOnb2lzZSBEdXByw6k=?=\" <fd@example.be>\n" + body,
			Message{From: "fd@example.be", FromName: "Françoise Dupré", Text: text}},
		{"quoted name with comma", "From: \"Peeters, Jan\" <jan@example.be>\n" + body,
			Message{From: "jan@example.be", FromName: "Peeters, Jan", Text: text}},
		{"Dutch name with apostrophe", "From: 't Hooft, Gerard <g.thooft@example.be>\n" + body,
			Message{From: "g.thooft@example.be", FromName: "'t Hooft, Gerard", Text: text}},
		{"bare address", "From: JAN@EXAMPLE.BE\n" + body,
			Message{From: "jan@example.be", Text: text}},
		{"unclosed angle bracket", "From: Jan Peeters <jan@example.be\n" + body,
			Message{From: "jan@example.be", FromName: "Jan Peeters", Text: text}},
		{"thread ids", "From: jan@example.be\nMessage-ID: <reply.2@example.be>\nIn-Reply-To: <ticket.1@contactd.example.be>\n" +
			"References: <orig.0@example.be>\n <ticket.1@contactd.example.be>  <reply.1@example.be>\n" + body,
			Message{MessageID: "reply.2@example.be", InReplyTo: []string{"ticket.1@contactd.example.be", "orig.0@example.be", "reply.1@example.be"},
				From: "jan@example.be", Text: text}},
		{"ids without brackets", "From: jan@example.be\nMessage-ID: own@example.be\nIn-Reply-To: ticket.1@contactd.example.be\n" + body,
			Message{MessageID: "own@example.be", InReplyTo: []string{"ticket.1@contactd.example.be"}, From: "jan@example.be", Text: text}},
	})
}
