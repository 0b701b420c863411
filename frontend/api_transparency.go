package frontend

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/internal/insz"
	"contactd/tickets"
)

// transparencyLimit bounds one answer: years of a citizen's contacts.
const transparencyLimit = 1000

// receiptLimit bounds the receipts of one answer: each costs two dozen
// indexed reads; the newest are the ones a citizen asks about, and
// `contactd audit prove` gives any other.
const receiptLimit = 100

// citizenConsultation is one line of the answer with its receipt: the
// proof, checkable offline, that the consultation is in the witnessed log
// as shown (docs/AUDIT.md). A consultation of the last seconds is not
// under a witnessed checkpoint yet: receipt_pending says so.
type citizenConsultation struct {
	audit.CitizenConsultation
	Receipt        *audit.Receipt `json:"receipt,omitempty"`
	ReceiptPending bool           `json:"receipt_pending,omitempty"`
}

// handleAPICitizenConsultations is the citizen portal's "who consulted my
// data" view (O9, §9): for the citizen the portal authenticated with eID,
// which institution consulted which kind of their data, when, and within
// which ticket. It is a POST with the national number in the body, not a
// GET with it in the path: national numbers stay out of URLs, and so out
// of proxies' and servers' access logs. Only a system client with the
// contactd.transparency scope may ask; the question is itself logged.
func (s *Server) handleAPICitizenConsultations(c *gin.Context) {
	var b struct {
		INSZ string `json:"insz"`
	}
	if err := decodeJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	n, err := insz.Parse(b.INSZ)
	if err != nil {
		s.fail(c, tickets.InvalidNumber(err))
		return
	}
	ctx := c.Request.Context()
	list, err := audit.ConsultationsOfCitizen(ctx, s.db.Bun, n.String(), transparencyLimit+1)
	if err == nil {
		err = audit.Record(ctx, s.db.Bun, audit.Entry{Action: "citizen_consultations_view", Citizen: n.String()})
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	truncated := len(list) > transparencyLimit
	if truncated {
		list = list[:transparencyLimit]
	}
	out := make([]citizenConsultation, len(list))
	for i, cc := range list {
		out[i].CitizenConsultation = cc
		if i >= receiptLimit {
			continue
		}
		r, err := audit.Prove(ctx, s.db.Bun, cc.ID)
		switch {
		case errors.Is(err, audit.ErrNotWitnessed):
			out[i].ReceiptPending = true
		case err != nil:
			s.fail(c, err)
			return
		default:
			out[i].Receipt = &r
		}
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"insz": n.String(), "consultations": out, "truncated": truncated})
}
