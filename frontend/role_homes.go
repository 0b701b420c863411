package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/audit"
)

// handleAdviserHome shows the security adviser the latest access-log
// entries of everyone (O6); searching and sampling come with the audit work.
func (s *Server) handleAdviserHome(c *gin.Context) {
	entries, err := audit.Read(c.Request.Context(), s.db.Bun, audit.Filter{Limit: 50})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "adviser", gin.H{"Activity": entries})
}

// handleManagerHome lists the users of the local manager's institution with
// their roles (O14).
func (s *Server) handleManagerHome(c *gin.Context) {
	users, err := s.access.Users(c.Request.Context(), sessionOf(c).Institution)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "manage", gin.H{"Users": users})
}

// handleAdminHome lists the institutions and every user.
func (s *Server) handleAdminHome(c *gin.Context) {
	ctx := c.Request.Context()
	insts, err := s.access.Institutions(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	users, err := s.access.Users(ctx, "")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "admin", gin.H{"Institutions": insts, "Users": users})
}
