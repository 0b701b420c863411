package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"contactd/audit"
	"contactd/retention"
)

// retentionFlags declares the retention periods (O13) as settings, with
// the defaults docs/OPERATIONS.md argues.
func (c *Config) retentionFlags(fs *flag.FlagSet) {
	def := retention.DefaultPolicy()
	c.RetainClosedTickets, c.RetainQuarantine, c.RetainLogs = def.ClosedTickets, def.Quarantine, def.Logs
	fs.Var(&c.RetainClosedTickets, "retain-closed-tickets", "worker, retention: the identity and free text of tickets closed longer ago are erased (d, mo or y: 730d, 24mo)")
	fs.Var(&c.RetainQuarantine, "retain-quarantine", "worker, retention: an e-mail that could not be read is deleted this long after it arrived")
	fs.Var(&c.RetainLogs, "retain-logs", "worker, retention: access and consultation log entries older than this are removed behind a signed horizon")
}

func (c *Config) retentionPolicy() retention.Policy {
	return retention.Policy{ClosedTickets: c.RetainClosedTickets, Quarantine: c.RetainQuarantine, Logs: c.RetainLogs}
}

// validateRetention names the period at fault, as flag and variable.
func (c *Config) validateRetention() error {
	var ve *retention.ValidationError
	if err := c.retentionPolicy().Validate(); errors.As(err, &ve) {
		return settingError(ve.Field, ve.Message)
	} else if err != nil {
		return err
	}
	return nil
}

// retentionService builds the retention service on what m has wired: the
// checkpoint key (to prune the logs) and the access service (whose session
// sweep it reuses), when there are.
func (m *Main) retentionService() *retention.Service {
	opt := retention.Options{Policy: m.Config.retentionPolicy(), Signer: m.auditSigner}
	if m.Access != nil {
		opt.Sessions = m.Access
	}
	return retention.NewService(m.DB, opt)
}

// runRetention is `contactd retention plan | run`: plan prints what the
// next run would erase and changes nothing; run applies the policy now,
// as actor `cli` (the logs are pruned only with --audit-key).
func runRetention(ctx context.Context, m *Main, args []string) error {
	if len(args) != 1 || (args[0] != "plan" && args[0] != "run") {
		return fmt.Errorf("%w: retention plan | run", errUsage)
	}
	if err := m.Config.validateRetention(); err != nil {
		return err
	}
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	if args[0] == "run" && m.Config.AuditKey != "" {
		if err := m.setupAuditSigner(m.Config.AuditKey); err != nil {
			return err
		}
	}
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	m.setupAccess(nil)
	svc := m.retentionService()
	ctx = audit.WithActor(ctx, audit.Actor{System: "cli"})
	if args[0] == "plan" {
		p, err := svc.Plan(ctx, time.Now())
		if err == nil {
			printPlan(m.Stdout, p)
		}
		return err
	}
	rec, err := svc.Run(ctx, time.Now())
	if err == nil {
		printRun(m.Stdout, rec)
	}
	return err
}

func printPlan(w io.Writer, p retention.Plan) {
	fmt.Fprintf(w, "retention plan as of %s (nothing changed):\n", p.AsOf.Format(time.RFC3339))
	fmt.Fprintf(w, "  tickets closed before %s: %s to erase\n", day(p.TicketsBefore), rangeText(p.Tickets))
	fmt.Fprintf(w, "  quarantine received before %s: %s to delete\n", day(p.QuarantineBef), rangeText(p.Quarantine))
	for _, l := range []audit.PrunePlan{p.AccessLog, p.Consultations} {
		fmt.Fprintf(w, "  %s entries before %s: %s to remove", l.Log, day(l.Cutoff),
			rangeText(retention.Range{Count: l.Entries, FirstID: l.FirstID, LastID: l.MaxID, From: l.From, To: l.To}))
		if l.SealID != 0 {
			fmt.Fprintf(w, "; history begins after seal %d", l.SealID)
		}
		if l.Waiting != 0 {
			fmt.Fprintf(w, "; %d older entries wait for a signed checkpoint of their whole seal", l.Waiting)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "  sessions: ended ones are deleted at once by the session sweep")
	fmt.Fprintln(w, "  background jobs: finished ones are deleted by River's own maintenance")
}

func printRun(w io.Writer, r retention.RunRecord) {
	fmt.Fprintf(w, "retention run %d as of %s: tickets erased %d, quarantine deleted %d, sessions deleted %d, access_log removed %d, consultations removed %d\n",
		r.ID, r.AsOf.Format(time.RFC3339), r.TicketsErased, r.QuarantineDeleted, r.SessionsDeleted, r.AccessLogRemoved, r.ConsultationsRemoved)
	if r.Notes != "" {
		fmt.Fprintln(w, r.Notes)
	}
}

func rangeText(r retention.Range) string {
	if r.Count == 0 {
		return "none"
	}
	s := fmt.Sprintf("%d (ids %d-%d", r.Count, r.FirstID, r.LastID)
	if !r.From.IsZero() {
		s += fmt.Sprintf(", %s to %s", day(r.From), day(r.To))
	}
	return s + ")"
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }
