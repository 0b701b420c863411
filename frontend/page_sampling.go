package frontend

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/audit"
)

// handleRunsPage lists the sampling runs with the form for a new one.
func (s *Server) handleRunsPage(c *gin.Context) {
	s.renderRuns(c, http.StatusOK, formError{})
}

func (s *Server) renderRuns(c *gin.Context, status int, fe formError) {
	runs, err := audit.Runs(c.Request.Context(), s.db.Bun)
	if err != nil {
		s.fail(c, err)
		return
	}
	insts, err := s.access.Institutions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	from, to := audit.PreviousWeek(time.Now(), audit.Brussels)
	s.render(c, status, "runs", gin.H{"Runs": runs, "Institutions": insts, "Error": fe, "Form": c.Request.PostForm,
		"Requested": c.Query("requested") == "1",
		"From":      from.Format(time.DateOnly), "To": to.AddDate(0, 0, -1).Format(time.DateOnly)})
}

// handleRunRequest asks for a new run from the page's form.
func (s *Server) handleRunRequest(c *gin.Context) {
	_, err := s.requestRun(c.Request.Context(), c.PostForm("from"), c.PostForm("to"), c.PostForm("scope"))
	if fe, status, ok := formErrorOf("run", err); ok {
		s.renderRuns(c, status, fe)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/adviser/runs?requested=1")
}

// handleRunPage shows a run for review: each item's consultation metadata,
// a link to its ticket (metadata and timeline, never consulted data), and
// the verdict form.
func (s *Server) handleRunPage(c *gin.Context) {
	v, err := s.loadRun(c, audit.Entry{Action: "sampling_run_view"})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "run", gin.H{"V": v, "Verdicts": []string{"", audit.Justified, audit.NotJustified, audit.ExplanationAsked}})
}

// handleVerdictForm records a verdict from the run page.
func (s *Server) handleVerdictForm(c *gin.Context) {
	s.itemForm(c, func(id int64) error {
		return audit.SetVerdict(c.Request.Context(), s.db.Bun, id, c.PostForm("verdict"), c.PostForm("comment"), time.Now().UTC())
	})
}

// handleFollowUpForm completes a follow-up from the run page.
func (s *Server) handleFollowUpForm(c *gin.Context) {
	s.itemForm(c, func(id int64) error {
		return audit.UpdateFollowUp(c.Request.Context(), s.db.Bun, id, c.PostForm("referred_to"), c.PostForm("sanction"),
			c.PostForm("close") == "on", time.Now().UTC())
	})
}

// itemForm applies an item's form and goes back to its run.
func (s *Server) itemForm(c *gin.Context, apply func(id int64) error) {
	id, err := itemID(c)
	if err == nil {
		err = apply(id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	run, _ := strconv.ParseInt(c.PostForm("run"), 10, 64)
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/adviser/runs/%d#item-%d", run, id))
}
