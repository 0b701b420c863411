package frontend

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/tickets"
)

// intakeEmailRoute is the mail server's delivery route; its bodies may be
// as large as tickets.MaxEmailBytes.
const intakeEmailRoute = "/api/v1/intake/email"

// handleAPIIntakeEmail takes a raw RFC 5322 message as a mail server
// delivers it (?portal= names the mailbox's portal). 201: a new ticket;
// 200: added to the ticket it replies to; 202: kept in the quarantine
// because it could not be read — never lost; 413: too large.
func (s *Server) handleAPIIntakeEmail(c *gin.Context) {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if !errors.As(err, &mbe) {
			err = errMalformed
		}
		s.fail(c, err)
		return
	}
	in, err := s.tickets.IngestEmail(c.Request.Context(), tickets.Portal(c.Query("portal")), raw)
	if err != nil {
		s.fail(c, err)
		return
	}
	switch {
	case in.Quarantined != 0:
		c.JSON(http.StatusAccepted, gin.H{"quarantined": in.Quarantined})
	case in.NewTicket:
		c.Header("Location", "/api/v1/tickets/"+in.Ticket.Ref)
		c.JSON(http.StatusCreated, gin.H{"ref": in.Ticket.Ref, "new_ticket": true})
	default:
		c.JSON(http.StatusOK, gin.H{"ref": in.Ticket.Ref, "new_ticket": false})
	}
}

// handleAPIQuarantine lists the messages that could not be read.
func (s *Server) handleAPIQuarantine(c *gin.Context) {
	list, err := s.tickets.Quarantine(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"messages": list})
}
