package mailparse

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
)

// maxDepth bounds how deeply multipart entities may nest.
const maxDepth = 10

// Parse reads one raw message of at most maxBytes bytes and returns what the
// contact centre keeps of it. It reads at most maxBytes+1 bytes from r. Every
// error wraps ErrTooLarge, ErrMalformed or ErrNoSender with a reason that
// holds no message content, except an error from r itself, which is
// returned wrapped as it is (see the package documentation).
func Parse(r io.Reader, maxBytes int64) (Message, error) {
	raw, err := readLimited(r, maxBytes)
	if err != nil {
		return Message{}, err
	}
	raw = skipMboxLine(raw)
	if len(bytes.TrimSpace(raw)) == 0 {
		return Message{}, malformed("empty message")
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, malformed("header cannot be parsed")
	}
	body, err := io.ReadAll(m.Body)
	if err != nil {
		return Message{}, malformed("body cannot be read")
	}
	var w walker
	texts, err := w.entity(textproto.MIMEHeader(m.Header), body, "text/plain", 0)
	if err != nil {
		return Message{}, err
	}
	from, name, err := sender(m.Header.Get("From"))
	if err != nil {
		return Message{}, err
	}
	msg := Message{
		From:        from,
		FromName:    name,
		Subject:     decodeHeader(m.Header.Get("Subject")),
		Text:        joinTexts(texts),
		Attachments: w.atts,
	}
	if ids := messageIDs(m.Header.Get("Message-Id")); len(ids) > 0 {
		msg.MessageID = ids[0]
	}
	msg.InReplyTo = messageIDs(m.Header.Get("In-Reply-To"), m.Header.Get("References"))
	if d, err := mail.ParseDate(m.Header.Get("Date")); err == nil {
		msg.Date = d
	}
	return msg, nil
}

// readLimited reads all of r, refusing more than maxBytes bytes.
func readLimited(r io.Reader, maxBytes int64) ([]byte, error) {
	maxBytes = max(maxBytes, 0)
	limit := maxBytes
	if limit < math.MaxInt64 {
		limit++
	}
	raw, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return nil, fmt.Errorf("mailparse: reading message: %w", err)
	}
	if int64(len(raw)) > maxBytes {
		return nil, &reasonError{sentinel: ErrTooLarge,
			reason: fmt.Sprintf("over the limit of %d bytes", maxBytes)}
	}
	return raw, nil
}

// skipMboxLine drops a leading mbox envelope line ("From jan@… Mon Jan  5 …"),
// which some delivery agents put before the header.
func skipMboxLine(raw []byte) []byte {
	if !bytes.HasPrefix(raw, []byte("From ")) {
		return raw
	}
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		return raw[i+1:]
	}
	return nil
}

var (
	bracketedID = regexp.MustCompile(`<([^<>]*)>`)
	looseAddr   = regexp.MustCompile(`[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?`)
)

// maxIDLen is the longest message id kept. RFC 5322 allows no folding
// inside a msg-id and no line over 998 characters, so a longer "id" is
// none; dropping it also keeps it within what a PostgreSQL index can hold.
const maxIDLen = 998

// messageIDs extracts message ids from header values, without brackets,
// de-duplicated, in order. A value without brackets is split on whitespace
// and commas, as some clients write it. Ids longer than maxIDLen are left
// out.
func messageIDs(values ...string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, v := range values {
		var found []string
		if strings.Contains(v, "<") {
			for _, m := range bracketedID.FindAllStringSubmatch(v, -1) {
				found = append(found, m[1])
			}
		} else {
			found = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || isSpace(r) })
		}
		for _, id := range found {
			id = strings.Join(strings.Fields(cleanLine(fixRaw(id))), "")
			if id != "" && len(id) <= maxIDLen && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// sender returns the first usable address of a From header, lower-cased,
// and its decoded display name. Addresses net/mail refuses are looked for
// leniently ("Jan <jan@example.be" still gives jan@example.be).
func sender(from string) (addr, name string, err error) {
	if strings.TrimSpace(from) == "" {
		return "", "", &reasonError{sentinel: ErrNoSender, reason: "no From header"}
	}
	from = fixRaw(from)
	p := mail.AddressParser{WordDecoder: wordDecoder}
	if list, perr := p.ParseList(from); perr == nil {
		for _, a := range list {
			if usableAddress(a.Address) {
				return strings.ToLower(a.Address), decodeName(a.Name), nil
			}
		}
	}
	loc := looseAddr.FindStringIndex(from)
	if loc != nil && usableAddress(from[loc[0]:loc[1]]) {
		name := from[:loc[0]]
		if i := strings.LastIndexByte(name, '<'); i >= 0 {
			name = name[:i]
		} else {
			name = ""
		}
		return strings.ToLower(from[loc[0]:loc[1]]), decodeName(name), nil
	}
	return "", "", &reasonError{sentinel: ErrNoSender, reason: "From header has no usable address"}
}

// decodeName decodes a display name and strips the quotes around it.
func decodeName(name string) string {
	name = strings.Trim(strings.TrimSpace(name), `" `)
	return decodeHeader(strings.ReplaceAll(name, `\"`, `"`))
}

// usableAddress reports whether addr looks like local@domain and nothing
// else.
func usableAddress(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 || len(addr) > 320 {
		return false
	}
	return !strings.ContainsFunc(addr, func(r rune) bool { return isSpace(r) || r < 0x20 || r == 0x7f })
}
