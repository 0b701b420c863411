package access

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/database"
)

// mayActOn says whether the actor may change an existing user: the command
// line and admins any user, a local manager only a user who holds a grant
// (in force or not) in the manager's own institution (O14: each institution
// designates its own staff, and nobody else's).
func mayActOn(ctx context.Context, u User) error {
	a, ok := audit.ActorFrom(ctx)
	switch {
	case !ok:
		return ErrForbidden
	case a.System == "cli", a.Role == audit.RoleAdmin:
		return nil
	case a.Role == audit.RoleLocalManager && slices.ContainsFunc(u.Grants, func(g Grant) bool { return g.Institution == a.Institution }):
		return nil
	case a.Role == audit.RoleLocalManager:
		return ErrOtherInstitution
	}
	return ErrForbidden
}

// mayList says whether the actor may list an institution's users ("" for
// every institution: the command line, admins, and the security adviser,
// who reads who has access for the governance report but changes nothing).
func mayList(ctx context.Context, institution string) error {
	if institution == "" {
		a, _ := audit.ActorFrom(ctx)
		if a.System == "cli" || a.Role == audit.RoleAdmin || a.Role == audit.RoleSecurityAdviser {
			return nil
		}
		return ErrForbidden
	}
	return mayManage(ctx, institution, "")
}

// keepsAManager refuses a local manager's change that would leave their
// institution without an active local manager: the local-manager grant of
// user leaving is about to stop working (withdrawn, or its user disabled).
// The admin and the command line may do it: they are who appoints the next
// one. It locks the institution first, so that two managers withdrawing
// each other at the same moment cannot both succeed.
func (s *Service) keepsAManager(ctx context.Context, tx bun.Tx, institution string, leaving int64) error {
	if a, _ := audit.ActorFrom(ctx); a.Role != audit.RoleLocalManager {
		return nil
	}
	if err := s.lockInstitution(ctx, tx, institution); err != nil {
		return err
	}
	// A statement of its own, after the lock: on PostgreSQL it reads what
	// the transaction that held the lock committed.
	n, err := tx.NewSelect().TableExpr("role_grants AS g").Join("JOIN users AS u ON u.id = g.user_id").
		Where("g.role = ? AND g.institution_code = ? AND g.user_id <> ?", audit.RoleLocalManager, institution, leaving).
		Where("u.disabled_at IS NULL AND (g.ends_at IS NULL OR g.ends_at > ?)", s.now()).Count(ctx)
	if err != nil {
		return fmt.Errorf("count local managers: %w", err)
	}
	if n == 0 {
		return ErrLastManager
	}
	return nil
}

// lockInstitution serialises the changes that could remove an institution's
// last local manager. SQLite's write transactions already run one at a
// time (they begin IMMEDIATE); PostgreSQL locks the institution's row in a
// mode that still lets grants referencing it be written.
func (s *Service) lockInstitution(ctx context.Context, tx bun.Tx, institution string) error {
	if s.db.Dialect != database.Postgres {
		return nil
	}
	var code string
	err := tx.NewSelect().TableExpr("institutions").Column("code").Where("code = ?", institution).
		For("NO KEY UPDATE").Scan(ctx, &code)
	if err != nil {
		return fmt.Errorf("lock institution %s: %w", institution, err)
	}
	return nil
}

// recordRefusal writes a refused change of access to the access log, in a
// transaction of its own since the refused one rolled back: an attempt to
// act beyond one's institution is what a security adviser looks for.
func (s *Service) recordRefusal(ctx context.Context, action, detail string, err error) {
	if !errors.Is(err, ErrForbidden) && !errors.Is(err, ErrLastManager) {
		return
	}
	why := "forbidden"
	switch {
	case errors.Is(err, ErrLastManager):
		why = "last_local_manager"
	case errors.Is(err, ErrOtherInstitution):
		why = "other_institution"
	}
	// The refusal itself is what matters to the caller; a failure to log
	// it is left to the database's own monitoring.
	_ = s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: action, Outcome: audit.Refused, Detail: detail + " refused=" + why})
	})
}

// GrantableRoles lists the roles the actor may grant within an institution,
// in the order of audit.Roles: a local manager grants, in their own
// institution, the roles held in an institution of its kind and the local
// manager's own, never admin or security adviser; the admin and the
// command line grant every role held there.
func (s *Service) GrantableRoles(ctx context.Context, institution string) ([]audit.Role, error) {
	insts, err := s.Institutions(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(insts, func(i Institution) bool { return i.Code == institution })
	if i < 0 {
		return nil, fmt.Errorf("access: institution %q: %w", institution, ErrNotFound)
	}
	var out []audit.Role
	for _, r := range audit.Roles {
		if want := institutionKindFor(r); want != "" && want != insts[i].Kind {
			continue
		}
		if mayManage(ctx, institution, r) == nil {
			out = append(out, r)
		}
	}
	return out, nil
}
