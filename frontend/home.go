package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/audit"
)

// homes is each role's landing page.
var homes = map[audit.Role]string{
	audit.RoleFrontOffice:     "/front",
	audit.RoleBackOffice:      "/back",
	audit.RoleSecurityAdviser: "/adviser",
	audit.RoleLocalManager:    "/manage",
	audit.RoleAdmin:           "/admin",
}

// handleHome sends a signed-in user to their role's home, or to "no access".
func (s *Server) handleHome(c *gin.Context) {
	if s.chooseRoleFirst(c) {
		return
	}
	home, ok := homes[sessionOf(c).Role]
	if !ok {
		home = "/no-access"
	}
	c.Redirect(http.StatusSeeOther, home)
}

// handleNoAccess is all a signed-in person without a role may see: who they
// are signed in as, and whom to ask (their local manager, O14).
func (s *Server) handleNoAccess(c *gin.Context) {
	if sess := sessionOf(c); sess.Role != "" || sess.RolesHeld > 0 {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	s.render(c, http.StatusForbidden, "noaccess", nil)
}

// renderSignInRefused explains a refused sign-in by its reason code.
func (s *Server) renderSignInRefused(c *gin.Context, status int, code string) {
	c.Set(refusalKey, code)
	s.render(c, status, "refused", gin.H{"Code": code, "RequestID": requestID(c)})
}
