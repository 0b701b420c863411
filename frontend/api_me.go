package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// meResponse is who the session belongs to.
type meResponse struct {
	UserID      int64  `json:"user_id"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Institution string `json:"institution"`
	CSRFToken   string `json:"csrf_token"`
	// NoticeAcknowledged is false until the user acknowledges the staff
	// notice (GET /notice); until then every other call answers 403.
	NoticeAcknowledged bool `json:"notice_acknowledged"`
	// Roles lists the roles the user may work in; with more than one, the
	// session works in none until one is chosen (POST /api/v1/me/role).
	Roles []roleChoice `json:"roles"`
}

// handleAPIMe tells a script using the browser session who it acts as and
// the CSRF token its state-changing calls must send.
func (s *Server) handleAPIMe(c *gin.Context) {
	sess := sessionOf(c)
	roles, err := s.roleChoices(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, meResponse{
		UserID: sess.UserID, Name: sess.User.Label(), Role: string(sess.Role),
		Institution: sess.Institution, CSRFToken: sess.CSRFToken, NoticeAcknowledged: sess.NoticeAcked,
		Roles: roles,
	})
}

// institutionJSON is an institution on the API.
type institutionJSON struct {
	Code  string            `json:"code"`
	Kind  string            `json:"kind"`
	Names map[string]string `json:"names"`
}

// handleAPIInstitutions lists the reference institutions with their names.
func (s *Server) handleAPIInstitutions(c *gin.Context) {
	list, err := s.access.Institutions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]institutionJSON, 0, len(list))
	for _, i := range list {
		out = append(out, institutionJSON{Code: i.Code, Kind: i.Kind,
			Names: map[string]string{"fr": i.NameFR, "nl": i.NameNL, "de": i.NameDE, "en": i.NameEN}})
	}
	c.JSON(http.StatusOK, gin.H{"institutions": out})
}
