package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/tickets"
)

// handleAPISamplingRuns lists the sampling runs (security adviser).
func (s *Server) handleAPISamplingRuns(c *gin.Context) {
	runs, err := audit.Runs(c.Request.Context(), s.db.Bun)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"runs": runs})
}

// handleAPISamplingRequest asks for a run of a period: from and to are
// whole days (YYYY-MM-DD, Brussels time, both included); scope is "all"
// or an institution's code. The run is made by a background job: 202.
func (s *Server) handleAPISamplingRequest(c *gin.Context) {
	var b struct {
		From  string `json:"from"`
		To    string `json:"to"`
		Scope string `json:"scope"`
	}
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	args, err := s.requestRun(c.Request.Context(), b.From, b.To, b.Scope)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "queued", "period_start": args.Start, "period_end": args.End, "scope": args.Scope})
}

// handleAPISamplingRun shows a run with its items, its statement, and the
// statement in numbers: the random sample the bound rests on, the chosen
// items apart.
func (s *Server) handleAPISamplingRun(c *gin.Context) {
	v, err := s.loadRun(c, audit.Entry{Action: "sampling_run_view"})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, v)
}

// handleAPIVerdict records the adviser's verdict on an item.
func (s *Server) handleAPIVerdict(c *gin.Context) {
	var b struct {
		Verdict   string `json:"verdict"`
		Comment   string `json:"comment"`
		Confirmed bool   `json:"confirmed"` // answers the free-text guard's warning (§5)
	}
	id, err := itemID(c)
	if err == nil {
		err = decodeJSON(c, &b)
	}
	if err == nil {
		err = audit.SetVerdict(c.Request.Context(), s.db.Bun, id, b.Verdict, b.Comment, time.Now().UTC(), b.Confirmed)
	}
	if err != nil {
		s.fail(c, tickets.GuardError(err))
		return
	}
	c.JSON(http.StatusOK, gin.H{"item": id, "verdict": b.Verdict})
}

// handleAPIFollowUp completes, and may close, an unjustified item's
// follow-up.
func (s *Server) handleAPIFollowUp(c *gin.Context) {
	var b struct {
		ReferredTo string `json:"referred_to"`
		Sanction   string `json:"sanction"`
		Close      bool   `json:"close"`
		Confirmed  bool   `json:"confirmed"` // answers the free-text guard's warning (§5)
	}
	id, err := itemID(c)
	if err == nil {
		err = decodeJSON(c, &b)
	}
	if err == nil {
		err = audit.UpdateFollowUp(c.Request.Context(), s.db.Bun, id, b.ReferredTo, b.Sanction, b.Close, time.Now().UTC(), b.Confirmed)
	}
	if err != nil {
		s.fail(c, tickets.GuardError(err))
		return
	}
	c.JSON(http.StatusOK, gin.H{"item": id, "closed": b.Close})
}
