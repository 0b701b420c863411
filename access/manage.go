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

// mayActOn is the one check of whether the actor may change user u's
// access — grant, withdraw, disable, or an invitation that names an
// existing account — whichever key named u: id, subject, national number
// or e-mail (O14).
//   - Nobody acts on their own access: separation of duties, it takes a
//     second manager or an admin.
//   - The command line and admins act on anyone else.
//   - A local manager acts only on a user whose grants, in force or not,
//     are all in the manager's own institution (or who holds none), and
//     never on an admin or a security adviser, who oversee the managers.
func mayActOn(ctx context.Context, u User) error {
	a, ok := audit.ActorFrom(ctx)
	switch {
	case !ok:
		return ErrForbidden
	case a.System == "cli":
		return nil
	case a.UserID != 0 && a.UserID == u.ID:
		return ErrSelf
	case a.Role == audit.RoleAdmin:
		return nil
	case a.Role != audit.RoleLocalManager:
		return ErrForbidden
	}
	for _, g := range u.Grants {
		if g.Role == audit.RoleAdmin || g.Role == audit.RoleSecurityAdviser {
			return ErrOversight
		}
	}
	for _, g := range u.Grants {
		if g.Institution != a.Institution {
			return ErrOtherInstitution
		}
	}
	return nil
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
	why := refusalCode(err)
	// The refusal itself is what matters to the caller; a failure to log
	// it is left to the database's own monitoring.
	_ = s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return audit.Record(ctx, tx, audit.Entry{Action: action, Outcome: audit.Refused, Detail: detail + " refused=" + why})
	})
}

// refusalCode names why a change of access was refused, for the access log.
func refusalCode(err error) string {
	switch {
	case errors.Is(err, ErrLastManager):
		return "last_local_manager"
	case errors.Is(err, ErrOtherInstitution):
		return "other_institution"
	case errors.Is(err, ErrSelf):
		return "own_access"
	case errors.Is(err, ErrOversight):
		return "oversight_role"
	}
	return "forbidden"
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
