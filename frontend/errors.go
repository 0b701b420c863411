package frontend

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/internal/database"
)

// Errors of the HTTP layer itself.
var (
	errTooLarge     = errors.New("the request is larger than allowed")
	errCrossSite    = errors.New("cross-site request refused")
	errCSRF         = errors.New("the form has expired or was not sent by this application")
	errNotFound     = errors.New("no such page")
	errNoMethod     = errors.New("method not allowed here")
	errUnauthorized = errors.New("sign in first")
	errBadToken     = errors.New("the bearer token is missing, invalid or lacks the required scope")
)

// problem is what a failure means to a client: a status, a stable code,
// and a message a person can act on. It is the one place errors become
// statuses.
type problem struct {
	Status int
	Code   string
	Title  string
	Detail string
}

func problemOf(err error) problem {
	var ve *access.ValidationError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ve):
		return problem{http.StatusBadRequest, "invalid", "Invalid input", ve.Error()}
	case errors.Is(err, errTooLarge), errors.As(err, &mbe):
		return problem{http.StatusRequestEntityTooLarge, "too_large", "Request too large", errTooLarge.Error()}
	case errors.Is(err, errCrossSite), errors.Is(err, errCSRF):
		return problem{http.StatusForbidden, "csrf", "Request refused", err.Error()}
	case errors.Is(err, errNotFound), errors.Is(err, access.ErrNotFound):
		return problem{http.StatusNotFound, "not_found", "Not found", "There is nothing here, or it was removed."}
	case errors.Is(err, errNoMethod):
		return problem{http.StatusMethodNotAllowed, "method", "Method not allowed", err.Error()}
	case errors.Is(err, errUnauthorized), errors.Is(err, access.ErrSessionEnded):
		return problem{http.StatusUnauthorized, "unauthorized", "Not signed in", "Your session has ended or you are not signed in. Sign in again."}
	case errors.Is(err, errBadToken):
		return problem{http.StatusUnauthorized, "bad_token", "Not authenticated", err.Error()}
	case errors.Is(err, access.ErrForbidden), errors.Is(err, access.ErrNoRole):
		return problem{http.StatusForbidden, "forbidden", "Not allowed", "Your role does not allow this."}
	case errors.Is(err, database.ErrSchemaBehind), errors.Is(err, context.DeadlineExceeded):
		return problem{http.StatusServiceUnavailable, "unavailable", "Temporarily unavailable", "The service cannot answer now; try again in a moment."}
	}
	return problem{http.StatusInternalServerError, "internal", "Internal error", "Something went wrong on our side. The request id identifies it for support."}
}

// fail answers a request with the error's problem: RFC 9457 problem+json on
// the API, a readable page elsewhere. Server errors are logged once, here.
func (s *Server) fail(c *gin.Context, err error) {
	p := problemOf(err)
	if p.Status >= 500 {
		s.log.ErrorContext(c.Request.Context(), "request failed", "request_id", requestID(c), "route", c.FullPath(), "error", err.Error())
	}
	if isAPI(c) {
		c.Header("Cache-Control", "no-store")
		c.Render(p.Status, problemJSON{problemBody{
			Type: "urn:contactd:problem:" + p.Code, Title: p.Title, Status: p.Status,
			Detail: p.Detail, RequestID: requestID(c),
		}})
		c.Abort()
		return
	}
	s.renderError(c, p)
	c.Abort()
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// problemBody is RFC 9457's shape with our request id as an extension.
type problemBody struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	RequestID string `json:"request_id"`
}

func (s *Server) handleNotFound(c *gin.Context)         { s.fail(c, errNotFound) }
func (s *Server) handleMethodNotAllowed(c *gin.Context) { s.fail(c, errNoMethod) }
