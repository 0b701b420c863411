package mailparse

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

// walker goes through the MIME tree of a message and collects its
// attachments.
type walker struct {
	atts []Attachment
}

// entity handles one MIME entity (the message itself or a part) at the
// given multipart depth and returns its inline texts in order. defType is
// the media type assumed when the entity has no Content-Type.
func (w *walker) entity(h textproto.MIMEHeader, body []byte, defType string, depth int) ([]textPart, error) {
	mediaType, params := contentType(h.Get("Content-Type"), defType)
	cte := transferEncoding(h.Get("Content-Transfer-Encoding"))
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxDepth {
			return nil, malformed("MIME parts nested too deeply")
		}
		// Multipart entities must be 7bit, 8bit or binary; tolerate senders
		// that encode them anyway.
		data, known, err := decodeTransfer(cte, body)
		if err != nil {
			return nil, err
		}
		if !known {
			return nil, malformed("multipart entity with unknown transfer encoding")
		}
		return w.multipart(mediaType, params["boundary"], data, depth+1)
	}
	data, known, err := decodeTransfer(cte, body)
	if err != nil {
		return nil, err
	}
	if !known {
		// RFC 2045 §6.4: treat as application/octet-stream.
		w.atts = append(w.atts, Attachment{
			Filename:    filename(h, params),
			ContentType: "application/octet-stream",
			Size:        len(body),
		})
		return nil, nil
	}
	disp, _ := mediaParams(h.Get("Content-Disposition"))
	name := filename(h, params)
	isText := mediaType == "text/plain" || mediaType == "text/html"
	if !isText || disp == "attachment" || name != "" {
		w.atts = append(w.atts, Attachment{Filename: name, ContentType: mediaType, Size: len(data)})
		return nil, nil
	}
	text := toUTF8(data, params["charset"])
	if mediaType == "text/html" {
		return []textPart{{text: normalizeText(htmlToText(text)), html: true}}, nil
	}
	if strings.EqualFold(params["format"], "flowed") {
		text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
	}
	return []textPart{{text: normalizeText(text)}}, nil
}

// multipart handles the parts of a multipart entity. For
// multipart/alternative it keeps the texts of the first part that has plain
// text, else of the first part with any text; otherwise it keeps them all.
func (w *walker) multipart(mediaType, boundary string, body []byte, depth int) ([]textPart, error) {
	if boundary == "" {
		return nil, malformed("multipart entity without boundary")
	}
	defType := "text/plain"
	if mediaType == "multipart/digest" {
		defType = "message/rfc822"
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var children [][]textPart
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, multipartError(err, len(children))
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, malformed("multipart boundary never closed")
		}
		texts, err := w.entity(p.Header, data, defType, depth)
		if err != nil {
			return nil, err
		}
		children = append(children, texts)
	}
	// mime/multipart also reports a clean end when the body stops inside
	// the header of a part; only the close delimiter really ends it.
	closer := []byte("--" + boundary + "--")
	if !bytes.HasPrefix(body, closer) && !bytes.Contains(body, append([]byte("\n"), closer...)) {
		return nil, malformed("multipart boundary never closed")
	}
	if len(children) == 0 {
		return nil, malformed("multipart entity without parts")
	}
	if mediaType == "multipart/alternative" {
		return pickAlternative(children), nil
	}
	var all []textPart
	for _, c := range children {
		all = append(all, c...)
	}
	return all, nil
}

// multipartError turns an error of mime/multipart into a fixed reason; the
// error itself may quote the message.
func multipartError(err error, parts int) error {
	switch {
	case parts == 0 && errors.Is(err, io.EOF):
		return malformed("multipart boundary not found")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("multipart boundary never closed")
	default:
		return malformed("multipart part cannot be parsed")
	}
}

// pickAlternative chooses among the texts of the parts of a
// multipart/alternative: the first part with plain text, else the first
// part with any text. Empty texts do not count, as some mailers send an
// empty text/plain beside the real HTML.
func pickAlternative(children [][]textPart) []textPart {
	for _, wantHTML := range []bool{false, true} {
		for _, c := range children {
			for _, t := range c {
				if t.text != "" && (wantHTML || !t.html) {
					return c
				}
			}
		}
	}
	return nil
}

// transferEncoding returns the lower-cased transfer encoding token.
func transferEncoding(v string) string {
	v, _, _ = strings.Cut(v, ";")
	v, _, _ = strings.Cut(strings.TrimSpace(v), " ")
	return strings.ToLower(v)
}

// decodeTransfer undoes a Content-Transfer-Encoding. known is false for an
// encoding it does not know, in which case data is nil.
func decodeTransfer(cte string, body []byte) (data []byte, known bool, err error) {
	switch cte {
	case "", "7bit", "8bit", "binary":
		return body, true, nil
	case "quoted-printable":
		data, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
		if err != nil {
			return nil, true, malformed("invalid quoted-printable encoding")
		}
		return data, true, nil
	case "base64":
		data, err := decodeBase64(body)
		if err != nil {
			return nil, true, malformed("invalid base64 encoding")
		}
		return data, true, nil
	}
	return nil, false, nil
}

// decodeBase64 decodes base64 that may be split by any white space and
// whose padding may be missing.
func decodeBase64(body []byte) ([]byte, error) {
	clean := make([]byte, 0, len(body))
	for _, b := range body {
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != '\v' {
			clean = append(clean, b)
		}
	}
	clean = bytes.TrimRight(clean, "=")
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.RawStdEncoding.Decode(out, clean)
	return out[:n], err
}
