package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// handleQuarantinePage lists the e-mails that could not be read, so that
// an agent deals with each: nothing a citizen sent is lost.
func (s *Server) handleQuarantinePage(c *gin.Context) {
	list, err := s.tickets.Quarantine(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "quarantine", gin.H{"Messages": list})
}

// handleQuarantineResolve marks one message as dealt with.
func (s *Server) handleQuarantineResolve(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, errNotFound)
		return
	}
	if err := s.tickets.ResolveQuarantined(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/quarantine")
}

// handleQuarantineRaw lets the agent read the message as it arrived. It is
// served as plain text, never rendered, and never cached.
func (s *Server) handleQuarantineRaw(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, errNotFound)
		return
	}
	raw, err := s.tickets.QuarantinedRaw(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", "inline")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", raw)
}
