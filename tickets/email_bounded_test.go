package tickets_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"contactd/internal/database"
	"contactd/internal/testdb"
	"contactd/tickets"
)

// manyAttachments is a message of n one-byte attachments: about 150 bytes
// each, so the 10 MiB limit lets through some 70,000 of them.
func manyAttachments(n int, subject string) []byte {
	var b bytes.Buffer
	b.WriteString("From: flood@example.org\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n")
	for i := range n {
		fmt.Fprintf(&b, "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"f%d.bin\"\r\n\r\nx\r\n", i)
	}
	b.WriteString("--b--\r\n")
	return b.Bytes()
}

// TestEmailOfManyAttachmentsIsBounded: the attack of issue 14 §4 — an
// e-mail of 20,000 one-byte attachments — becomes a ticket whose text
// names the first attachments and counts the others, instead of listing
// every one; a reply of the same shape is bounded the same way. Other
// writes are not held up meanwhile (the list is built before the
// transaction).
func TestEmailOfManyAttachmentsIsBounded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		svc := setup(t, db)
		raw := manyAttachments(20_000, "Flood")
		require.Less(t, len(raw), tickets.MaxEmailBytes)
		in, err := svc.IngestEmail(mailServer, tickets.PortalMyPension, raw)
		require.NoError(t, err)
		require.True(t, in.NewTicket)
		stored, err := svc.ByRef(front, in.Ticket.Ref)
		require.NoError(t, err)
		text := stored.Ticket.Request
		require.Contains(t, text, "See the files.")
		require.Contains(t, text, "f0.bin")
		require.Contains(t, text, "f99.bin")
		require.NotContains(t, text, "f100.bin", "only the first attachments are named")
		require.Contains(t, text, "19900 more attachments")
		require.Less(t, len(text), 8<<10, "the kept text is bounded")

		var wg sync.WaitGroup
		var reply tickets.Ingested
		wg.Go(func() {
			var err error
			reply, err = svc.IngestEmail(mailServer, tickets.PortalMyPension, manyAttachments(20_000, "Re: "+in.Ticket.Ref))
			require.NoError(t, err)
		})
		// A write of another agent while the message is read.
		_, err = svc.Create(front, phoneTicket(citizen(41)))
		require.NoError(t, err)
		wg.Wait()
		require.Equal(t, in.Ticket.Ref, reply.Ticket.Ref)
		v, err := svc.ByRef(front, in.Ticket.Ref)
		require.NoError(t, err)
		last := v.Actions[len(v.Actions)-1]
		require.Equal(t, tickets.ActionMessage, last.Kind)
		require.Contains(t, last.Text, "19900 more attachments")
		require.Less(t, len(last.Text), 8<<10)
	})
}
