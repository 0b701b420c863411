package frontend

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// handleHealthz says the process is alive; it touches nothing else, so an
// orchestrator does not restart a healthy process when the database blinks.
func (s *Server) handleHealthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.cfg.Version})
}

// handleReadyz says whether the instance can serve: the database answers
// and its schema is current. A load balancer stops sending traffic on 503.
func (s *Server) handleReadyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	checks := gin.H{"database": "ok", "schema": "ok"}
	status := http.StatusOK
	if err := s.db.Ping(ctx); err != nil {
		checks["database"], checks["schema"], status = "unreachable", "unknown", http.StatusServiceUnavailable
	} else if err := s.db.CheckCurrent(ctx); err != nil {
		checks["schema"], status = "behind", http.StatusServiceUnavailable
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(status, gin.H{"status": map[bool]string{true: "ok", false: "unavailable"}[status == http.StatusOK], "checks": checks})
}
