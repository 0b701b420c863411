package frontend

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"contactd/retention"
)

// handleCitizensPage shows the admin the forms of a citizen's requests to
// erase or rectify their data, with the retention policy in force.
func (s *Server) handleCitizensPage(c *gin.Context) {
	s.renderCitizens(c, http.StatusOK, formError{}, nil)
}

func (s *Server) renderCitizens(c *gin.Context, status int, fe formError, done *retention.CitizenResult) {
	s.render(c, status, "citizens", gin.H{"Error": fe, "Done": done, "Policy": s.retention.Policy().Rules()})
}

// handleCitizenEraseForm erases one citizen's closed tickets.
func (s *Server) handleCitizenEraseForm(c *gin.Context) {
	res, err := s.retention.EraseCitizen(c.Request.Context(), c.PostForm("insz"), c.PostForm("reason"))
	s.afterCitizenForm(c, "erase", res, err)
}

// handleCitizenRectifyForm corrects the fields the admin filled in; an
// empty field stays as it is.
func (s *Server) handleCitizenRectifyForm(c *gin.Context) {
	var r retention.Rectification
	for _, f := range []struct {
		name string
		dst  **string
	}{{"last_name", &r.LastName}, {"first_name", &r.FirstName}, {"sex", &r.Sex},
		{"birth_date", &r.BirthDate}, {"birth_place", &r.BirthPlace}, {"address", &r.Address}} {
		if v := strings.TrimSpace(c.PostForm(f.name)); v != "" {
			*f.dst = &v
		}
	}
	res, err := s.retention.RectifyCitizen(c.Request.Context(), c.PostForm("insz"), r, c.PostForm("reason"))
	s.afterCitizenForm(c, "rectify", res, err)
}

// afterCitizenForm shows the outcome on the page: what was done, or the
// refusal beside its form.
func (s *Server) afterCitizenForm(c *gin.Context, form string, res retention.CitizenResult, err error) {
	if err == nil {
		s.renderCitizens(c, http.StatusOK, formError{}, &res)
		return
	}
	var ve *retention.ValidationError
	var open *retention.OpenTicketsError
	p := problemOf(err)
	switch {
	case errors.As(err, &ve):
		s.renderCitizens(c, p.Status, formError{Form: form, Field: ve.Field, Message: ve.Message, Code: "citizens_invalid_" + ve.Field}, nil)
	case errors.As(err, &open):
		msg := fmt.Sprintf(s.translate(c, "citizens.open_tickets"), strings.Join(open.Refs, ", "))
		s.renderCitizens(c, p.Status, formError{Form: form, Message: msg}, nil)
	case errors.Is(err, retention.ErrNoTickets):
		s.renderCitizens(c, p.Status, formError{Form: form, Message: publicDetail(err, retention.ErrNoTickets), Code: "citizens_no_tickets"}, nil)
	default:
		s.fail(c, err)
	}
}

// translate says a catalogue's text in the request's language.
func (s *Server) translate(c *gin.Context, key string) string {
	if t, ok := s.pages.i18n[s.language(c)][key]; ok {
		return t
	}
	return s.pages.i18n["en"][key]
}
