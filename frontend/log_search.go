package frontend

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/internal/insz"
	"contactd/tickets"
)

// searchInput is a log search as the API and the adviser's form send it:
// the national number in the body, never in a URL; days as YYYY-MM-DD in
// Brussels time, both included.
type searchInput struct {
	Log       string `json:"log" form:"log"`
	UserID    string `json:"user_id" form:"user_id"`
	INSZ      string `json:"insz" form:"insz"`
	TicketRef string `json:"ticket_ref" form:"ticket_ref"`
	From      string `json:"from" form:"from"`
	To        string `json:"to" form:"to"`
	What      string `json:"what" form:"what"`
	Outcome   string `json:"outcome" form:"outcome"`
	Before    int64  `json:"before" form:"before"`
	Limit     int    `json:"limit" form:"limit"`
}

func (in searchInput) search() (audit.Search, error) {
	s := audit.Search{Log: audit.Log(strings.TrimSpace(in.Log)), TicketRef: strings.TrimSpace(in.TicketRef),
		What: strings.TrimSpace(in.What), Outcome: strings.TrimSpace(in.Outcome), Before: in.Before, Limit: in.Limit}
	if v := strings.TrimSpace(in.UserID); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return s, &tickets.ValidationError{Field: "user_id", Message: "the agent is a user number", Code: "choose_listed"}
		}
		s.UserID = id
	}
	if v := strings.TrimSpace(in.INSZ); v != "" {
		n, err := insz.Parse(v)
		if err != nil {
			return s, tickets.InvalidNumber(err)
		}
		s.Citizen = n.String()
	}
	for _, d := range []struct {
		field, value string
		dst          *time.Time
		next         bool
	}{{"from", in.From, &s.From, false}, {"to", in.To, &s.To, true}} {
		if strings.TrimSpace(d.value) == "" {
			continue
		}
		t, err := day(d.field, d.value)
		if err != nil {
			return s, err
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	return s, nil
}

// handleAPILogSearch searches the access or the consultation log.
func (s *Server) handleAPILogSearch(c *gin.Context) {
	var in searchInput
	if err := decodeJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	q, err := in.search()
	var r audit.SearchResult
	if err == nil {
		r, err = audit.SearchLogs(c.Request.Context(), s.db.Bun, q)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, r)
}

// handleLogSearchPage searches the logs from the adviser's page.
func (s *Server) handleLogSearchPage(c *gin.Context) {
	var in searchInput
	var q audit.Search
	err := c.ShouldBind(&in)
	if err != nil {
		err = &tickets.ValidationError{Field: "limit", Message: "the page and limit are numbers", Code: "choose_listed"}
	} else {
		q, err = in.search()
	}
	var r audit.SearchResult
	if err == nil {
		r, err = audit.SearchLogs(c.Request.Context(), s.db.Bun, q)
	}
	if fe, status, ok := formErrorOf("search", err); ok {
		s.render(c, status, "adviser", gin.H{"Error": fe, "Form": c.Request.PostForm})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "adviser", gin.H{"Searched": true, "Result": r, "Log": string(q.Log), "Form": c.Request.PostForm})
}
