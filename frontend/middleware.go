package frontend

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/tickets"
)

// requestContext gives every request an id (echoed in X-Request-Id, written
// to the access log and the application log, so an agent's report of an
// error can be found) and an actor carrying it and the client address.
func (s *Server) requestContext(c *gin.Context) {
	b := make([]byte, 8)
	rand.Read(b)
	id := hex.EncodeToString(b)
	c.Header("X-Request-Id", id)
	ctx := audit.WithActor(c.Request.Context(), audit.Actor{RequestID: id, ClientAddr: c.ClientIP(), Trail: &audit.Trail{}})
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// recoverPanics turns a panic into a 500 for the user and one log line for
// us, never a stack trace on the page.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			s.log.ErrorContext(c.Request.Context(), "panic", "request_id", requestID(c), "route", c.FullPath(), "panic", fmt.Sprint(p))
			s.fail(c, fmt.Errorf("panic: %v", p))
		}
	}()
	c.Next()
}

// securityHeaders sets a strict policy on every response: no inline script
// or style, no framing, no sniffing, no referrer leaking a path off-site.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	formAction := "'self'"
	if o := s.oidc.issuerOrigin(); o != "" && o != s.base.Scheme+"://"+s.base.Host {
		formAction += " " + o
	}
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"connect-src 'self'; form-action "+formAction+"; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	// Pages and API answers carry personal data: no cache keeps them
	// (§13). Static assets override this with their own caching.
	h.Set("Cache-Control", "no-store")
	if s.secure {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	c.Next()
}

// limitBody caps what a request may send; a larger body fails to read with
// a 413 instead of filling memory.
func (s *Server) limitBody(c *gin.Context) {
	limit := s.cfg.BodyLimit
	if c.FullPath() == intakeEmailRoute {
		limit = tickets.MaxEmailBytes
	}
	if c.Request.ContentLength > limit {
		s.fail(c, errTooLarge)
		c.Abort()
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}

// refuseNUL refuses a NUL byte in the path, the query or a form field: no
// text of ours may hold one, and the databases would reject the statement
// with an error instead of a clear refusal. (JSON bodies are checked where
// they are decoded.)
func (s *Server) refuseNUL(c *gin.Context) {
	// Text that is not UTF-8 would reach the database, which refuses it
	// with an error of its own: refuse it here, as a client mistake.
	bad := strings.ContainsRune(c.Request.URL.Path, 0) || strings.Contains(c.Request.URL.RawQuery, "%00")
	notText := !utf8.ValidString(c.Request.URL.Path)
	for _, vs := range c.Request.URL.Query() {
		for _, v := range vs {
			notText = notText || !utf8.ValidString(v)
		}
	}
	if !bad && c.ContentType() == "application/x-www-form-urlencoded" {
		if err := c.Request.ParseForm(); err != nil {
			s.fail(c, errMalformed)
			c.Abort()
			return
		}
		for _, vs := range c.Request.PostForm {
			for _, v := range vs {
				bad = bad || strings.ContainsRune(v, 0)
				notText = notText || !utf8.ValidString(v)
			}
		}
	}
	if bad || notText {
		s.fail(c, map[bool]error{true: errNUL, false: errNotText}[bad])
		c.Abort()
		return
	}
	c.Next()
}

// observe logs one line per request and feeds the metrics. It names the
// route pattern, never the raw path or query, which may carry what a user
// typed.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	s.metrics.observe(c.Request.Method, route, c.Writer.Status(), elapsed)
	if route == "/healthz" || route == "/metrics" || strings.HasPrefix(route, "/static/") {
		return
	}
	s.log.InfoContext(c.Request.Context(), "request", "method", c.Request.Method, "route", route,
		"status", c.Writer.Status(), "duration_ms", elapsed.Milliseconds(), "request_id", requestID(c))
}

// crossOrigin refuses state-changing requests a browser sends from another
// site (Sec-Fetch-Site / Origin); the session's CSRF token is checked on top
// of it in requireSession.
func (s *Server) crossOrigin(c *gin.Context) {
	if err := s.csrf.Check(c.Request); err != nil {
		s.fail(c, errCrossSite)
		c.Abort()
		return
	}
	c.Next()
}

func requestID(c *gin.Context) string {
	a, _ := audit.ActorFrom(c.Request.Context())
	return a.RequestID
}
