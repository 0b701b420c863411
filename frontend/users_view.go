package frontend

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
)

// userRow is a user as the access-management pages and the API show them:
// never their national number, which stays between the sign-in provider,
// the invitation and the database.
type userRow struct {
	ID         int64       `json:"id"`
	Name       string      `json:"name"`
	Invited    bool        `json:"invited"` // not signed in yet
	LastSignIn *time.Time  `json:"last_sign_in_at"`
	DisabledAt *time.Time  `json:"disabled_at"`
	Inactive   bool        `json:"inactive"` // flagged: not signed in for the inactivity period
	Grants     []grantView `json:"grants"`
	// Manageable: every role the user holds here is one the viewer may
	// grant, so the page offers its forms (the service decides again).
	Manageable bool `json:"-"`
}

// grantView is one role a user holds within an institution.
type grantView struct {
	Role        audit.Role `json:"role"`
	Institution string     `json:"institution"`
	EndsAt      *time.Time `json:"ends_at"`
	LastDay     string     `json:"last_day,omitempty"` // the last day it holds, Brussels time
	Active      bool       `json:"active"`
}

// userRows turns users into rows, flagging the inactive ones (O14: the
// local manager is reminded of accesses nobody uses); grantable are the
// roles the viewer may grant.
func (s *Server) userRows(users []access.User, grantable ...audit.Role) []userRow {
	now := s.access.Now()
	out := make([]userRow, 0, len(users))
	for _, u := range users {
		r := userRow{ID: u.ID, Name: u.Label(), Invited: u.Subject == nil, LastSignIn: u.LastSignInAt,
			DisabledAt: u.DisabledAt, Inactive: s.access.Inactive(u), Grants: []grantView{}, Manageable: u.DisabledAt == nil}
		for _, g := range u.Grants {
			gv := grantView{Role: g.Role, Institution: g.Institution, EndsAt: g.EndsAt, Active: g.Active(now)}
			if g.EndsAt != nil {
				gv.LastDay = g.EndsAt.In(audit.Brussels).Add(-time.Nanosecond).Format(time.DateOnly)
			}
			r.Manageable = r.Manageable && slices.Contains(grantable, g.Role)
			r.Grants = append(r.Grants, gv)
		}
		out = append(out, r)
	}
	return out
}

// inactiveDays is the inactivity period in whole days, for the flag's text.
func (s *Server) inactiveDays() int { return int(s.access.InactiveAfter() / (24 * time.Hour)) }

// lastDay reads the optional last day of a grant (YYYY-MM-DD, Brussels
// time): the grant holds through that day and stops at the next midnight.
func lastDay(value string) (*time.Time, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, value, audit.Brussels)
	if err != nil {
		return nil, &access.ValidationError{Field: "ends_on", Message: "give the last day as YYYY-MM-DD", Code: "date_format"}
	}
	end := d.AddDate(0, 0, 1)
	return &end, nil
}

// invitee reads "national number or e-mail address" as the one key it is.
func invitee(value string) access.UserRef {
	value = strings.TrimSpace(value)
	if strings.Contains(value, "@") {
		return access.UserRef{Email: value}
	}
	return access.UserRef{NationalNumber: value}
}

// userIDParam reads the :id of a user route.
func userIDParam(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, access.ErrNotFound
	}
	return id, nil
}

// accessFormError turns a refusal of the access service into what a page
// shows beside the form's field, or false when it is not about the input.
func accessFormError(form string, err error) (formError, int, bool) {
	var ve *access.ValidationError
	switch {
	case errors.As(err, &ve):
		field := ve.Field
		if field == "national_number" || field == "user" || field == "email" {
			field = "invitee"
		}
		return formError{Form: form, Field: field, Message: ve.Message, Code: ve.Code}, http.StatusBadRequest, true
	case errors.Is(err, access.ErrLastManager):
		return formError{Form: form, Message: access.ErrLastManager.Error(), Code: "last_manager"}, http.StatusConflict, true
	case errors.Is(err, access.ErrOtherInstitution):
		return formError{Form: form, Message: access.ErrOtherInstitution.Error(), Code: "other_institution"}, http.StatusForbidden, true
	case errors.Is(err, access.ErrSelf):
		return formError{Form: form, Message: access.ErrSelf.Error(), Code: "own_access"}, http.StatusForbidden, true
	case errors.Is(err, access.ErrOversight):
		return formError{Form: form, Message: access.ErrOversight.Error(), Code: "oversight_role"}, http.StatusForbidden, true
	case errors.Is(err, access.ErrNotFound):
		return formError{Form: form, Message: "no such user or role", Code: "no_such_grant"}, http.StatusNotFound, true
	}
	return formError{}, 0, false
}

// afterAccessForm ends an access-management form the post/redirect/get
// way: to target when done; a refusal about the input shows the page again
// (rerender) with its message beside the field.
func (s *Server) afterAccessForm(c *gin.Context, form string, userID int64, err error,
	rerender func(*gin.Context, int, formError, int64), target string) {
	if fe, status, ok := accessFormError(form, err); ok {
		rerender(c, status, fe, userID)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
}
