package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
)

// Session is a signed-in browser, kept server-side: the cookie holds only a
// random token, the table only its keyed hash. It is revoked at sign-out and
// when the user is disabled, and ends after the idle or absolute timeout.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	IDHash      string     `bun:"id_hash,pk"`
	UserID      int64      `bun:"user_id,notnull"`
	Role        audit.Role `bun:"role,notnull"`
	Institution string     `bun:"institution_code,notnull"`
	CSRFToken   string     `bun:"csrf_token,notnull"`
	CreatedAt   time.Time  `bun:"created_at,notnull"`
	LastSeenAt  time.Time  `bun:"last_seen_at,notnull"`
	ExpiresAt   time.Time  `bun:"expires_at,notnull"`
	RevokedAt   *time.Time `bun:"revoked_at"`

	User *User `bun:"rel:belongs-to,join:user_id=id"`
	// RoleHeld says the user still holds the session's role, read with the
	// session in the same query.
	RoleHeld bool `bun:"role_held,scanonly"`
	// NoticeAcked says the user acknowledged the current staff notice (§16),
	// read in the same query.
	NoticeAcked bool `bun:"notice_acked,scanonly"`
	// RolesHeld counts the user's grants in force, read in the same
	// query: with several the header offers to switch, and a session
	// without a role sends its user to choose one instead of "no access".
	// (A query of its own per page cost more than this subquery.)
	RolesHeld int `bun:"roles_held,scanonly"`
}

// touchEvery bounds the writes that keep a session alive: one per minute of
// activity is enough for a 30-minute idle timeout.
const touchEvery = time.Minute

// Resume finds the session a cookie token opens and checks that it may still
// be used: not revoked, neither idle nor absolute timeout passed, the user
// not disabled, the role still granted. It returns ErrSessionEnded otherwise
// (with the session's user id, when the session was found).
func (s *Service) Resume(ctx context.Context, token string) (Session, error) {
	if token == "" {
		return Session{}, ErrSessionEnded
	}
	var sess Session
	var err error
	now := s.now()
	// One query on every request: the session, its user, and whether the
	// role is still granted.
	if s.db.Dialect == database.Postgres {
		sess, err = resumePrepared(ctx, s.db, s.hashToken(token), now)
	} else {
		err = s.db.Bun.NewSelect().Model(&sess).ColumnExpr("?TableAlias.*").
			ColumnExpr("EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = ?TableAlias.user_id AND g.role = ?TableAlias.role"+
				" AND g.institution_code = ?TableAlias.institution_code AND (g.ends_at IS NULL OR g.ends_at > ?)) AS role_held", now).
			ColumnExpr("EXISTS (SELECT 1 FROM notice_acks n WHERE n.user_id = ?TableAlias.user_id AND n.version = ?) AS notice_acked", NoticeVersion).
			ColumnExpr("(SELECT count(*) FROM role_grants g WHERE g.user_id = ?TableAlias.user_id AND (g.ends_at IS NULL OR g.ends_at > ?)) AS roles_held", now).
			Relation("User").Where("?TableAlias.id_hash = ?", s.hashToken(token)).Scan(ctx)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrSessionEnded
	}
	if err != nil {
		return Session{}, fmt.Errorf("access: resume session: %w", err)
	}
	if why := s.ended(sess, now); why != "" {
		// Ended is ended: the session is revoked at once, so that giving
		// the role back, or a clock set back, never revives a cookie that
		// was refused. The session is returned with the error so that the
		// refusal's log entry can name whose it was.
		if sess.RevokedAt == nil {
			if _, err := s.db.Bun.NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", now).
				Where("id_hash = ? AND revoked_at IS NULL", sess.IDHash).Exec(ctx); err != nil {
				return Session{}, fmt.Errorf("access: revoke ended session: %w", err)
			}
		}
		return Session{UserID: sess.UserID}, fmt.Errorf("%w: %s", ErrSessionEnded, why)
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		_, err := s.db.Bun.NewUpdate().Model((*Session)(nil)).Set("last_seen_at = ?", now).
			Where("id_hash = ?", sess.IDHash).Exec(ctx)
		if err != nil {
			return Session{}, fmt.Errorf("access: touch session: %w", err)
		}
	}
	return sess, nil
}

// ended says why a session may no longer be used, or "" if it may.
func (s *Service) ended(sess Session, now time.Time) string {
	switch {
	case sess.User == nil || sess.User.DisabledAt != nil:
		return "user disabled"
	case sess.RevokedAt != nil:
		return "revoked"
	case !now.Before(sess.ExpiresAt):
		return "absolute timeout"
	case now.Sub(sess.LastSeenAt) > s.opt.IdleTimeout:
		return "idle timeout"
	case sess.Role != "" && !sess.RoleHeld:
		return "role withdrawn"
	}
	return ""
}

// SignOut revokes the session a token opens and records it.
func (s *Service) SignOut(ctx context.Context, token string) error {
	return s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", s.now()).
			Where("id_hash = ? AND revoked_at IS NULL", s.hashToken(token)).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrSessionEnded
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "sign_out"})
	})
}

// revokeSessions ends every session of a user, inside the caller's
// transaction (disabling a user ends their sessions at once).
func (s *Service) revokeSessions(ctx context.Context, tx bun.Tx, userID int64) error {
	_, err := tx.NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", s.now()).
		Where("user_id = ? AND revoked_at IS NULL", userID).Exec(ctx)
	return err
}

// RecordRefusedSession logs a request refused because its session ended,
// with why (idle, absolute, revoked, user disabled, role withdrawn, unknown)
// and, when the session was found, whose it was (userID, else 0).
func (s *Service) RecordRefusedSession(ctx context.Context, userID int64, why error) error {
	e := audit.Entry{Action: "session", Outcome: audit.Refused, Detail: why.Error()}
	if userID != 0 {
		e.UserID = &userID
	}
	return s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, e)
	})
}
