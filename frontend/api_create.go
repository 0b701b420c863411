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
	t, err := s.createWithIdentity(c.Request.Context(), b.newTicket(), b.INSZ)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/tickets/"+t.Ref)
	c.JSON(http.StatusCreated, t)
}

// createWithIdentity registers a contact. With a national number, it first
// has the ticket service check everything it can (role, input, the number
// itself), then asks the register, then creates the ticket with the
// identity and the lookup on its timeline: the register is never asked for
// a contact that will be refused.
func (s *Server) createWithIdentity(ctx context.Context, in tickets.NewTicket, number string) (tickets.Ticket, error) {
	if number != "" {
		n, err := insz.Parse(number)
		if err != nil {
			if checkErr := s.tickets.CheckNew(ctx, withNumber(in, number)); checkErr != nil {
				return tickets.Ticket{}, checkErr
			}
			return tickets.Ticket{}, tickets.InvalidNumber(err)
		}
		if err := s.tickets.CheckNew(ctx, withNumber(in, n.String())); err != nil {
			return tickets.Ticket{}, err
		}
		citizen, err := s.register(ctx, n)
		if err != nil {
			return tickets.Ticket{}, err
		}
		in.Citizen, in.IdentityLookedUp = &citizen, true
	}
	return s.tickets.Create(ctx, in)
}

func withNumber(in tickets.NewTicket, number string) tickets.NewTicket {
	in.Citizen = &tickets.Citizen{INSZ: &number}
	return in
}

// register asks the national register for a person's identity.
func (s *Server) register(ctx context.Context, n insz.Number) (tickets.Citizen, error) {
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
		return s.tickets.Identify(ctx, ref, b.INSZ, s.register)
	})(c)
}
