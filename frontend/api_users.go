package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
)

// handleAPIUsers lists an institution's users with their roles there, last
// sign-in and inactivity flag: a local manager their own institution, an
// admin the one ?institution= names (every user without it).
func (s *Server) handleAPIUsers(c *gin.Context) {
	inst := s.actingInstitution(c, c.Query("institution"))
	users, err := s.access.Users(c.Request.Context(), inst)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"institution": inst, "inactive_after_days": s.inactiveDays(), "users": s.userRows(users)})
}

// actingInstitution is the institution a request acts in: a local
// manager's own unless they name another (which the service refuses), the
// one an admin names.
func (s *Server) actingInstitution(c *gin.Context, named string) string {
	if sess := sessionOf(c); named == "" && sess.Role == audit.RoleLocalManager {
		return sess.Institution
	}
	return named
}

// grantBody asks for a role: by invitation (national_number or email) or
// for the user the path names; ends_on is the last day it holds.
type grantBody struct {
	NationalNumber string     `json:"national_number"`
	Email          string     `json:"email"`
	Role           audit.Role `json:"role"`
	Institution    string     `json:"institution"`
	EndsOn         string     `json:"ends_on"`
	Reason         string     `json:"reason"`
}

func (s *Server) grantInput(c *gin.Context, user access.UserRef) (access.GrantInput, error) {
	var b grantBody
	if err := decodeJSON(c, &b); err != nil {
		return access.GrantInput{}, err
	}
	if user.ID == 0 {
		user = access.UserRef{NationalNumber: b.NationalNumber, Email: b.Email}
	}
	end, err := lastDay(b.EndsOn)
	return access.GrantInput{User: user, Role: b.Role, Institution: s.actingInstitution(c, b.Institution),
		EndsAt: end, Reason: b.Reason}, err
}

// handleAPIUserInvite invites a person by the national number or e-mail
// address their sign-in will present; the grant binds at their first
// sign-in. 201 with the grant.
func (s *Server) handleAPIUserInvite(c *gin.Context) {
	s.apiGrant(c, access.UserRef{})
}

// handleAPIUserGrant grants a role to the user the path names.
func (s *Server) handleAPIUserGrant(c *gin.Context) {
	id, err := userIDParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiGrant(c, access.UserRef{ID: id})
}

func (s *Server) apiGrant(c *gin.Context, user access.UserRef) {
	in, err := s.grantInput(c, user)
	var g access.Grant
	if err == nil {
		g, err = s.access.Grant(c.Request.Context(), in)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"user_id": g.UserID, "role": g.Role, "institution": g.Institution, "ends_at": g.EndsAt})
}

// handleAPIUserWithdraw withdraws a role from the user the path names; the
// reason is required.
func (s *Server) handleAPIUserWithdraw(c *gin.Context) {
	id, err := userIDParam(c)
	var in access.GrantInput
	if err == nil {
		in, err = s.grantInput(c, access.UserRef{ID: id})
	}
	if err == nil {
		err = s.access.Revoke(c.Request.Context(), in)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user_id": id, "role": in.Role, "institution": in.Institution, "withdrawn": true})
}

// handleAPIUserDisable disables the user the path names: their sessions end
// at once. The reason is required.
func (s *Server) handleAPIUserDisable(c *gin.Context) {
	var b reasonBody
	id, err := userIDParam(c)
	if err == nil {
		err = decodeJSON(c, &b)
	}
	if err == nil {
		err = s.access.Disable(c.Request.Context(), access.UserRef{ID: id}, b.Reason)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user_id": id, "disabled": true})
}

// handleAPIUserEnable lets the disabled user the path names sign in again.
// The reason is required.
func (s *Server) handleAPIUserEnable(c *gin.Context) {
	var b reasonBody
	id, err := userIDParam(c)
	if err == nil {
		err = decodeJSON(c, &b)
	}
	if err == nil {
		err = s.access.Enable(c.Request.Context(), access.UserRef{ID: id}, b.Reason)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user_id": id, "disabled": false})
}
