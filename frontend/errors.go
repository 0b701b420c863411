package frontend

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/database"
	"contactd/lookup"
	"contactd/retention"
	"contactd/tickets"
)

// Errors of the HTTP layer itself.
var (
	errTooLarge     = errors.New("the request is larger than allowed")
	errCrossSite    = errors.New("cross-site request refused")
	errCSRF         = errors.New("the form has expired or was not sent by this application")
	errNotFound     = errors.New("no such page")
	errNoMethod     = errors.New("method not allowed here")
	errUnauthorized = errors.New("sign in first")
	errBadToken     = errors.New("the bearer token is missing or invalid")
	errNUL          = errors.New("the request holds a NUL character, which no field accepts")
	errNotText      = errors.New("the request holds text that is not UTF-8")
	errNotice       = errors.New("acknowledge the staff notice first: consultations are recorded and checked by sampling (GET /notice)")
)

// problem is what a failure means to a client: a status, a stable code,
// and a message a person can act on. It is the one place errors become
// statuses.
type problem struct {
	Status int
	Code   string
	Title  string
	Detail string
	Field  string // the input field at fault, if any
}

func problemOf(err error) problem {
	var ve *access.ValidationError
	var tve *tickets.ValidationError
	var twe *tickets.WarningError
	var mbe *http.MaxBytesError
	var rve *retention.ValidationError
	switch {
	case errors.As(err, &ve):
		return problem{http.StatusBadRequest, "invalid", "Invalid input", ve.Error(), ve.Field}
	case errors.As(err, &tve):
		return problem{http.StatusBadRequest, "invalid", "Invalid input", tve.Message, tve.Field}
	case errors.As(err, &twe):
		return problem{http.StatusUnprocessableEntity, "looks_like_consulted_data", "Check the text", twe.Message, twe.Field}
	case errors.As(err, &rve):
		return problem{http.StatusBadRequest, "invalid", "Invalid input", rve.Message, rve.Field}
	case errors.Is(err, retention.ErrForbidden):
		return problem{Status: http.StatusForbidden, Code: "forbidden", Title: "Not allowed", Detail: publicDetail(err, retention.ErrForbidden)}
	case errors.Is(err, retention.ErrOpenTickets):
		return problem{Status: http.StatusConflict, Code: "open_tickets", Title: "Tickets still open", Detail: publicDetail(err, retention.ErrOpenTickets) + " " + retention.LogsKept}
	case errors.Is(err, retention.ErrNoTickets):
		return problem{Status: http.StatusNotFound, Code: "no_tickets", Title: "No tickets", Detail: publicDetail(err, retention.ErrNoTickets)}
	case errors.Is(err, errMalformed), errors.Is(err, errNUL), errors.Is(err, errNotText):
		return problem{Status: http.StatusBadRequest, Code: "malformed", Title: "Malformed request", Detail: firstOf(err, errMalformed, errNUL, errNotText)}
	case errors.Is(err, tickets.ErrNotFound):
		return problem{Status: http.StatusNotFound, Code: "not_found", Title: "No such ticket", Detail: "No ticket has this reference."}
	case errors.Is(err, tickets.ErrForbidden):
		return problem{Status: http.StatusForbidden, Code: "forbidden", Title: "Not allowed", Detail: tickets.ErrForbidden.Error()}
	case errors.Is(err, tickets.ErrTransition):
		return problem{Status: http.StatusConflict, Code: "illegal_transition", Title: "Not possible now", Detail: publicDetail(err, tickets.ErrTransition)}
	case errors.Is(err, tickets.ErrDuplicate):
		return problem{Status: http.StatusConflict, Code: "duplicate", Title: "Already received", Detail: publicDetail(err, tickets.ErrDuplicate)}
	case errors.Is(err, errRoleNotChosen):
		return problem{Status: http.StatusForbidden, Code: "role_not_chosen", Title: "Role not chosen", Detail: errRoleNotChosen.Error()}
	case errors.Is(err, access.ErrSelf):
		return problem{Status: http.StatusForbidden, Code: "own_access", Title: "Not allowed", Detail: "Nobody changes their own access: ask a second local manager or an admin."}
	case errors.Is(err, access.ErrOversight):
		return problem{Status: http.StatusForbidden, Code: "oversight_role", Title: "Not allowed", Detail: "Admins and security advisers are appointed by the admin, not by a local manager."}
	case errors.Is(err, errNotice):
		return problem{Status: http.StatusForbidden, Code: "notice", Title: "Staff notice not acknowledged", Detail: errNotice.Error()}
	case errors.Is(err, audit.ErrNotAdviser):
		return problem{Status: http.StatusForbidden, Code: "forbidden", Title: "Not allowed", Detail: "Only the security adviser reviews consultations."}
	case errors.Is(err, audit.ErrNoSuchRun):
		return problem{Status: http.StatusNotFound, Code: "not_found", Title: "Not found", Detail: "No such sampling run or item."}
	case errors.Is(err, audit.ErrRunClosed):
		return problem{Status: http.StatusConflict, Code: "closed", Title: "Already closed", Detail: publicDetail(err, audit.ErrRunClosed)}
	case errors.Is(err, audit.ErrBadSearch):
		return problem{Status: http.StatusBadRequest, Code: "invalid", Title: "Invalid input", Detail: publicDetail(err, audit.ErrBadSearch), Field: "log"}
	case errors.Is(err, audit.ErrBadVerdict):
		return problem{Status: http.StatusBadRequest, Code: "invalid", Title: "Invalid input", Detail: publicDetail(err, audit.ErrBadVerdict), Field: "verdict"}
	case errors.Is(err, errJobsUnavailable):
		return problem{Status: http.StatusServiceUnavailable, Code: "unavailable", Title: "Temporarily unavailable", Detail: errJobsUnavailable.Error()}
	case errors.Is(err, lookup.ErrRateLimited):
		return problem{Status: http.StatusTooManyRequests, Code: "rate_limited", Title: "Too many consultations", Detail: "You reached the number of consultations allowed per hour; wait before the next one, or ask your local manager."}
	case errors.Is(err, lookup.ErrNotFound):
		return problem{Status: http.StatusNotFound, Code: "not_in_register", Title: "Not in the register", Detail: "The source knows no data for this person."}
	case errors.Is(err, lookup.ErrUnavailable):
		return problem{Status: http.StatusServiceUnavailable, Code: "registry_unavailable", Title: "Register unavailable", Detail: "The national register cannot be reached; try again in a moment."}
	case errors.Is(err, errTooLarge), errors.As(err, &mbe):
		return problem{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Title: "Request too large", Detail: errTooLarge.Error()}
	case errors.Is(err, errCrossSite), errors.Is(err, errCSRF):
		return problem{Status: http.StatusForbidden, Code: "csrf", Title: "Request refused", Detail: firstOf(err, errCrossSite, errCSRF)}
	case errors.Is(err, errNotFound), errors.Is(err, access.ErrNotFound):
		return problem{Status: http.StatusNotFound, Code: "not_found", Title: "Not found", Detail: "There is nothing here, or it was removed."}
	case errors.Is(err, errNoMethod):
		return problem{Status: http.StatusMethodNotAllowed, Code: "method", Title: "Method not allowed", Detail: errNoMethod.Error()}
	case errors.Is(err, errUnauthorized), errors.Is(err, access.ErrSessionEnded):
		return problem{Status: http.StatusUnauthorized, Code: "unauthorized", Title: "Not signed in", Detail: "Your session has ended or you are not signed in. Sign in again."}
	case errors.Is(err, errBadToken):
		return problem{Status: http.StatusUnauthorized, Code: "bad_token", Title: "Not authenticated", Detail: errBadToken.Error()}
	case errors.Is(err, errScope):
		return problem{Status: http.StatusForbidden, Code: "insufficient_scope", Title: "Not allowed", Detail: errScope.Error()}
	case errors.Is(err, access.ErrLastManager):
		return problem{Status: http.StatusConflict, Code: "last_manager", Title: "A local manager must remain", Detail: "The institution would be left without a local manager: appoint another one first."}
	case errors.Is(err, access.ErrOtherInstitution):
		return problem{Status: http.StatusForbidden, Code: "other_institution", Title: "Not allowed", Detail: "The user belongs to another institution: act only on your own institution's users and roles."}
	case errors.Is(err, access.ErrForbidden), errors.Is(err, access.ErrNoRole):
		return problem{Status: http.StatusForbidden, Code: "forbidden", Title: "Not allowed", Detail: "Your role does not allow this."}
	case errors.Is(err, database.ErrSchemaBehind), errors.Is(err, context.DeadlineExceeded), database.IsUnavailable(err):
		// The database away (stopped, restarting, unreachable) is not our
		// bug: the pool reconnects by itself, so the client may retry.
		return problem{Status: http.StatusServiceUnavailable, Code: "unavailable", Title: "Temporarily unavailable", Detail: "The service cannot answer now; try again in a moment."}
	}
	return problem{Status: http.StatusInternalServerError, Code: "internal", Title: "Internal error", Detail: "Something went wrong on our side. The request id identifies it for support."}
}

