package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// cookieName prefixes a cookie with __Host- over https, which binds it to
// this exact host, path / and Secure: no subdomain can set or shadow it.
func (s *Server) cookieName(name string) string {
	if s.secure {
		return "__Host-" + name
	}
	return name
}

// setCookie writes an HttpOnly, SameSite=Lax cookie (Secure over https); a
// zero maxAge makes it a browser-session cookie, a negative one deletes it.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{
		Name: s.cookieName(name), Value: value, Path: "/",
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	}
	switch {
	case maxAge < 0:
		ck.MaxAge = -1
	case maxAge > 0:
		ck.MaxAge = int(maxAge.Seconds())
	}
	http.SetCookie(c.Writer, ck)
}

func (s *Server) cookie(c *gin.Context, name string) string {
	v, err := c.Cookie(s.cookieName(name))
	if err != nil {
		return ""
	}
	return v
}

// Cookie names.
const (
	sessionCookie = "contactd_session"
	signInCookie  = "contactd_signin"
	langCookie    = "contactd_lang"
)
