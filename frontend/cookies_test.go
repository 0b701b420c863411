package frontend

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
)

// TestCookiesOverHTTPS: served over https, cookies are Secure, HttpOnly,
// SameSite=Lax and __Host- prefixed; over plain http (dev) they cannot be
// Secure, so they carry no prefix.
func TestCookiesOverHTTPS(t *testing.T) {
	t.Parallel()
	quietGin()
	for secure, name := range map[bool]string{true: "__Host-contactd_session", false: "contactd_session"} {
		s := &Server{secure: secure}
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		s.setCookie(c, sessionCookie, "token", 0)
		cookies := (&http.Response{Header: w.Header()}).Cookies()
		require.Len(t, cookies, 1)
		ck := cookies[0]
		require.Equal(t, name, ck.Name)
		require.Equal(t, secure, ck.Secure)
		require.True(t, ck.HttpOnly)
		require.Equal(t, http.SameSiteLaxMode, ck.SameSite)
		require.Equal(t, "/", ck.Path)
	}
}
