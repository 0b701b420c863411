package access

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Users lists the users who hold or are invited to a role in an institution
// ("" for every institution), with their grants.
func (s *Service) Users(ctx context.Context, institution string) ([]User, error) {
	if err := mayManage(ctx, institution, ""); err != nil && institution != "" {
		return nil, err
	}
	var out []User
	q := s.db.Bun.NewSelect().Model(&out).Relation("Grants").OrderExpr("?TableAlias.id")
	if institution != "" {
		q = q.Where("EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = ?TableAlias.id AND g.institution_code = ?)", institution)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("access: list users: %w", err)
	}
	return out, nil
}

// Disable stops a user from signing in and ends their sessions at once; the
// reason is required and logged.
func (s *Service) Disable(ctx context.Context, ref UserRef, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &ValidationError{Field: "reason", Message: "say why the user is disabled"}
	}
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		col, val, err := ref.column()
		if err != nil {
			return err
		}
		u, err := userWhere(ctx, tx, col, val)
		if err != nil {
			return err
		}
		for _, g := range u.Grants {
			if err := mayManage(ctx, g.Institution, g.Role); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model(&u).Set("disabled_at = ?", s.now()).WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := s.revokeSessions(ctx, tx, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user_disable", Detail: fmt.Sprintf("user=%d reason=%s", u.ID, reason)})
	})
	if err != nil {
		return fmt.Errorf("access: disable: %w", err)
	}
	return nil
}