// publicDetail is what a refusal wrapped in err says to the person
// refused: the message of the error in err's chain that begins with
// sentinel's own (so that a detail the domain appended stays), without
// what callers added on the way out — the operation, the reference, the
// transaction — which is for the logs. Without one it is sentinel's
// message. No answer carries internal text.
func publicDetail(err, sentinel error) string {
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		// The sentinel with the domain's detail after it, or the domain's
		// own error type standing for it (it wraps nothing).
		if strings.HasPrefix(msg, sentinel.Error()) || errors.Unwrap(e) == nil && errors.Is(e, sentinel) {
			return withoutPackage(msg)
		}
	}
	return withoutPackage(sentinel.Error())
}

// internalPrefixes are the packages that begin their errors with their
// name, which means nothing to the person refused.
var internalPrefixes = []string{"access: ", "audit: ", "lookup: ", "tickets: ", "retention: ", "governance: ", "database: "}

// withoutPackage drops the package names a message begins with
// ("audit: invalid search" reads "invalid search").
func withoutPackage(msg string) string {
	for again := true; again; {
		again = false
		for _, p := range internalPrefixes {
			if rest, ok := strings.CutPrefix(msg, p); ok {
				msg, again = rest, true
			}
		}
	}
	return msg
}

// firstOf is the message of the first sentinel err is.
func firstOf(err error, sentinels ...error) string {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return sentinels[0].Error()
}

// fail answers a request with the error's problem: RFC 9457 problem+json on
// the API, a readable page elsewhere. Server errors are logged once, here.
func (s *Server) fail(c *gin.Context, err error) {
	p := problemOf(err)
	c.Set(refusalKey, refusalReason(err, p))
	if p.Status >= 500 {
		s.log.ErrorContext(c.Request.Context(), "request failed", "request_id", requestID(c), "route", c.FullPath(), "error", err.Error())
	}
	if isAPI(c) {
		c.Header("Cache-Control", "no-store")
		c.Render(p.Status, problemJSON{problemBody{
			Type: "urn:contactd:problem:" + p.Code, Title: p.Title, Status: p.Status,
			Detail: p.Detail, Field: p.Field, RequestID: requestID(c),
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
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id"`
}

func (s *Server) handleNotFound(c *gin.Context)         { s.fail(c, errNotFound) }
func (s *Server) handleMethodNotAllowed(c *gin.Context) { s.fail(c, errNoMethod) }
