package access

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// ActiveGrants lists the grants a user holds in force now, in the order of
// audit.Roles: the roles a session may be opened in.
func (s *Service) ActiveGrants(ctx context.Context, userID int64) ([]Grant, error) {
	u, err := userWhere(ctx, s.db.Bun, "id", userID)
	if err != nil {
		return nil, err
	}
	return u.ActiveGrants(s.now()), nil
}

// ChooseRole puts the session in one of its user's roles: after a sign-in
// with several grants, or to switch without signing in again. The role is
// never guessed (a grant added by someone else must not change what a
// person works as), and the choice is in the session and the access log
// (O6, O14).
func (s *Service) ChooseRole(ctx context.Context, sess Session, role audit.Role, institution string) (Session, error) {
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := userWhere(ctx, tx, "id", sess.UserID)
		if err != nil {
			return err
		}
		held := false
		for _, g := range u.ActiveGrants(s.now()) {
			held = held || (g.Role == role && g.Institution == institution)
		}
		if !held {
			return ErrRoleNotHeld
		}
		_, err = tx.NewUpdate().Model((*Session)(nil)).Set("role = ?, institution_code = ?", role, institution).
			Where("id_hash = ? AND revoked_at IS NULL", sess.IDHash).Exec(ctx)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("role=%s institution=%s", role, institution)
		if sess.Role != "" {
			detail += fmt.Sprintf(" from=%s@%s", sess.Role, sess.Institution)
		}
		sess.Role, sess.Institution = role, institution
		return audit.Record(withSessionActor(ctx, sess), tx, audit.Entry{Action: "role_choose", Detail: detail})
	})
	if err != nil {
		if errors.Is(err, ErrRoleNotHeld) {
			s.recordRefusal(ctx, "role_choose", fmt.Sprintf("role=%s institution=%s", role, institution), err)
		}
		return sess, fmt.Errorf("access: choose role: %w", err)
	}
	return sess, nil
}
