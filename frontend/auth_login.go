package frontend

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"contactd/access"
)

// handleSignInPage shows the welcome page with the eID sign-in button.
// It changes nothing: the button posts to /auth/login.
func (s *Server) handleSignInPage(c *gin.Context) {
	s.render(c, http.StatusOK, "signin", gin.H{
		"Next": safeReturn(c.Query("next")),
		"Why":  c.Query("why"),
	})
}

// handleLogin starts the authorization code flow with PKCE (S256): it stores
// the state, nonce and verifier server-side, binds the state to this browser
// with a short-lived cookie, and sends the browser to the provider.
func (s *Server) handleLogin(c *gin.Context) {
	if !s.throttleSignIn(c) {
		return
	}
	ctx := c.Request.Context()
	p, err := s.oidc.get(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "sign-in provider unavailable", "request_id", requestID(c), "error", err.Error())
		s.renderSignInRefused(c, http.StatusBadGateway, "provider_unavailable")
		return
	}
	state, req, err := s.access.StartSignIn(ctx, safeReturn(c.PostForm("next")))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, signInCookie, state, 10*time.Minute)
	url := s.oidc.oauth2(p).AuthCodeURL(state,
		nonceOption(req.Nonce), oauth2.S256ChallengeOption(req.CodeVerifier))
	c.Redirect(http.StatusSeeOther, url)
}

func nonceOption(n string) oauth2.AuthCodeOption { return oauth2.SetAuthURLParam("nonce", n) }

// maxReturnPath is the longest return path kept after sign-in: every page
// of the application has a shorter address, and the path is stored with
// the sign-in under way (access bounds it too).
const maxReturnPath = access.MaxReturnTo

// safeReturn keeps a return path after sign-in only if it stays on this
// site, is not itself part of the sign-in and is no longer than
// maxReturnPath; anything else returns to the home page.
func safeReturn(p string) string {
	if len(p) > maxReturnPath || !localPath(p) || strings.HasPrefix(p, "/auth/") {
		return "/"
	}
	return p
}

// localPath says whether p is a path on this site: it starts with one
// slash, holds no backslash or control character (browsers drop tabs and
// newlines, turning "/\t/evil" into "//evil"), and names no scheme or host.
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// handleLogout revokes the session (POST with the CSRF token: a link or an
// image on another site cannot sign anyone out) and shows the welcome page.
func (s *Server) handleLogout(c *gin.Context) {
	if err := s.access.SignOut(c.Request.Context(), s.cookie(c, sessionCookie)); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/auth/signin?why=signedout")
}
