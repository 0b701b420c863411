// Package seed fills a database with many synthetic tickets quickly, for
// the large-table benchmarks: the figures that matter are those of a
// contact centre after years of work, not of an empty table.
package seed

import (
	"context"
	"fmt"

	"contactd/internal/database"
)

// Tickets inserts n synthetic, unidentified tickets in one statement per
// batch, spread over statuses, channels, portals, purposes, institutions
// and the last two years. References are CC-2025-nnnnnnn, which the
// application (CC-<year>-<6 digits from the id>) never produces.
func Tickets(ctx context.Context, db *database.DB, n int) error {
	const batch = 200_000
	for from := 1; from <= n; from += batch {
		to := min(from+batch-1, n)
		if _, err := db.Bun.ExecContext(ctx, ticketsSQL(db.Dialect), from, to); err != nil {
			return fmt.Errorf("seed: tickets %d-%d: %w", from, to, err)
		}
	}
	// A table after years of work has been vacuumed and analysed; right
	// after a bulk load, autovacuum would do it during the measurement.
	settle := "ANALYZE tickets"
	if db.Dialect == database.Postgres {
		settle = "VACUUM ANALYZE tickets"
	}
	if _, err := db.Bun.ExecContext(ctx, settle); err != nil {
		return fmt.Errorf("seed: %s: %w", settle, err)
	}
	return nil
}

func ticketsSQL(d database.Dialect) string {
	if d == database.Postgres {
		return `INSERT INTO tickets (ref, portal, channel, purpose, subject, request, received_at, status,
	institution_code, due_at, created_at, updated_at)
SELECT 'CC-2025-' || lpad(g::text, 7, '0'),
	(ARRAY['mypension','mycareer'])[1 + g % 2],
	(ARRAY['portal_form','email','post','phone'])[1 + g % 4],
	(ARRAY['content_question','error_report','complaint','access_problem','other'])[1 + g % 5],
	'Synthetic request ' || g, '',
	now() - make_interval(secs => g * 60), (ARRAY['new','in_progress','assigned','answered','closed','closed','closed'])[1 + g % 7],
	CASE WHEN g % 7 = 2 THEN (ARRAY['sigedis','sfpd','inasti','onss'])[1 + g % 4] ELSE 'contact_centre' END,
	now() - make_interval(secs => g * 60) + interval '10 days', now(), now()
FROM generate_series(?::int, ?::int) AS g`
	}
	return `WITH RECURSIVE g(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM g WHERE n < ?)
INSERT INTO tickets (ref, portal, channel, purpose, subject, request, received_at, status,
	institution_code, due_at, created_at, updated_at)
SELECT printf('CC-2025-%07d', n),
	CASE n % 2 WHEN 0 THEN 'mypension' ELSE 'mycareer' END,
	CASE n % 4 WHEN 0 THEN 'portal_form' WHEN 1 THEN 'email' WHEN 2 THEN 'post' ELSE 'phone' END,
	CASE n % 5 WHEN 0 THEN 'content_question' WHEN 1 THEN 'error_report' WHEN 2 THEN 'complaint' WHEN 3 THEN 'access_problem' ELSE 'other' END,
	'Synthetic request ' || n, '',
	strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '-' || n || ' minutes'),
	CASE n % 7 WHEN 0 THEN 'new' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'assigned' WHEN 3 THEN 'answered' ELSE 'closed' END,
	CASE WHEN n % 7 = 2 THEN CASE n % 4 WHEN 0 THEN 'sigedis' WHEN 1 THEN 'sfpd' WHEN 2 THEN 'inasti' ELSE 'onss' END ELSE 'contact_centre' END,
	strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '+10 days', '-' || n || ' minutes'),
	strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')
FROM g`
}
