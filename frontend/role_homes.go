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

// handleAdminHome shows the administration page: the institutions, every
// user, and each section's own data and forms.
func (s *Server) handleAdminHome(c *gin.Context) {
	s.renderAdmin(c, http.StatusOK, formError{}, 0)
}

// adminSections fill the administration page's data, one function per
// section, each in the file of its own forms.
func (s *Server) adminSections() []func(*gin.Context, gin.H) error {
	return []func(*gin.Context, gin.H) error{s.adminManagersSection}
}

// renderAdmin shows the administration page; a refused form comes back
// with its message beside its field (userID: the user it was about).
func (s *Server) renderAdmin(c *gin.Context, status int, fe formError, userID int64) {
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
	data := gin.H{"Institutions": insts, "Users": users, "Error": fe, "ErrorUser": userID, "Form": c.Request.PostForm}
	for _, section := range s.adminSections() {
		if err := section(c, data); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, status, "admin", data)
}
