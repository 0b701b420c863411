package frontend

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
)

// handleManagerHome lists the users of the local manager's institution
// with their roles, last sign-in and inactivity flag, and the forms that
// run the institution's access (O14).
func (s *Server) handleManagerHome(c *gin.Context) {
	s.renderManage(c, http.StatusOK, formError{}, 0)
}

// renderManage shows the page; a refused form comes back with its message
// beside its field, in the row of the user it was about (userID).
func (s *Server) renderManage(c *gin.Context, status int, fe formError, userID int64) {
	ctx := c.Request.Context()
	inst := sessionOf(c).Institution
	users, err := s.access.Users(ctx, inst)
	if err != nil {
		s.fail(c, err)
		return
	}
	roles, err := s.access.GrantableRoles(ctx, inst)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "manage", gin.H{
		"Users": s.userRows(users, roles...), "Roles": roles, "InactiveDays": s.inactiveDays(),
		"Error": fe, "ErrorUser": userID, "Form": c.Request.PostForm,
	})
}

// handleManageInvite invites a person by the national number or e-mail
// address their sign-in will present, with a role and an optional last day.
func (s *Server) handleManageInvite(c *gin.Context) {
	end, err := lastDay(c.PostForm("ends_on"))
	if err == nil {
		_, err = s.access.Grant(c.Request.Context(), access.GrantInput{
			User: invitee(c.PostForm("invitee")), Role: audit.Role(c.PostForm("role")),
			Institution: sessionOf(c).Institution, EndsAt: end,
		})
	}
	s.afterManageForm(c, "invite", 0, err)
}

// manageForms are the forms of a user's row, by the last segment of their
// action URL; each names the user by id, never by national number.
var manageForms = map[string]func(s *Server, c *gin.Context, user access.UserRef) error{
	"grant": func(s *Server, c *gin.Context, user access.UserRef) error {
		end, err := lastDay(c.PostForm("ends_on"))
		if err != nil {
			return err
		}
		_, err = s.access.Grant(c.Request.Context(), access.GrantInput{
			User: user, Role: audit.Role(c.PostForm("role")), Institution: sessionOf(c).Institution, EndsAt: end,
		})
		return err
	},
	"withdraw": func(s *Server, c *gin.Context, user access.UserRef) error {
		return s.access.Revoke(c.Request.Context(), access.GrantInput{
			User: user, Role: audit.Role(c.PostForm("role")), Institution: sessionOf(c).Institution, Reason: c.PostForm("reason"),
		})
	},
	"disable": func(s *Server, c *gin.Context, user access.UserRef) error {
		return s.access.Disable(c.Request.Context(), user, c.PostForm("reason"))
	},
}

// handleManageUserForm applies one of a user row's forms and goes back to
// the list (post/redirect/get).
func (s *Server) handleManageUserForm(c *gin.Context) {
	apply, ok := manageForms[c.Param("op")]
	id, err := userIDParam(c)
	if !ok || err != nil {
		s.fail(c, errNotFound)
		return
	}
	s.afterManageForm(c, c.Param("op"), id, apply(s, c, access.UserRef{ID: id}))
}

func (s *Server) afterManageForm(c *gin.Context, form string, userID int64, err error) {
	target := "/manage"
	if userID != 0 {
		target += "#user-" + strconv.FormatInt(userID, 10)
	}
	s.afterAccessForm(c, form, userID, err, s.renderManage, target)
}

// FieldError is the message to show beside a field of a form, in the
// page's language, when that form was refused because of that field; for
// a user row's form, only in the row of the user it was about.
func (v view) FieldError(form string, userID int64, field string) string {
	fe, ok := v.Data["Error"].(formError)
	if !ok || fe.Form != form || fe.Field != field {
		return ""
	}
	if id, _ := v.Data["ErrorUser"].(int64); id != userID {
		return ""
	}
	return v.Msg(fe)
}

// FormRefused says whether the refused form is this one, for this user.
func (v view) FormRefused(form string, userID int64) bool {
	fe, ok := v.Data["Error"].(formError)
	id, _ := v.Data["ErrorUser"].(int64)
	return ok && fe.Form == form && id == userID
}
