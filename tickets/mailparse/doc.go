// Package mailparse turns one raw e-mail, as a mail server delivers it
// (RFC 5322 with MIME), into a Message: who wrote, about what, which earlier
// messages it answers, the citizen's text and a list of attachments.
//
// The contact centre must never lose a message, so Parse either returns a
// Message or an error that wraps exactly one of ErrTooLarge, ErrMalformed and
// ErrNoSender, and the caller puts the raw message in quarantine. Error texts
// give a fixed reason ("mailparse: malformed: multipart boundary never
// closed") and never echo message content, so they are safe to log. An error
// from the reader itself is returned wrapped as it is, without a sentinel:
// the message was not read, so it may be retried rather than quarantined.
//
// Decisions on what is accepted, where the standards leave room:
//
//   - A message that is only a header, with no blank line and no body, is
//     accepted with an empty Text: RFC 5322 makes the body optional and
//     net/mail reads it so. Truncation is still caught where it matters: a
//     multipart message cut off in its header has no closing boundary and
//     is refused as malformed.
//   - A missing or syntactically invalid Content-Type means text/plain in
//     US-ASCII (RFC 2045 §5.2); text that is not valid UTF-8 under an ASCII,
//     UTF-8 or unknown charset is read as windows-1252, the usual culprit.
//   - A part with an unknown Content-Transfer-Encoding is kept as an
//     application/octet-stream attachment (RFC 2045 §6.4); invalid base64 or
//     quoted-printable, anywhere, is malformed.
//   - Only inline text/plain and text/html parts are text. Other text types
//     (calendar invitations, CSV, vCards), parts with a file name or an
//     attachment disposition, non-text parts and forwarded messages
//     (message/rfc822) are listed as attachments.
//   - A leading mbox "From " line, added by some local delivery agents, is
//     skipped. Text in format=flowed (RFC 3676) is unwrapped.
//   - Strings in a Message are valid UTF-8 without NUL or other control
//     characters (except newline and tab in Text), so they can be stored in
//     PostgreSQL as they are. Attachment file names are reduced to their
//     last path element.
package mailparse

import (
	"errors"
	"time"
)

// Message is what the contact centre keeps of a citizen's e-mail: who
// wrote, about what, and the text of the request. Attachments are listed
// (name, type, size); their content is not kept here.
type Message struct {
	// MessageID is the Message-ID header without angle brackets, or "" if
	// the message has none or one longer than a header line may be (998
	// characters).
	MessageID string
	// InReplyTo holds the message ids of In-Reply-To then References,
	// without brackets, de-duplicated, in order of appearance; ids longer
	// than 998 characters are left out, as for MessageID.
	InReplyTo []string
	// From is the sender's address only, lower-cased, e.g. "jan@example.be".
	From string
	// FromName is the sender's display name, RFC 2047 decoded; may be "".
	FromName string
	// Subject is the RFC 2047 decoded subject, trimmed, with every run of
	// whitespace folded into one space.
	Subject string
	// Date is the Date header, or the zero time if absent or unparsable.
	Date time.Time
	// Text is the citizen's text: the text/plain part(s) decoded to UTF-8,
	// or if there are none the HTML part(s) converted to plain text; line
	// ends are LF and the whole is trimmed. It is "" when the message has
	// no text part.
	Text string
	// Attachments lists the parts that are not the citizen's text, in the
	// order they appear.
	Attachments []Attachment
}

// Attachment describes one attached part without its content.
type Attachment struct {
	// Filename is the decoded file name (RFC 2231 or RFC 2047), reduced to
	// its last path element; "" if the part has none.
	Filename string
	// ContentType is the lower-cased media type without parameters, e.g.
	// "application/pdf" or "message/rfc822".
	ContentType string
	// Size is the size in bytes after transfer decoding.
	Size int
}

// Sentinel errors returned (wrapped, with a precise reason) by Parse. Use
// errors.Is to classify; every one of them means "quarantine the message".
var (
	// ErrTooLarge means the message is larger than the limit given to Parse.
	ErrTooLarge = errors.New("mailparse: message too large")
	// ErrMalformed means the input is not a parsable RFC 5322 message: no
	// readable header, broken MIME boundaries, undecodable transfer
	// encoding, MIME nesting too deep, ...
	ErrMalformed = errors.New("mailparse: malformed")
	// ErrNoSender means the message has no usable From address.
	ErrNoSender = errors.New("mailparse: no sender")
)

// malformed returns an error wrapping ErrMalformed with a fixed reason.
func malformed(reason string) error {
	return &reasonError{sentinel: ErrMalformed, reason: reason}
}

// reasonError joins a sentinel and a fixed reason that holds no content.
type reasonError struct {
	sentinel error
	reason   string
}

// Error returns the sentinel's text followed by the reason.
func (e *reasonError) Error() string { return e.sentinel.Error() + ": " + e.reason }

// Unwrap returns the sentinel, for errors.Is.
func (e *reasonError) Unwrap() error { return e.sentinel }
