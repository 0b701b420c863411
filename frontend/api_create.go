package frontend

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/tickets"
)

// createBody is a contact an agent registers (phone, post, e-mail typed in).
type createBody struct {
	Portal          tickets.Portal  `json:"portal"`
	Channel         tickets.Channel `json:"channel"`
	Purpose         tickets.Purpose `json:"purpose"`
	Subject         string          `json:"subject"`
	Request         string          `json:"request"`
	ReceivedAt      *time.Time      `json:"received_at"`
	Sender          string          `json:"sender"`
	INSZ            string          `json:"insz"`
	QuestionsPut    int             `json:"questions_put"`
	QuestionsPassed bool            `json:"questions_passed"`
	Confirmed       bool            `json:"confirmed"`
}

func (b createBody) newTicket() tickets.NewTicket {
	in := tickets.NewTicket{Portal: b.Portal, Channel: b.Channel, Purpose: b.Purpose, Subject: b.Subject,
		Request: b.Request, Sender: strings.TrimSpace(b.Sender), Confirmed: b.Confirmed}
	if b.ReceivedAt != nil {
		in.ReceivedAt = *b.ReceivedAt
	}
	if b.QuestionsPut > 0 {
		in.Check = &tickets.ControlCheck{Put: b.QuestionsPut, Passed: b.QuestionsPassed}
	}
	return in
}

// handleAPITicketCreate registers a contact. With a national number, the
// identity comes from the register and its lookup is recorded on the new
// ticket (O3).
func (s *Server) handleAPITicketCreate(c *gin.Context) {
	var b createBody
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.createWithIdentity(c.Request.Context(), b.newTicket(), b.INSZ)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/tickets/"+t.Ref)
	c.JSON(http.StatusCreated, t)
}

// createWithIdentity registers a contact; with a national number, the
// lookup service checks the contact, asks the register and records the
// lookup against the new ticket (O3, O9).
func (s *Server) createWithIdentity(ctx context.Context, in tickets.NewTicket, number string) (tickets.Ticket, error) {
	return s.lookups.CreateTicket(ctx, in, number)
}

type identifyBody struct {
	INSZ string `json:"insz"`
}

// handleAPITicketIdentify names the citizen of an unidentified ticket.
func (s *Server) handleAPITicketIdentify(c *gin.Context) {
	ticketChange(s, func(ctx context.Context, ref string, b identifyBody) (tickets.Ticket, error) {
		return s.lookups.IdentifyTicket(ctx, ref, b.INSZ)
	})(c)
}
