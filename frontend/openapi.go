package frontend

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/docs"
)

// handleOpenAPI serves the API's description, the same file as docs/openapi.json.
func (s *Server) handleOpenAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", docs.OpenAPI)
}
