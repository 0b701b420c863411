package frontend

import (
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"contactd/audit"
	"contactd/audit/report"
)

// handleRunReport sends a run's report as XLSX (the default) or CSV
// (?format=csv, or a path ending in .csv). The download is logged.
func (s *Server) handleRunReport(c *gin.Context) {
	format := c.DefaultQuery("format", "xlsx")
	if strings.HasSuffix(c.Request.URL.Path, ".csv") {
		format = "csv"
	}
	if format != "xlsx" && format != "csv" {
		s.fail(c, errNotFound)
		return
	}
	v, err := s.loadRun(c, audit.Entry{Action: "report_download", Detail: "format=" + format})
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	agents, err := audit.RunAgents(ctx, s.db.Bun, v.Run)
	if err != nil {
		s.fail(c, err)
		return
	}
	run, items, rows := reportOf(v, agents)
	c.Header("Cache-Control", "no-store")
	name := fmt.Sprintf("sampling-run-%d.%s", v.Run.ID, format)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	lang := s.language(c)
	if format == "csv" {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Status(http.StatusOK)
		err = report.WriteCSV(c.Writer, run, items, lang)
	} else {
		c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		c.Status(http.StatusOK)
		err = report.WriteXLSX(c.Writer, run, items, rows, lang)
	}
	if err != nil {
		// The headers are gone: the client sees a cut download; we log why.
		s.log.ErrorContext(ctx, "report failed", "request_id", requestID(c), "error", err.Error())
	}
}

// reportOf turns a reviewed run into the report's rows.
func reportOf(v runView, volumes []audit.AgentVolume) (report.Run, iter.Seq[report.Item], []report.AgentRow) {
	run := report.Run{ID: v.Run.ID, PeriodStart: v.Run.PeriodStart, PeriodEnd: v.Run.PeriodEnd, Scope: v.Run.Scope, Seed: v.Run.Seed,
		Confidence: v.Run.Confidence, TolerableRate: v.Run.TolerableRate, Population: v.Run.Population, SampleSize: v.Run.SampleSize,
		Status: v.Run.Status, CreatedAt: v.Run.CreatedAt, ClosedAt: v.Run.ClosedAt, Statement: v.Statement, Reviewed: v.Reviewed}
	rows := map[int64]*report.AgentRow{}
	var order []int64
	for _, a := range volumes {
		rows[a.AgentID] = &report.AgentRow{Agent: a.Agent, AgentID: a.AgentID, Consultations: a.Consultations}
		order = append(order, a.AgentID)
	}
	out := make([]report.Item, 0, len(v.Items))
	for _, it := range v.Items {
		r := rows[it.AgentID]
		if r == nil {
			r = &report.AgentRow{Agent: it.Agent, AgentID: it.AgentID}
			rows[it.AgentID] = r
			order = append(order, it.AgentID)
		}
		r.Sampled++
		if it.Findings != "" {
			r.Findings++
		}
		if it.Flags != "" {
			r.Flagged++
		}
		if it.Verdict == audit.NotJustified {
			r.Unjustified++
			run.Unjustified++
		}
		reviewer := ""
		if it.ReviewedBy != nil {
			reviewer = fmt.Sprint(*it.ReviewedBy)
		}
		out = append(out, report.Item{ID: it.ID, ConsultationID: it.ConsultationID, Why: it.Why, At: it.At, Agent: it.Agent, AgentID: it.AgentID,
			Role: it.Role, Institution: it.Institution, Kind: it.Kind, Reason: it.Reason, Outcome: it.Outcome, TicketRef: it.TicketRef,
			INSZ: it.INSZ, Findings: split(it.Findings), Flags: split(it.Flags), Verdict: it.Verdict, Comment: it.Comment,
			ReviewedBy: reviewer, ReviewedAt: it.ReviewedAt})
	}
	agents := make([]report.AgentRow, 0, len(order))
	for _, id := range order {
		agents = append(agents, *rows[id])
	}
	return run, func(yield func(report.Item) bool) {
		for _, it := range out {
			if !yield(it) {
				return
			}
		}
	}, agents
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
