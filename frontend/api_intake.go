package frontend

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"contactd/tickets"
)

// portalBody is the citizen portal's structured form. The citizen signed
// in to the portal with eID, so the national number is trusted (O1).
type portalBody struct {
	Portal  tickets.Portal  `json:"portal"`
	Purpose tickets.Purpose `json:"purpose"`
	Subject string          `json:"subject"`
	Request string          `json:"request"`
	INSZ    string          `json:"insz"`
}

// handleAPIIntakePortal files a ticket from the portal's form. The
// Idempotency-Key header is required, so a retried post never makes a
// second ticket: the retry gets 409 naming the first ticket.
func (s *Server) handleAPIIntakePortal(c *gin.Context) {
	key := strings.TrimSpace(c.GetHeader("Idempotency-Key"))
	if key == "" || len(key) > 200 {
		s.fail(c, &tickets.ValidationError{Field: "Idempotency-Key", Message: "send an Idempotency-Key header of 1 to 200 characters, the same on every retry"})
		return
	}
	var b portalBody
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if b.INSZ == "" {
		s.fail(c, &tickets.ValidationError{Field: "insz", Message: "the portal sends the signed-in citizen's national number"})
		return
	}
	t, err := s.createWithIdentity(c.Request.Context(), tickets.NewTicket{
		Portal: b.Portal, Channel: tickets.ChannelPortalForm, Purpose: b.Purpose, Subject: b.Subject, Request: b.Request,
		IdempotencyKey: key, Confirmed: true,
	}, b.INSZ)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/tickets/"+t.Ref)
	c.JSON(http.StatusCreated, gin.H{"ref": t.Ref, "status": t.Status, "received_at": t.ReceivedAt})
}
