package tickets_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

var mailServer = audit.WithActor(context.Background(), audit.Actor{System: "mail-server"})

// letter is a small multipart message with an attachment, as citizens send.
func letter(subject, inReplyTo string) []byte {
	h := "From: =?utf-8?q?Ren=C3=A9e_Exemple?= <renee@example.be>\r\nTo: contact@mypension.example\r\n" +
		"Subject: " + subject + "\r\nMessage-ID: <m-" + strings.ReplaceAll(subject, " ", "") + "@example.be>\r\n" +
		"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
	if inReplyTo != "" {
		h += "In-Reply-To: <" + inReplyTo + ">\r\n"
	}
	return []byte(h + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Bonjour, je n'ai pas re=C3=A7u mon relev=C3=A9.\r\n" +
		"--b1\r\nContent-Type: application/pdf; name=\"lettre.pdf\"\r\nContent-Disposition: attachment; filename=\"lettre.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n" +
		"--b1--\r\n")
}

// TestEmailIntake: a delivered e-mail becomes an unidentified ticket with
// the sender, subject and text; a reply — by reference in the subject or by
// In-Reply-To — is added to its ticket; an unreadable message is kept in
// the quarantine, whole; an oversize one is refused; nothing is lost.
func TestEmailIntake(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		in, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, letter("Mon relevé", ""))
		require.NoError(t, err)
		require.True(t, in.NewTicket)
		tk := in.Ticket
		require.False(t, tk.Identified())
		require.Equal(t, tickets.ChannelEmail, tk.Channel)
		require.Equal(t, "Mon relevé", tk.Subject)
		require.Contains(t, tk.Sender, "renee@example.be")
		require.Contains(t, tk.Request, "je n'ai pas reçu mon relevé")
		require.Contains(t, tk.Request, "lettre.pdf")

		again, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, letter("Re: ["+tk.Ref+"] Mon relevé", ""))
		require.NoError(t, err)
		require.False(t, again.NewTicket)
		require.Equal(t, tk.Ref, again.Ticket.Ref)
		byHeader, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, letter("Re: encore", "m-Monrelevé@example.be"))
		require.NoError(t, err)
		require.Equal(t, tk.Ref, byHeader.Ticket.Ref, "In-Reply-To finds the ticket")
		stranger := []byte("From: someone@example.org\r\nSubject: Re: " + tk.Ref + "\r\n\r\nLet me in.\r\n")
		other, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, stranger)
		require.NoError(t, err)
		require.True(t, other.NewTicket, "a reference from another address does not write into the ticket")
		require.Contains(t, other.Ticket.Subject, tk.Ref)

		v, err := svc.ByRef(front, tk.Ref)
		require.NoError(t, err)
		require.Len(t, v.Actions, 3)
		require.Equal(t, tickets.ActionMessage, v.Actions[1].Kind)
		require.Contains(t, v.Actions[1].Text, "From: renee@example.be", "the agent sees who replied")
		require.Equal(t, 2, countRows(t, db, "tickets"))

		q, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, []byte("this is not an e-mail at all"))
		require.NoError(t, err)
		require.NotZero(t, q.Quarantined)
		var raw []byte
		require.NoError(t, db.Bun.NewSelect().Table("mail_quarantine").Column("raw").Where("id = ?", q.Quarantined).Scan(context.Background(), &raw))
		require.Equal(t, "this is not an e-mail at all", string(raw), "kept whole")
		list, err := svc.Quarantine(front)
		require.NoError(t, err)
		require.Len(t, list, 1)

		big := append(letter("big", ""), make([]byte, tickets.MaxEmailBytes)...)
		_, err = svc.IngestEmail(mailServer, tickets.PortalMyPension, big)
		var ve *tickets.ValidationError
		require.ErrorAs(t, err, &ve)
		_, err = svc.IngestEmail(mailServer, "myother", letter("x", ""))
		require.ErrorAs(t, err, &ve)
		_, err = svc.IngestEmail(front, tickets.PortalMyPension, letter("x", ""))
		require.ErrorIs(t, err, tickets.ErrForbidden, "only a system client delivers mail")
		require.Equal(t, 2, countRows(t, db, "tickets"))
	})
}
