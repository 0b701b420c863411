package mailparse

import (
	"bytes"
	"errors"
	"regexp"
	"testing"
)

// reasonText is the shape of every error text Parse may give for a message
// read from memory: a sentinel and a fixed reason, nothing of the message.
var reasonText = regexp.MustCompile(`^mailparse: (malformed|no sender|message too large): [a-zA-Z0-9 -]+$`)

// FuzzParseContract checks the promise the intake relies on to quarantine
// what it cannot read: for any input Parse returns either a Message or an
// error wrapping exactly one sentinel, in words that quote nothing of the
// message; the limit is exact; the same input gives the same answer; and
// what comes out is bounded by what came in, so no message can blow up
// into a huge ticket.
func FuzzParseContract(f *testing.F) {
	seeds := []string{
		"From: a@example.org\n\nplain\n",
		"From: a@example.org\nContent-Transfer-Encoding: quoted-printable\n\nsoft=\nbreak =C3=A9 =E9\n",
		"From: a@example.org\nContent-Transfer-Encoding: base64\nContent-Type: text/plain; charset=utf-16le\n\naABpAA==\n",
		"From: a@example.org\nContent-Type: multipart/alternative; boundary=x\n\n--x\n\n\n--x\nContent-Type: text/html\n\n<p>a&amp;b</p>\n--x--\n",
		"From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: image/png\nContent-Disposition: attachment; filename*=UTF-8''%2E%2E%2Fa.png\n\n\x89PNG\n--x--\n",
		"From: a@example.org\nContent-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: x-uuencode\n\nbegin\n",
		"From: a@example.org\nContent-Transfer-Encoding: base64\n\n!!!\n",
		"From: <@>\n\nno address\n",
		"Subject: no sender\n\nx\n",
		"From a@example.org Mon Jan  5 10:00:00 2026\nFrom: a@example.org\n\nmbox\n",
		"From: a@example.org\nbad header line\n\nx\n",
		"From: a@example.org\nMessage-ID: <a@b>\nIn-Reply-To: <c@d> <a@b>\nReferences: e@f, c@d\n\nx\n",
		"From: a@example.org\nContent-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: b@example.org\n\ninner\n--d--\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
		f.Add([]byte(crlf(s)))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		const limit = 1 << 16
		m, err := Parse(bytes.NewReader(raw), limit)
		if len(raw) > limit {
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("over the limit without ErrTooLarge: %v", err)
			}
			return
		}
		again, err2 := Parse(bytes.NewReader(raw), int64(len(raw)))
		if (err == nil) != (err2 == nil) || (err == nil && !sameMessage(m, again)) {
			t.Fatalf("a limit of exactly the size changes the answer: %v / %v", err, err2)
		}
		if len(raw) > 0 {
			if _, err := Parse(bytes.NewReader(raw), int64(len(raw)-1)); !errors.Is(err, ErrTooLarge) {
				t.Fatalf("one byte over the limit without ErrTooLarge: %v", err)
			}
		}
		if err != nil {
			checkReason(t, err)
			return
		}
		checkBounded(t, m, len(raw))
	})
}

// checkReason requires exactly one sentinel and a text of fixed words.
func checkReason(t *testing.T, err error) {
	t.Helper()
	n := 0
	for _, s := range []error{ErrTooLarge, ErrMalformed, ErrNoSender} {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("error wraps %d sentinels, want 1: %v", n, err)
	}
	if !reasonText.MatchString(err.Error()) {
		t.Fatalf("error text is not a fixed reason: %q", err)
	}
}

// checkBounded requires the output to be at most a small multiple of the
// input: decoding one byte of a single-byte charset gives at most three
// bytes of UTF-8, and nothing else in a message grows.
func checkBounded(t *testing.T, m Message, inBytes int) {
	t.Helper()
	out := len(m.Text) + len(m.Subject) + len(m.From) + len(m.FromName) + len(m.MessageID)
	for _, id := range m.InReplyTo {
		out += len(id)
	}
	for _, a := range m.Attachments {
		out += len(a.Filename) + len(a.ContentType)
	}
	if out > 3*inBytes {
		t.Fatalf("%d bytes in gave %d bytes out", inBytes, out)
	}
	// Message ids are stored and indexed: none may be longer than a header
	// line (a 3,000-byte id once failed the intake on PostgreSQL).
	for _, id := range append([]string{m.MessageID}, m.InReplyTo...) {
		if len(id) > maxIDLen {
			t.Fatalf("message id of %d bytes", len(id))
		}
	}
	// Every attachment is a part with at least a boundary line.
	if len(m.Attachments) > inBytes/4+1 {
		t.Fatalf("%d bytes in gave %d attachments", inBytes, len(m.Attachments))
	}
}

// sameMessage compares two results of Parse.
func sameMessage(a, b Message) bool {
	if !a.Date.Equal(b.Date) || len(a.InReplyTo) != len(b.InReplyTo) || len(a.Attachments) != len(b.Attachments) {
		return false
	}
	for i := range a.InReplyTo {
		if a.InReplyTo[i] != b.InReplyTo[i] {
			return false
		}
	}
	for i := range a.Attachments {
		if a.Attachments[i] != b.Attachments[i] {
			return false
		}
	}
	return a.Text == b.Text && a.Subject == b.Subject && a.From == b.From && a.FromName == b.FromName && a.MessageID == b.MessageID
}
