package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/governance"
)

// The governance report (O13, O14) for the admin and the security adviser:
// a page, the same as JSON, and the same as a workbook. Each is logged.

// handleGovernancePage shows the report.
func (s *Server) handleGovernancePage(c *gin.Context) {
	r, err := s.governance.Report(c.Request.Context(), "governance_view")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "governance", gin.H{"R": r})
}

// handleAPIGovernance answers the report as JSON.
func (s *Server) handleAPIGovernance(c *gin.Context) {
	r, err := s.governance.Report(c.Request.Context(), "governance_view")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, r)
}

// handleGovernanceXLSX sends the report as a workbook in the user's
// language; the page and the API share it.
func (s *Server) handleGovernanceXLSX(c *gin.Context) {
	r, err := s.governance.Report(c.Request.Context(), "governance_export")
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.viewFor(c, "governance", nil)
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="governance-`+r.At.Format("2006-01-02")+`.xlsx"`)
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	if err := governance.WriteXLSX(c.Writer, r, func(key string) string { return v.T(key) }); err != nil {
		// The headers are gone: the client sees a cut download; we log why.
		s.log.ErrorContext(c.Request.Context(), "governance workbook failed", "request_id", requestID(c), "error", err.Error())
	}
}
