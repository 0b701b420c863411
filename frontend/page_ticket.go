package frontend

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/lookup"
	"contactd/tickets"
)

// handleTicketPage shows a ticket: the citizen, the request, the timeline,
// the citizen's other tickets, and the actions the viewer may take.
func (s *Server) handleTicketPage(c *gin.Context) {
	s.renderTicket(c, http.StatusOK, formError{})
}

func (s *Server) renderTicket(c *gin.Context, status int, fe formError) {
	v, err := s.tickets.ByRef(c.Request.Context(), c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return
	}
	insts, err := s.access.Institutions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	sess := sessionOf(c)
	s.render(c, status, "ticket", gin.H{
		"V": v, "Error": fe, "Form": c.Request.PostForm, "Institutions": insts,
		"CanHandle":      canHandleInPage(sess.Role, sess.Institution, v.Ticket),
		"IsBackOffice":   sess.Role == audit.RoleBackOffice,
		"AnswerChannels": tickets.AnswerChannels,
		"CanConsult": sess.Role == audit.RoleFrontOffice && canHandleInPage(sess.Role, sess.Institution, v.Ticket) &&
			v.Ticket.Status != tickets.StatusClosed && v.Ticket.Identified(),
		"ConsultKinds": consultKinds, "Reasons": lookup.AgentReasons,
	})
}

// canHandleInPage decides which forms the page offers; the service decides
// again on every post.
func canHandleInPage(r audit.Role, institution string, t tickets.Ticket) bool {
	switch r {
	case audit.RoleFrontOffice:
		return t.Institution == tickets.ContactCentre || t.Status == tickets.StatusClosed
	case audit.RoleBackOffice:
		return t.Institution == institution
	}
	return false
}

// ticketForms are the forms of the ticket page, by the last segment of
// their action URL.
var ticketForms = map[string]func(s *Server, ctx context.Context, ref string, c *gin.Context) error{
	"notes": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.AddNote(ctx, ref, c.PostForm("text"), confirmedIn(c))
		return err
	},
	"take": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.Take(ctx, ref)
		return err
	},
	"verify": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		put, _ := strconv.Atoi(c.PostForm("questions_put"))
		_, err := s.tickets.VerifyIdentity(ctx, ref, tickets.ControlCheck{Put: put, Passed: c.PostForm("questions_passed") == "yes"})
		return err
	},
	"identify": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.lookups.IdentifyTicket(ctx, ref, c.PostForm("insz"))
		return err
	},
	"assign": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.Assign(ctx, ref, c.PostForm("institution"), c.PostForm("reason"), confirmedIn(c))
		return err
	},
	"hand-back": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.HandBack(ctx, ref, c.PostForm("reason"), confirmedIn(c))
		return err
	},
	"answer": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.RecordAnswer(ctx, ref, tickets.Answer{
			Channel: tickets.AnswerChannel(c.PostForm("channel")), ContainsPersonalData: c.PostForm("personal_data") == "on",
			Summary: c.PostForm("summary"), Confirmed: confirmedIn(c),
		})
		return err
	},
	"close": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.Close(ctx, ref)
		return err
	},
	"reopen": func(s *Server, ctx context.Context, ref string, c *gin.Context) error {
		_, err := s.tickets.Reopen(ctx, ref, c.PostForm("reason"), confirmedIn(c))
		return err
	},
}

// confirmedIn reads a form's confirmation box, which the page shows beside
// a free-text field after the guard's warning (§5).
func confirmedIn(c *gin.Context) bool { return c.PostForm("confirmed") == "on" }

// handleTicketForm applies one of the ticket page's forms and goes back to
// the ticket (post/redirect/get); a refusal shows the page again with the
// message beside the form's field.
func (s *Server) handleTicketForm(c *gin.Context) {
	if c.Param("op") == "consult" {
		s.handleConsult(c)
		return
	}
	apply, ok := ticketForms[c.Param("op")]
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ref := c.Param("ref")
	err := apply(s, c.Request.Context(), ref, c)
	if fe, status, ok := formErrorOf(c.Param("op"), err); ok {
		s.renderTicket(c, status, fe)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tickets/"+ref)
}
