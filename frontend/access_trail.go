package frontend

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"contactd/audit"
)

// refusalKey holds, in the gin context, why fail refused a request: the
// problem's code, or the precise reason of an error that knows one.
const refusalKey = "refusal"

// unloggedRoutes answer without a security-log entry: the static files and
// the probes and metrics that machines poll every few seconds, which carry
// no one's data. Every other request is an access (docs/OPERATIONS.md).
var unloggedRoutes = map[string]bool{
	"/static/*file": true, "/healthz": true, "/readyz": true, "/metrics": true,
}

// maxLoggedRef bounds what a refused request may put in the log's ticket
// column: a reference is short, and the path is the caller's to fill.
const maxLoggedRef = 40

// recordAccess writes one access-log entry for a request that reached the
// application and wrote none on its way — a page view, a refusal by a
// guard, a malformed body, an unknown route — with its outcome and reason
// (O6, §6: every access to the application is kept). Requests whose
// handler wrote its own, more precise entry are left as they are. The
// entry is written before the first byte of the answer leaves, so that
// whoever received an answer can find its entry.
func (s *Server) recordAccess(c *gin.Context) {
	var once sync.Once
	record := func() { once.Do(func() { s.recordIfNone(c) }) }
	c.Writer = &trailWriter{ResponseWriter: c.Writer, before: record}
	c.Next()
	record()
}

func (s *Server) recordIfNone(c *gin.Context) {
	route := c.FullPath()
	if unloggedRoutes[route] {
		return
	}
	ctx := c.Request.Context()
	a, _ := audit.ActorFrom(ctx)
	if a.Trail == nil || a.Trail.Written() > 0 {
		return
	}
	if err := audit.Record(ctx, s.db.Bun, s.accessEntry(c, route)); err != nil {
		s.log.ErrorContext(ctx, "access log", "request_id", a.RequestID, "route", route, "error", err.Error())
	}
}

// trailWriter runs before once the answer starts to leave: its status is
// known then, and every entry the handler meant to write is written.
type trailWriter struct {
	gin.ResponseWriter
	before func()
}

func (w *trailWriter) Write(b []byte) (int, error) {
	w.before()
	return w.ResponseWriter.Write(b)
}

func (w *trailWriter) WriteString(str string) (int, error) {
	w.before()
	return w.ResponseWriter.WriteString(str)
}

func (w *trailWriter) WriteHeaderNow() {
	w.before()
	w.ResponseWriter.WriteHeaderNow()
}

func (w *trailWriter) Flush() {
	w.before()
	w.ResponseWriter.Flush()
}

// accessEntry describes a request from its route pattern, never its raw
// path or query, which may carry what a user typed.
func (s *Server) accessEntry(c *gin.Context, route string) audit.Entry {
	status := c.Writer.Status()
	if route == "" {
		route = "unmatched"
	}
	e := audit.Entry{Action: "request", Outcome: audit.OK, TicketRef: loggableRef(c.Param("ref")),
		Detail: fmt.Sprintf("route=%s %s status=%d", c.Request.Method, route, status)}
	if c.Request.Method == http.MethodGet {
		e.Action = "view"
	}
	switch {
	case status >= 500:
		e.Outcome = audit.Failed
	case status >= 400:
		e.Outcome = audit.Refused
	}
	why := c.GetString(refusalKey)
	if why == "" && status >= 400 {
		why = statusReasons[status]
	}
	if why != "" {
		e.Detail += " reason=" + why
	}
	return e
}

// statusReasons name a refusal that said nothing more precise than its
// status.
var statusReasons = map[int]string{
	http.StatusBadRequest: "invalid", http.StatusUnauthorized: "unauthorized", http.StatusForbidden: "forbidden",
	http.StatusNotFound: "not_found", http.StatusMethodNotAllowed: "method", http.StatusConflict: "conflict",
	http.StatusRequestEntityTooLarge: "too_large", http.StatusUnprocessableEntity: "looks_like_consulted_data",
	http.StatusTooManyRequests: "rate_limited", http.StatusInternalServerError: "internal",
	http.StatusBadGateway: "upstream", http.StatusServiceUnavailable: "unavailable",
}

// loggableRef keeps a path's ticket reference if it looks like one.
func loggableRef(ref string) string {
	if ref == "" || len(ref) > maxLoggedRef || !utf8.ValidString(ref) || strings.ContainsAny(ref, " \t\r\n") {
		return ""
	}
	return ref
}

// refusalReason is why a request failed, for its log entry: the precise
// reason of an error that carries one (a bearer token's), else the
// problem's code.
func refusalReason(err error, p problem) string {
	var r interface{ Reason() string }
	if errors.As(err, &r) {
		return r.Reason()
	}
	return p.Code
}
