package frontend

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/freetext"
	"contactd/tickets"
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
	s.renderRun(c, http.StatusOK, v, formError{})
}

func (s *Server) renderRun(c *gin.Context, status int, v runView, fe formError) {
	s.render(c, status, "run", gin.H{"V": v, "Error": fe, "Form": c.Request.PostForm,
		"Verdicts": []string{"", audit.Justified, audit.NotJustified, audit.ExplanationAsked}})
}

// handleVerdictForm records a verdict from the run page.
func (s *Server) handleVerdictForm(c *gin.Context) {
	s.itemForm(c, "verdict", func(id int64) error {
		return audit.SetVerdict(c.Request.Context(), s.db.Bun, id, c.PostForm("verdict"), c.PostForm("comment"), time.Now().UTC(), confirmedIn(c))
	})
}

// handleFollowUpForm completes a follow-up from the run page.
func (s *Server) handleFollowUpForm(c *gin.Context) {
	s.itemForm(c, "followup", func(id int64) error {
		return audit.UpdateFollowUp(c.Request.Context(), s.db.Bun, id, c.PostForm("referred_to"), c.PostForm("sanction"),
			c.PostForm("close") == "on", time.Now().UTC(), confirmedIn(c))
	})
}

// itemForm applies an item's form and goes back to its run; text the
// free-text guard refused or warned about (§5) shows the run again with
// the message beside the item's form.
func (s *Server) itemForm(c *gin.Context, form string, apply func(id int64) error) {
	id, err := itemID(c)
	if err == nil {
		err = tickets.GuardError(apply(id))
	}
	if fe, status, ok := formErrorOf(fmt.Sprintf("%s-%d", form, id), err); ok {
		s.renderRunAgain(c, status, reviewError(fe))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	run, _ := strconv.ParseInt(c.PostForm("run"), 10, 64)
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/adviser/runs/%d#item-%d", run, id))
}

// renderRunAgain shows the run of a refused item form. The item's route
// names the item, its form names the run: the route's id is pointed at the
// run so that the page is read, and its view logged, as on a GET.
func (s *Server) renderRunAgain(c *gin.Context, status int, fe formError) {
	c.Params = gin.Params{{Key: "id", Value: c.PostForm("run")}}
	v, err := s.loadRun(c, audit.Entry{Action: "sampling_run_view"})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderRun(c, status, v, fe)
}

// reviewError words the guard's refusal of a national number for the
// review: no number at all belongs in it, not only "another person's".
func reviewError(fe formError) formError {
	if fe.Code == freetext.CodeOtherNumber {
		fe.Code, fe.Message = "no_insz", "a review names no national number: the item already identifies its consultation"
	}
	return fe
}
