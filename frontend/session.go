package frontend

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
)

const sessionKey = "session"

// requireSession resumes the request's server-side session and puts its
// user in the request's actor. An ended session is refused, logged and its
// cookie cleared; pages send the browser to sign in again with the reason.
// On state-changing requests it also checks the session's CSRF token.
func (s *Server) requireSession(c *gin.Context) {
	token := s.cookie(c, sessionCookie)
	sess, err := s.access.Resume(c.Request.Context(), token)
	if err != nil {
		s.refuseSession(c, token, sess.UserID, err)
		return
	}
	ctx := c.Request.Context()
	a, _ := audit.ActorFrom(ctx)
	a.UserID, a.Name, a.Role, a.Institution = sess.UserID, sess.User.Label(), sess.Role, sess.Institution
	c.Request = c.Request.WithContext(audit.WithActor(ctx, a))
	c.Set(sessionKey, sess)
	if !safeMethod(c.Request.Method) && !s.csrfTokenOK(c, sess) {
		s.fail(c, errCSRF)
		return
	}
}

func (s *Server) refuseSession(c *gin.Context, token string, userID int64, err error) {
	if !errors.Is(err, access.ErrSessionEnded) {
		s.fail(c, err)
		return
	}
	if token != "" {
		s.setCookie(c, sessionCookie, "", -1)
		if err := s.access.RecordRefusedSession(c.Request.Context(), userID, err); err != nil {
			s.fail(c, err)
			return
		}
	}
	if isAPI(c) || !safeMethod(c.Request.Method) {
		s.fail(c, errUnauthorized)
		return
	}
	reason := "signin"
	if token != "" {
		reason = "ended"
	}
	c.Redirect(http.StatusSeeOther, "/auth/signin?"+url.Values{"next": {c.Request.URL.Path}, "why": {reason}}.Encode())
	c.Abort()
}

// csrfTokenOK checks the synchroniser token a form (field csrf) or a script
// (header X-CSRF-Token) sends against the session's own.
func (s *Server) csrfTokenOK(c *gin.Context, sess access.Session) bool {
	sent := c.GetHeader("X-CSRF-Token")
	if sent == "" {
		sent = c.PostForm("csrf")
	}
	return sent != "" && subtle.ConstantTimeCompare([]byte(sent), []byte(sess.CSRFToken)) == 1
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func sessionOf(c *gin.Context) access.Session {
	v, _ := c.Get(sessionKey)
	sess, _ := v.(access.Session)
	return sess
}

// requireRole lets through only a session in one of the roles; a user
// without any role sees the "no access" page and nothing else.
func (s *Server) requireRole(roles ...audit.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess := sessionOf(c)
		if s.chooseRoleFirst(c) {
			return
		}
		if sess.Role == "" {
			s.redirectNoAccess(c)
			return
		}
		if !slices.Contains(roles, sess.Role) {
			s.fail(c, access.ErrForbidden)
			return
		}
		s.requireNotice(c)
	}
}

// requireAnyRole refuses a session without a role.
func (s *Server) requireAnyRole(c *gin.Context) {
	if s.chooseRoleFirst(c) {
		return
	}
	if sessionOf(c).Role == "" {
		s.fail(c, access.ErrNoRole)
		return
	}
	s.requireNotice(c)
}

// requireRoleHeld refuses a session whose user holds no role, notice or not
// (one who holds several and has not chosen yet may ask who they are).
func (s *Server) requireRoleHeld(c *gin.Context) {
	if sess := sessionOf(c); sess.Role == "" && sess.RolesHeld == 0 {
		s.fail(c, access.ErrNoRole)
	}
}

// requireNotice holds every piece of work until the user acknowledged the
// current staff notice (§16): pages go to the notice, the API answers 403.
func (s *Server) requireNotice(c *gin.Context) {
	if sessionOf(c).NoticeAcked {
		return
	}
	if isAPI(c) {
		s.fail(c, errNotice)
		return
	}
	c.Redirect(http.StatusSeeOther, "/notice")
	c.Abort()
}

func (s *Server) redirectNoAccess(c *gin.Context) {
	if isAPI(c) {
		s.fail(c, access.ErrNoRole)
		return
	}
	c.Redirect(http.StatusSeeOther, "/no-access")
	c.Abort()
}
