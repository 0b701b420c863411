package frontend

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/lookup"
	"contactd/tickets"
)

// formError is a refused form shown again: the message, the field it is
// about, and whether it is a warning the agent may confirm.
type formError struct {
	Form    string
	Field   string
	Message string // English, shown when the catalogue has no msg.<Code>
	Code    string
	Warning bool
}

// formErrorOf turns a domain refusal into what the page shows beside the
// field, or false when the error is not about the form's input.
func formErrorOf(form string, err error) (formError, int, bool) {
	var ve *tickets.ValidationError
	var we *tickets.WarningError
	switch {
	case errors.As(err, &ve):
		return formError{Form: form, Field: ve.Field, Message: ve.Message, Code: ve.Code}, http.StatusBadRequest, true
	case errors.As(err, &we):
		return formError{Form: form, Field: we.Field, Message: we.Message, Code: we.Code, Warning: true}, http.StatusUnprocessableEntity, true
	case errors.Is(err, tickets.ErrTicketClosed):
		return formError{Form: form, Message: tickets.ErrTicketClosed.Error(), Code: "ticket_closed"}, http.StatusConflict, true
	case errors.Is(err, tickets.ErrTransition):
		return formError{Form: form, Message: publicDetail(err, tickets.ErrTransition)}, http.StatusConflict, true
	case errors.Is(err, lookup.ErrRateLimited):
		return formError{Form: form, Message: publicDetail(err, lookup.ErrRateLimited), Code: "rate_limited"}, http.StatusTooManyRequests, true
	case errors.Is(err, lookup.ErrNotFound):
		return formError{Form: form, Message: "the source knows no data for this person", Code: "not_in_register"}, http.StatusNotFound, true
	case errors.Is(err, lookup.ErrUnavailable):
		return formError{Form: form, Message: "the register cannot be reached; try again in a moment", Code: "registry_unavailable"}, http.StatusServiceUnavailable, true
	}
	return formError{}, 0, false
}

// handleTicketNewPage shows the one-screen intake form, keyboard-first:
// the national number has the focus, Enter registers the contact.
func (s *Server) handleTicketNewPage(c *gin.Context) {
	s.renderTicketNew(c, http.StatusOK, formError{})
}

func (s *Server) renderTicketNew(c *gin.Context, status int, fe formError) {
	channel := c.DefaultPostForm("channel", c.DefaultQuery("channel", "phone"))
	s.render(c, status, "ticket_new", gin.H{
		"Error": fe, "Channel": channel, "Form": c.Request.PostForm,
		"Channels": []tickets.Channel{tickets.ChannelPhone, tickets.ChannelPost, tickets.ChannelEmail},
		"Portals":  tickets.Portals, "Purposes": tickets.Purposes, "Today": time.Now().Format(time.DateOnly),
	})
}

// handleTicketCreate registers the contact from the form. With a national
// number the identity comes from the register, and its lookup is on the
// ticket before the identity is shown (record first, §9).
func (s *Server) handleTicketCreate(c *gin.Context) {
	in, err := newTicketFromForm(c)
	var t tickets.Ticket
	if err == nil {
		t, err = s.createWithIdentity(c.Request.Context(), in, c.PostForm("insz"))
	}
	if fe, status, ok := formErrorOf("new", err); ok {
		s.renderTicketNew(c, status, fe)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tickets/"+t.Ref)
}

func newTicketFromForm(c *gin.Context) (tickets.NewTicket, error) {
	in := tickets.NewTicket{
		Portal: tickets.Portal(c.PostForm("portal")), Channel: tickets.Channel(c.PostForm("channel")),
		Purpose: tickets.Purpose(c.PostForm("purpose")), Subject: c.PostForm("subject"), Request: c.PostForm("request"),
		Sender: c.PostForm("sender"), Confirmed: c.PostForm("confirmed") == "on",
	}
	if d := c.PostForm("received_at"); d != "" {
		day, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return in, &tickets.ValidationError{Field: "received_at", Message: "give the date as YYYY-MM-DD", Code: "date_format"}
		}
		in.ReceivedAt = day
	}
	if in.Channel == tickets.ChannelPhone {
		put, err := strconv.Atoi(c.DefaultPostForm("questions_put", "0"))
		if err != nil || put < 1 {
			return in, &tickets.ValidationError{Field: "questions_put", Message: "put at least one control question to the caller (§4)", Code: "questions_put"}
		}
		in.Check = &tickets.ControlCheck{Put: put, Passed: c.PostForm("questions_passed") == "yes"}
	}
	return in, nil
}
