package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/access"
)

// handleNoticePage shows the staff notice (§16): consultations are
// recorded and checked by sampling. Nothing else opens until it is
// acknowledged, at first sign-in and whenever its text changes.
func (s *Server) handleNoticePage(c *gin.Context) {
	s.render(c, http.StatusOK, "notice", gin.H{"Version": access.NoticeVersion, "Acked": sessionOf(c).NoticeAcked})
}

// handleNoticeAck records the acknowledgment, then opens the user's home.
func (s *Server) handleNoticeAck(c *gin.Context) {
	if err := s.access.AcknowledgeNotice(c.Request.Context(), sessionOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/")
}
