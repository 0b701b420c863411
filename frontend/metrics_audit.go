package frontend

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/uptrace/bun"

	"contactd/audit"
)

// auditCollector exports the logs' tamper evidence at each scrape (O6):
// how old the oldest unsealed entry is, how long the newest checkpoint
// has waited for a witness and when one last accepted a checkpoint, and
// whether the last verification found tampering — so that a stalled
// sealer, an unreachable witness or a tampered log pages someone instead
// of waiting for the adviser's next look at the governance page.
type auditCollector struct {
	db                                 bun.IDB
	unsealed, unwitnessed, witnessedAt *prometheus.Desc
	failed, verifiedAt                 *prometheus.Desc
}

func newAuditCollector(db bun.IDB) *auditCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, []string{"log"}, nil)
	}
	return &auditCollector{db: db,
		unsealed:    desc("contactd_audit_oldest_unsealed_seconds", "Age of the oldest log entry no seal covers (0: all sealed)."),
		unwitnessed: desc("contactd_audit_unwitnessed_checkpoint_seconds", "How long the newest checkpoint has waited for a witness (0: witnessed)."),
		witnessedAt: desc("contactd_audit_witnessed_checkpoint_timestamp_seconds", "When a witness last accepted a checkpoint of the log."),
		failed:      desc("contactd_audit_verification_failed", "1 when the log's last verification found tampering."),
		verifiedAt:  desc("contactd_audit_verified_timestamp_seconds", "When the log was last verified."),
	}
}

// Describe implements prometheus.Collector.
func (c *auditCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.unsealed, c.unwitnessed, c.witnessedAt, c.failed, c.verifiedAt} {
		ch <- d
	}
}

// Collect implements prometheus.Collector; a database that does not
// answer within two seconds leaves the gauges out of this scrape.
func (c *auditCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	lags, err := audit.Lags(ctx, c.db, time.Now())
	if err == nil {
		for _, l := range lags {
			ch <- prometheus.MustNewConstMetric(c.unsealed, prometheus.GaugeValue, l.OldestUnsealed.Seconds(), string(l.Log))
			ch <- prometheus.MustNewConstMetric(c.unwitnessed, prometheus.GaugeValue, l.Unwitnessed.Seconds(), string(l.Log))
			if l.WitnessedAt != nil {
				ch <- prometheus.MustNewConstMetric(c.witnessedAt, prometheus.GaugeValue, float64(l.WitnessedAt.Unix()), string(l.Log))
			}
		}
	}
	vs, err := audit.LastVerifications(ctx, c.db)
	if err != nil {
		return
	}
	for _, v := range vs {
		failed := 0.0
		if !v.OK {
			failed = 1
		}
		ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, failed, string(v.Log))
		ch <- prometheus.MustNewConstMetric(c.verifiedAt, prometheus.GaugeValue, float64(v.VerifiedAt.Unix()), string(v.Log))
	}
}
