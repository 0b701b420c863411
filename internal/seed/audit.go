package seed

import (
	"context"
	"fmt"
	"time"

	"contactd/internal/database"
)

// AccessLog appends n synthetic access-log entries in one statement per
// batch: views of the seeded tickets (CC-2025-nnnnnnn) by 40 agents,
// evenly spread over the last AccessLogSpan, oldest first — history that
// period searches go through and that the log's retention (10 years) keeps,
// so that a bench run on it is not also a pruning run. The entries go
// through the log's numbering trigger like any other; seal them with
// `contactd audit seal` (or audit.SealAll) when a benchmark needs them
// sealed.
func AccessLog(ctx context.Context, db *database.DB, n int) error {
	const batch = 500_000
	step := AccessLogSpan.Seconds() / float64(max(n, 1))
	for from := 1; from <= n; from += batch {
		to := min(from+batch-1, n)
		if _, err := db.Bun.ExecContext(ctx, accessLogSQL(db.Dialect), n, step, from, to); err != nil {
			return fmt.Errorf("seed: access log %d-%d: %w", from, to, err)
		}
	}
	if _, err := db.Bun.ExecContext(ctx, "ANALYZE access_log"); err != nil {
		return fmt.Errorf("seed: analyze access_log: %w", err)
	}
	return nil
}

// AccessLogSpan is how far back the seeded log goes: 700 days.
const AccessLogSpan = 700 * 24 * time.Hour

// accessLogSQL takes the total and the seconds between two entries (to
// date each one), then the batch's first and last numbers.
func accessLogSQL(d database.Dialect) string {
	if d == database.Postgres {
		return `INSERT INTO access_log (at, user_id, role, institution_code, action, outcome, ticket_ref, citizen, detail, request_id, client_addr)
SELECT now() - make_interval(secs => (?::int - g) * ?::float8), 1 + g % 40, 'front_office', 'contact_centre', 'ticket_view', 'ok',
	'CC-2025-' || lpad((1 + g % 1000000)::text, 7, '0'), '', '', md5(g::text), '127.0.0.1'
FROM generate_series(?::int, ?::int) AS g`
	}
	return `WITH RECURSIVE total(n, step) AS (SELECT ?, ?), g(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM g WHERE n < ?)
INSERT INTO access_log (at, user_id, role, institution_code, action, outcome, ticket_ref, citizen, detail, request_id, client_addr)
SELECT strftime('%Y-%m-%d %H:%M:%f+00:00', 'now', '-' || (SELECT (n - g.n) * step FROM total) || ' seconds'), 1 + g.n % 40,
	'front_office', 'contact_centre', 'ticket_view', 'ok', printf('CC-2025-%07d', 1 + g.n % 1000000), '', '',
	printf('%016x', g.n), '127.0.0.1'
FROM g`
}
