package frontend

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"contactd/lookup"
)

// consultBody is what an agent asks to see, and why (§9).
type consultBody struct {
	Kind   lookup.Kind   `json:"kind"`
	Reason lookup.Reason `json:"reason"`
}

// consultationJSON is the record of a consultation as the API shows it:
// the proof that it was recorded, never a copy of the data.
type consultationJSON struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	TicketRef string    `json:"ticket_ref"`
	Kind      string    `json:"kind"`
	Reason    string    `json:"reason"`
}

// handleAPIConsult consults a citizen's career or supplementary pension
// within a ticket. The data are in this response only: no-store, and
// nothing of them is kept on the server (O7, O9).
func (s *Server) handleAPIConsult(c *gin.Context) {
	var b consultBody
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.lookups.Consult(c.Request.Context(), c.Param("ref"), b.Kind, b.Reason)
	if err != nil {
		s.fail(c, err)
		return
	}
	r := res.Record
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, consultResponse{
		Consultation: consultationJSON{ID: r.ID, At: r.At, TicketRef: r.TicketRef, Kind: r.Kind, Reason: r.Reason},
		Career:       res.Career, Pension: res.Pension,
	})
}

// consultResponse carries the record and the data of its one kind.
type consultResponse struct {
	Consultation consultationJSON             `json:"consultation"`
	Career       *lookup.Career               `json:"career,omitempty"`
	Pension      *lookup.SupplementaryPension `json:"supplementary_pension,omitempty"`
}
