package frontend

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
)

// institutionManagers is an institution with its local managers, as the
// administration page lists them.
type institutionManagers struct {
	access.Institution
	Managers []managerView
}

// managerView is one local manager of an institution.
type managerView struct {
	ID       int64
	Name     string
	LastDay  string
	Active   bool
	Disabled bool
}

// adminManagersSection adds each institution with its local managers: the
// admin appoints and withdraws them (O14), who then run their own
// institution's access.
func (s *Server) adminManagersSection(c *gin.Context, data gin.H) error {
	insts, _ := data["Institutions"].([]access.Institution)
	users, _ := data["Users"].([]access.User)
	rows := s.userRows(users)
	out := make([]institutionManagers, 0, len(insts))
	for _, inst := range insts {
		im := institutionManagers{Institution: inst}
		for _, u := range rows {
			for _, g := range u.Grants {
				if g.Role == audit.RoleLocalManager && g.Institution == inst.Code {
					im.Managers = append(im.Managers, managerView{ID: u.ID, Name: u.Name, LastDay: g.LastDay,
						Active: g.Active, Disabled: u.DisabledAt != nil})
				}
			}
		}
		out = append(out, im)
	}
	data["Managed"] = out
	return nil
}

// handleAdminManagerGrant appoints a local manager of an institution, by
// the national number or e-mail address their sign-in will present.
func (s *Server) handleAdminManagerGrant(c *gin.Context) {
	end, err := lastDay(c.PostForm("ends_on"))
	if err == nil {
		_, err = s.access.Grant(c.Request.Context(), access.GrantInput{
			User: invitee(c.PostForm("invitee")), Role: audit.RoleLocalManager,
			Institution: c.PostForm("institution"), EndsAt: end,
		})
	}
	s.afterAdminForm(c, "manager", 0, err)
}

// handleAdminManagerWithdraw withdraws a local manager's role in an
// institution, with the reason the access log keeps.
func (s *Server) handleAdminManagerWithdraw(c *gin.Context) {
	id, err := userIDParam(c)
	if err != nil {
		s.fail(c, errNotFound)
		return
	}
	err = s.access.Revoke(c.Request.Context(), access.GrantInput{
		User: access.UserRef{ID: id}, Role: audit.RoleLocalManager,
		Institution: c.PostForm("institution"), Reason: c.PostForm("reason"),
	})
	s.afterAdminForm(c, "withdraw-"+c.PostForm("institution"), id, err)
}

func (s *Server) afterAdminForm(c *gin.Context, form string, userID int64, err error) {
	target := "/admin#managers"
	if userID != 0 {
		target = "/admin#manager-" + strconv.FormatInt(userID, 10) + "-" + c.PostForm("institution")
	}
	s.afterAccessForm(c, form, userID, err, s.renderAdmin, target)
}
