package frontend

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/tickets"
)

// errMalformed reports a body that is not the JSON the operation takes.
var errMalformed = errors.New("the request body is not valid JSON for this operation")

// decodeJSON reads a JSON body strictly: unknown fields and trailing data
// are mistakes the client should hear about.
func decodeJSON(c *gin.Context, dst any) error {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return err
	}
	if bytes.IndexByte(raw, 0) >= 0 || bytes.Contains(bytes.ToLower(raw), []byte(`\u0000`)) {
		return errNUL
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return errMalformed
	}
	if _, err := dec.Token(); err != io.EOF {
		return errMalformed
	}
	return nil
}

// handleAPITicketList lists tickets: queue, status, channel, portal,
// purpose, institution, from, to (RFC 3339 or YYYY-MM-DD), ref, before
// (cursor), limit. A national number never travels in a URL: searching by
// it is a POST (handleAPITicketSearch).
func (s *Server) handleAPITicketList(c *gin.Context) {
	f, err := filterFromQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.tickets.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, page)
}

func filterFromQuery(c *gin.Context) (tickets.Filter, error) {
	f := tickets.Filter{
		Queue: tickets.Queue(c.Query("queue")), Status: tickets.Status(c.Query("status")),
		Channel: tickets.Channel(c.Query("channel")), Portal: tickets.Portal(c.Query("portal")),
		Purpose: tickets.Purpose(c.Query("purpose")), Institution: c.Query("institution"),
		Ref: c.Query("ref"),
	}
	var err error
	if f.From, err = parseDay(c.Query("from"), "from"); err != nil {
		return f, err
	}
	if f.To, err = parseDay(c.Query("to"), "to"); err != nil {
		return f, err
	}
	if v := c.Query("before"); v != "" {
		if f.Before, err = strconv.ParseInt(v, 10, 64); err != nil || f.Before < 0 {
			return f, &tickets.ValidationError{Field: "before", Message: "must be a positive whole number"}
		}
	}
	if v := c.Query("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > 200 {
			return f, &tickets.ValidationError{Field: "limit", Message: "must be between 1 and 200"}
		}
	}
	return f, nil
}

func parseDay(v, field string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, &tickets.ValidationError{Field: field, Message: "must be a date YYYY-MM-DD or an RFC 3339 time"}
	}
	return t, nil
}

// handleAPITicketView returns a ticket with its timeline and the citizen's
// other tickets the caller may see.
func (s *Server) handleAPITicketView(c *gin.Context) {
	v, err := s.tickets.ByRef(c.Request.Context(), c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, v)
}

// searchBody is a search for a citizen's tickets, in a body so that the
// national number stays out of URLs and their logs.
type searchBody struct {
	INSZ   string `json:"insz"`
	Before int64  `json:"before"`
	Limit  int    `json:"limit"`
}

// handleAPITicketSearch lists a citizen's tickets the caller may see; the
// search is an access to that citizen and is logged with them.
func (s *Server) handleAPITicketSearch(c *gin.Context) {
	var b searchBody
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if b.INSZ == "" {
		s.fail(c, &tickets.ValidationError{Field: "insz", Message: "give the national number to search for"})
		return
	}
	page, err := s.tickets.List(c.Request.Context(), tickets.Filter{INSZ: b.INSZ, Before: b.Before, Limit: b.Limit})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, page)
}
