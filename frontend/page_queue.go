package frontend

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/tickets"
)

// handleFrontOfficeHome is the front office's desk: the queues, filters,
// search, and the button to register a new contact.
func (s *Server) handleFrontOfficeHome(c *gin.Context) { s.renderQueue(c, "front", tickets.QueueNew) }

// handleBackOfficeHome is a back office's desk: the tickets its
// institution holds.
func (s *Server) handleBackOfficeHome(c *gin.Context) {
	s.renderQueue(c, "back", tickets.QueueInstitution)
}

func (s *Server) renderQueue(c *gin.Context, page string, defaultQueue tickets.Queue) {
	f, err := filterFromQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("queue") == "" {
		f.Queue = defaultQueue
	}
	s.renderTicketList(c, page, f, http.StatusOK)
}

func (s *Server) renderTicketList(c *gin.Context, page string, f tickets.Filter, status int) {
	p, err := s.tickets.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	insts, err := s.access.Institutions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	next := ""
	if p.Next != 0 && f.INSZ == "" { // a search is a POST: its next page cannot be a link
		q := c.Request.URL.Query()
		q.Set("before", strconv.FormatInt(p.Next, 10))
		next = c.Request.URL.Path + "?" + q.Encode()
	}
	s.render(c, status, page, gin.H{
		"Page": p, "Filter": f, "Next": next, "Queues": queuesFor(sessionOf(c).Role),
		"Statuses": tickets.Statuses, "Channels": tickets.Channels, "Portals": tickets.Portals, "Purposes": tickets.Purposes,
		"Query": c.Request.URL.Query(), "Searched": f.INSZ != "", "Institutions": insts,
	})
}

func queuesFor(r audit.Role) []tickets.Queue {
	if r == audit.RoleBackOffice {
		return []tickets.Queue{tickets.QueueInstitution, tickets.QueueMine, tickets.QueueAll}
	}
	return []tickets.Queue{tickets.QueueNew, tickets.QueueMine, tickets.QueueAll}
}

// handleTicketSearch finds a citizen's tickets by national number. It is a
// POST so that the number never appears in a URL, a browser history or a
// proxy's log; the search itself is logged with the citizen (O6).
func (s *Server) handleTicketSearch(c *gin.Context) {
	page := "front"
	if sessionOf(c).Role == audit.RoleBackOffice {
		page = "back"
	}
	if c.PostForm("insz") == "" {
		s.fail(c, &tickets.ValidationError{Field: "insz", Message: "give the national number to search for", Code: "insz_empty"})
		return
	}
	c.Request.URL.RawQuery = url.Values{}.Encode()
	s.renderTicketList(c, page, tickets.Filter{INSZ: c.PostForm("insz"), Limit: 200}, http.StatusOK)
}
