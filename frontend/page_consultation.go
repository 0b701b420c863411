package frontend

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/lookup"
)

// consultKinds are the kinds the consultation panel offers: the identity
// is looked up when a ticket is created or identified, not here.
var consultKinds = []lookup.Kind{lookup.KindCareer, lookup.KindSupplementaryPension}

// handleConsult shows the data of a consultation the agent asked for on the
// ticket page. The page is the answer to the POST itself — never a
// redirect to a URL that could be reloaded or shared — and carries
// Cache-Control: no-store, like every page; nothing is kept on the server
// or in the browser's storage (O7). A refusal shows the ticket page again
// with the reason beside the panel.
func (s *Server) handleConsult(c *gin.Context) {
	ref := c.Param("ref")
	res, err := s.lookups.Consult(c.Request.Context(), ref, lookup.Kind(c.PostForm("kind")), lookup.Reason(c.PostForm("reason")))
	if fe, status, ok := formErrorOf("consult", err); ok {
		s.logConsultRefusal(c, ref, err)
		s.renderTicket(c, status, fe)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "consultation", gin.H{
		"Ref": res.Record.TicketRef, "Record": res.Record,
		"Career": careerView(res.Career), "Pension": res.Pension,
	})
}

// logConsultRefusal writes the refused consultation to the access log
// before the ticket is shown again with the message: the request's one
// entry says what was refused, not that the ticket was viewed (O6). The
// consultation log has its own line (§9).
func (s *Server) logConsultRefusal(c *gin.Context, ref string, err error) {
	ctx := c.Request.Context()
	e := audit.Entry{Action: "consultation", Outcome: audit.Refused, TicketRef: loggableRef(ref),
		Detail: "reason=" + refusalReason(err, problemOf(err))}
	if logErr := audit.Record(ctx, s.db.Bun, e); logErr != nil {
		s.log.ErrorContext(ctx, "access log", "request_id", requestID(c), "error", logErr.Error())
	}
}

// regimeView is one regime's periods, as the mycareer view groups them.
type regimeView struct {
	Regime  lookup.Regime
	Periods []lookup.Period
}

// careerView groups a career's periods per regime, in the portal's order.
func careerView(c *lookup.Career) []regimeView {
	if c == nil {
		return nil
	}
	out := []regimeView{}
	for _, r := range lookup.Regimes {
		var ps []lookup.Period
		for _, p := range c.Periods {
			if p.Regime == r {
				ps = append(ps, p)
			}
		}
		if len(ps) > 0 {
			out = append(out, regimeView{Regime: r, Periods: ps})
		}
	}
	return out
}

// euro formats cents as the portal shows amounts: "12.345,67 €" in
// French, Dutch and German, "€12,345.67" in English.
func euro(lang string, cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole, frac := fmt.Sprint(cents/100), cents%100
	var groups []string
	for len(whole) > 3 {
		groups = append([]string{whole[len(whole)-3:]}, groups...)
		whole = whole[:len(whole)-3]
	}
	groups = append([]string{whole}, groups...)
	if lang == "en" {
		return fmt.Sprintf("%s€%s.%02d", sign, strings.Join(groups, ","), frac)
	}
	return fmt.Sprintf("%s%s,%02d €", sign, strings.Join(groups, "."), frac)
}
