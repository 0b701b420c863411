package frontend

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/internal/insz"
	"contactd/lookup"
	"contactd/tickets"
)

// IdentityRegistry answers identity lookups: the national register in
// production, the synthetic population in dev and tests.
type IdentityRegistry interface {
	Identity(ctx context.Context, n insz.Number) (lookup.Identity, error)
}

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
	in := b.newTicket()
	if b.INSZ != "" {
		citizen, err := s.lookupCitizen(c.Request.Context(), b.INSZ)
		if err != nil {
			s.fail(c, err)
			return
		}
		in.Citizen, in.IdentityLookedUp = &citizen, true
	}
	t, err := s.tickets.Create(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/tickets/"+t.Ref)
	c.JSON(http.StatusCreated, t)
}

// lookupCitizen turns a typed national number into the register's identity.
func (s *Server) lookupCitizen(ctx context.Context, raw string) (tickets.Citizen, error) {
	n, err := insz.Parse(raw)
	if err != nil {
		return tickets.Citizen{}, tickets.InvalidNumber(err)
	}
	id, err := s.registry.Identity(ctx, n)
	switch {
	case errors.Is(err, lookup.ErrNotFound):
		return tickets.Citizen{}, &tickets.ValidationError{Field: "insz", Message: "the national register knows no person with this number: check it with the caller", Code: "unknown_person"}
	case err != nil:
		return tickets.Citizen{}, err
	}
	return citizenOf(id), nil
}

func citizenOf(id lookup.Identity) tickets.Citizen {
	n := id.INSZ.String()
	return tickets.Citizen{INSZ: &n, LastName: id.LastName, FirstName: id.FirstName, Sex: id.Sex.String(),
		BirthDate: id.BirthDate, BirthPlace: id.BirthPlace, Address: id.Address.String()}
}

type identifyBody struct {
	INSZ string `json:"insz"`
}

// handleAPITicketIdentify names the citizen of an unidentified ticket.
func (s *Server) handleAPITicketIdentify(c *gin.Context) {
	ticketChange(s, func(ctx context.Context, ref string, b identifyBody) (tickets.Ticket, error) {
		citizen, err := s.lookupCitizen(ctx, b.INSZ)
		if err != nil {
			return tickets.Ticket{}, err
		}
		return s.tickets.Identify(ctx, ref, citizen)
	})(c)
}
