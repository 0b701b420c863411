package frontend

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
)

// errRoleNotChosen holds the work of a session whose user holds several
// roles until they choose the one to work in (O14: never guessed).
var errRoleNotChosen = errors.New("choose the role to work in first (GET /role, or POST /api/v1/me/role)")

// roleChoice is one role a user may open their session in.
type roleChoice struct {
	Role        audit.Role `json:"role"`
	Institution string     `json:"institution"`
	Name        string     `json:"-"` // the institution's name in the page's language
	Current     bool       `json:"current"`
}

// roleChoices lists the session user's roles in force.
func (s *Server) roleChoices(c *gin.Context) ([]roleChoice, error) {
	sess := sessionOf(c)
	grants, err := s.access.ActiveGrants(c.Request.Context(), sess.UserID)
	if err != nil {
		return nil, err
	}
	lang := s.language(c)
	out := make([]roleChoice, 0, len(grants))
	for _, g := range grants {
		out = append(out, roleChoice{Role: g.Role, Institution: g.Institution,
			Name:    s.institutionName(c, g.Institution, lang),
			Current: g.Role == sess.Role && g.Institution == sess.Institution})
	}
	return out, nil
}

// handleRolePage lets a user with several roles choose the one this session
// works in, after sign-in or from the header to switch.
func (s *Server) handleRolePage(c *gin.Context) {
	choices, err := s.roleChoices(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(choices) == 0 {
		c.Redirect(http.StatusSeeOther, "/no-access")
		return
	}
	s.render(c, http.StatusOK, "role", gin.H{"Choices": choices, "Next": safeReturn(c.Query("next"))})
}

// handleRoleChoose opens the session in the chosen role, then the page the
// user was going to, or the role's home.
func (s *Server) handleRoleChoose(c *gin.Context) {
	_, err := s.access.ChooseRole(c.Request.Context(), sessionOf(c), audit.Role(c.PostForm("role")), c.PostForm("institution"))
	if err != nil {
		s.fail(c, err)
		return
	}
	next := safeReturn(c.PostForm("next"))
	if next == "/role" {
		next = "/"
	}
	c.Redirect(http.StatusSeeOther, next)
}

// roleBody chooses a role on the API.
type roleBody struct {
	Role        audit.Role `json:"role"`
	Institution string     `json:"institution"`
}

// handleAPIRoleChoose does on the API what the role page does.
func (s *Server) handleAPIRoleChoose(c *gin.Context) {
	var b roleBody
	err := decodeJSON(c, &b)
	var sess access.Session
	if err == nil {
		sess, err = s.access.ChooseRole(c.Request.Context(), sessionOf(c), b.Role, b.Institution)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"role": sess.Role, "institution": sess.Institution})
}

// chooseRoleFirst sends a session without a role, whose user holds roles,
// to choose one (pages) or refuses the call (API); it reports whether it
// did.
func (s *Server) chooseRoleFirst(c *gin.Context) bool {
	if sess := sessionOf(c); sess.Role != "" || sess.RolesHeld == 0 {
		return false
	}
	if isAPI(c) {
		s.fail(c, errRoleNotChosen)
		return true
	}
	c.Redirect(http.StatusSeeOther, "/role?"+url.Values{"next": {c.Request.URL.Path}}.Encode())
	c.Abort()
	return true
}
