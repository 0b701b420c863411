package access

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// Users lists the users who hold or are invited to a role in an institution
// ("" for every institution), with their grants there. A local manager
// lists their own institution only, and sees only the grants held in it.
func (s *Service) Users(ctx context.Context, institution string) ([]User, error) {
	if err := mayList(ctx, institution); err != nil {
		return nil, fmt.Errorf("access: list users of %q: %w", institution, err)
	}
	var out []User
	q := s.db.Bun.NewSelect().Model(&out).OrderExpr("?TableAlias.id").
		Relation("Grants", func(q *bun.SelectQuery) *bun.SelectQuery {
			if institution != "" {
				q = q.Where("institution_code = ?", institution)
			}
			return q.OrderExpr("id")
		})
	if institution != "" {
		q = q.Where("EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = ?TableAlias.id AND g.institution_code = ?)", institution)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("access: list users: %w", err)
	}
	return out, nil
}

// Disable stops a user from signing in and ends their sessions at once; the
// reason is required and logged. A local manager may disable only a user
// who works for their institution alone, and never the last active local
// manager of it.
func (s *Service) Disable(ctx context.Context, ref UserRef, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &ValidationError{Field: "reason", Message: "say why the user is disabled", Code: "reason_required"}
	}
	if err := guardReason(reason); err != nil {
		return err
	}
	detail := fmt.Sprintf("user=%d reason=%s", ref.ID, reason)
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.disableTarget(ctx, tx, ref)
		if u.ID != 0 {
			detail = fmt.Sprintf("user=%d reason=%s", u.ID, reason)
		}
		if err != nil {
			return err
		}
		if u.Subject == nil {
			// Nobody signed in with this invitation yet: disabling it
			// withdraws it, so that a disabled row can never wait for
			// someone else's sign-in (bind.go).
			if err := deleteInvitation(ctx, tx, u.ID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Entry{Action: "user_disable", Detail: detail + " invitation_withdrawn"})
		}
		if _, err := tx.NewUpdate().Model(&u).Set("disabled_at = ?", s.now()).WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := s.revokeSessions(ctx, tx, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user_disable", Detail: detail})
	})
	if err != nil {
		s.recordRefusal(ctx, "user_disable", detail, err)
		return fmt.Errorf("access: disable: %w", err)
	}
	return nil
}

// disableTarget loads the user to disable and checks the actor may.
func (s *Service) disableTarget(ctx context.Context, tx bun.Tx, ref UserRef) (User, error) {
	u, err := userToChange(ctx, tx, ref)
	if err != nil {
		return u, err
	}
	for _, g := range u.Grants {
		if err := mayManage(ctx, g.Institution, g.Role); err != nil {
			return u, err
		}
		if g.Role == audit.RoleLocalManager && g.Active(s.now()) {
			if err := s.keepsAManager(ctx, tx, g.Institution, u.ID); err != nil {
				return u, err
			}
		}
	}
	return u, nil
}

// Inactive says whether a user who may work — not disabled, a grant in
// force — has not signed in for the inactivity period (counted from the
// invitation for one who never did). Their local manager sees them flagged,
// to ask whether the access is still needed.
func (s *Service) Inactive(u User) bool {
	now := s.now()
	if u.DisabledAt != nil || len(u.ActiveGrants(now)) == 0 {
		return false
	}
	since := u.CreatedAt
	if u.LastSignInAt != nil {
		since = *u.LastSignInAt
	}
	return now.Sub(since) >= s.opt.InactiveAfter
}

// InactiveAfter is the inactivity period in force.
func (s *Service) InactiveAfter() time.Duration { return s.opt.InactiveAfter }

// Now is the service's clock, for pages that mark grants that ended.
func (s *Service) Now() time.Time { return s.now() }

// userToChange loads the user a change of access names, by any key, and
// checks that the actor may act on them (mayActOn). Someone with no role
// anywhere is nobody's staff yet: a manager may bring them in (Grant does
// not come here), not shut them out of every institution at once — that
// is the admin's.
func userToChange(ctx context.Context, tx bun.Tx, ref UserRef) (User, error) {
	col, val, err := ref.column()
	if err != nil {
		return User{}, err
	}
	u, err := userWhere(ctx, tx, col, val)
	if err != nil {
		return u, err
	}
	if err := mayActOn(ctx, u); err != nil {
		return u, err
	}
	if a, _ := audit.ActorFrom(ctx); a.Role == audit.RoleLocalManager && len(u.Grants) == 0 {
		return u, ErrOtherInstitution
	}
	return u, nil
}
