package access

import (
	"context"
	"database/sql"
	"time"

	"contactd/internal/database"
)

// resumeSQL is Resume's query on PostgreSQL with its values as parameters:
// the session, its user, and whether the role is still granted and the
// staff notice acknowledged. Every request of a signed-in user runs it, and
// planning its join and two subqueries costs more than running them, so it
// is prepared once per connection (database.QueryPrepared) instead of
// planned per request. An unknown user reads as no session at all.
const resumeSQL = `SELECT s.id_hash, s.user_id, s.role, s.institution_code, s.csrf_token, s.created_at, s.last_seen_at,
    s.expires_at, s.revoked_at, u.id, u.subject, u.display_name, u.national_number, u.email, u.created_at,
    u.last_sign_in_at, u.disabled_at,
    EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = s.user_id AND g.role = s.role
        AND g.institution_code = s.institution_code AND (g.ends_at IS NULL OR g.ends_at > ?::timestamptz)),
    EXISTS (SELECT 1 FROM notice_acks n WHERE n.user_id = s.user_id AND n.version = ?::text),
    (SELECT count(*) FROM role_grants g WHERE g.user_id = s.user_id AND (g.ends_at IS NULL OR g.ends_at > ?::timestamptz))
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id_hash = ?::text`

// resumePrepared reads the session whose token hashes to idHash with the
// prepared resumeSQL; sql.ErrNoRows when there is none.
func resumePrepared(ctx context.Context, db *database.DB, idHash string, now time.Time) (Session, error) {
	rows, err := db.QueryPrepared(ctx, db.Placeholders(resumeSQL), now, NoticeVersion, now, idHash)
	if err != nil {
		return Session{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Session{}, err
		}
		return Session{}, sql.ErrNoRows
	}
	sess := Session{User: &User{}}
	u := sess.User
	err = rows.Scan(&sess.IDHash, &sess.UserID, &sess.Role, &sess.Institution, &sess.CSRFToken, &sess.CreatedAt,
		&sess.LastSeenAt, &sess.ExpiresAt, &sess.RevokedAt, &u.ID, &u.Subject, &u.DisplayName, &u.NationalNumber,
		&u.Email, &u.CreatedAt, &u.LastSignInAt, &u.DisabledAt, &sess.RoleHeld, &sess.NoticeAcked, &sess.RolesHeld)
	if err != nil {
		return Session{}, err
	}
	return sess, rows.Close()
}
