package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/retention"
)

// handleAPICitizenErase is an admin's handling of a citizen's request to
// erase their data (O13): the identity and free text of their closed
// tickets go at once; the logs are kept by law, and the answer says so.
// The national number travels in the body, never in the URL.
func (s *Server) handleAPICitizenErase(c *gin.Context) {
	var b struct {
		INSZ   string `json:"insz"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.retention.EraseCitizen(c.Request.Context(), b.INSZ, b.Reason)
	s.citizenAnswer(c, res, err)
}

// handleAPICitizenRectify is an admin's handling of a citizen's request to
// correct the identity held on their tickets.
func (s *Server) handleAPICitizenRectify(c *gin.Context) {
	var b struct {
		INSZ   string                  `json:"insz"`
		Reason string                  `json:"reason"`
		Fields retention.Rectification `json:"fields"`
	}
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.retention.RectifyCitizen(c.Request.Context(), b.INSZ, b.Fields, b.Reason)
	s.citizenAnswer(c, res, err)
}

func (s *Server) citizenAnswer(c *gin.Context, res retention.CitizenResult, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, res)
}
