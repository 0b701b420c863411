package access

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/internal/insz"
)

// UserRef names a user by one of the keys a sign-in presents: the
// provider's subject, the national number, or the e-mail address.
type UserRef struct {
	Subject        string
	NationalNumber string
	Email          string
}

func (r UserRef) column() (string, string, error) {
	switch {
	case r.Subject != "":
		return "subject", r.Subject, nil
	case r.NationalNumber != "":
		n, err := insz.Parse(r.NationalNumber)
		if err != nil {
			return "", "", &ValidationError{Field: "national_number", Message: err.Error()}
		}
		return "national_number", n.String(), nil
	case r.Email != "" && strings.Contains(r.Email, "@"):
		return "email", strings.ToLower(r.Email), nil
	}
	return "", "", &ValidationError{Field: "user", Message: "name the user by subject, national number or e-mail address"}
}

// GrantInput asks for a role within an institution, optionally until a date.
type GrantInput struct {
	User        UserRef
	Role        audit.Role
	Institution string
	EndsAt      *time.Time
	Reason      string
}

// Grant gives a user a role within an institution, inviting the user first
// when nobody with that key has signed in yet; the invitation binds at their
// first sign-in (O14).
func (s *Service) Grant(ctx context.Context, in GrantInput) (Grant, error) {
	var g Grant
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.checkGrant(ctx, tx, in); err != nil {
			return err
		}
		u, err := s.userOrInvite(ctx, tx, in.User)
		if err != nil {
			return err
		}
		g = Grant{UserID: u.ID, Role: in.Role, Institution: in.Institution, GrantedAt: s.now(), EndsAt: in.EndsAt}
		if a, _ := audit.ActorFrom(ctx); a.UserID != 0 {
			g.GrantedBy = &a.UserID
		}
		_, err = tx.NewInsert().Model(&g).On("CONFLICT (user_id, role, institution_code) DO UPDATE").
			Set("ends_at = EXCLUDED.ends_at").Returning("id").Exec(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "role_grant", Detail: grantDetail(u.ID, in)})
	})
	if err != nil {
		return g, fmt.Errorf("access: grant %s: %w", in.Role, err)
	}
	return g, nil
}

// Revoke withdraws a role; the reason is required and logged.
func (s *Service) Revoke(ctx context.Context, in GrantInput) error {
	if strings.TrimSpace(in.Reason) == "" {
		return &ValidationError{Field: "reason", Message: "say why the role is withdrawn"}
	}
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.checkGrant(ctx, tx, in); err != nil {
			return err
		}
		col, val, err := in.User.column()
		if err != nil {
			return err
		}
		u, err := userWhere(ctx, tx, col, val)
		if err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*Grant)(nil)).
			Where("user_id = ? AND role = ? AND institution_code = ?", u.ID, in.Role, in.Institution).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("grant: %w", ErrNotFound)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "role_revoke", Detail: grantDetail(u.ID, in)})
	})
	if err != nil {
		return fmt.Errorf("access: revoke %s: %w", in.Role, err)
	}
	return nil
}

func grantDetail(userID int64, in GrantInput) string {
	d := fmt.Sprintf("user=%d role=%s institution=%s", userID, in.Role, in.Institution)
	if in.EndsAt != nil {
		d += " ends=" + in.EndsAt.UTC().Format(time.DateOnly)
	}
	if in.Reason != "" {
		d += " reason=" + in.Reason
	}
	return d
}

// checkGrant validates a grant and that the actor may give it: the command
// line and admins anywhere, a local manager within their own institution and
// never the admin role (O14: each institution decides for its own staff).
func (s *Service) checkGrant(ctx context.Context, tx bun.Tx, in GrantInput) error {
	if !in.Role.Valid() {
		return &ValidationError{Field: "role", Message: fmt.Sprintf("unknown role %q", in.Role)}
	}
	inst, err := institutionByCode(ctx, tx, in.Institution)
	if errors.Is(err, ErrNotFound) {
		return &ValidationError{Field: "institution", Message: fmt.Sprintf("unknown institution %q", in.Institution)}
	}
	if err != nil {
		return err
	}
	if want := institutionKindFor(in.Role); want != "" && inst.Kind != want {
		return &ValidationError{Field: "institution", Message: fmt.Sprintf("the %s role is held in a %s institution", in.Role, want)}
	}
	if in.EndsAt != nil && !in.EndsAt.After(s.now()) {
		return &ValidationError{Field: "ends_at", Message: "the end date must be in the future"}
	}
	return mayManage(ctx, in.Institution, in.Role)
}

// institutionKindFor says where a role is held: front office, adviser and
// admin at the contact centre, back office at a back-office institution.
func institutionKindFor(r audit.Role) string {
	switch r {
	case audit.RoleFrontOffice, audit.RoleSecurityAdviser, audit.RoleAdmin:
		return KindContactCentre
	case audit.RoleBackOffice:
		return KindBackOffice
	}
	return ""
}

func mayManage(ctx context.Context, institution string, r audit.Role) error {
	a, ok := audit.ActorFrom(ctx)
	switch {
	case !ok:
		return ErrForbidden
	case a.System == "cli", a.Role == audit.RoleAdmin:
		return nil
	case a.Role == audit.RoleLocalManager && a.Institution == institution && r != audit.RoleAdmin:
		return nil
	}
	return ErrForbidden
}

func (s *Service) userOrInvite(ctx context.Context, tx bun.Tx, ref UserRef) (User, error) {
	col, val, err := ref.column()
	if err != nil {
		return User{}, err
	}
	u, err := userWhere(ctx, tx, col, val)
	if !errors.Is(err, ErrNotFound) {
		return u, err
	}
	u = User{CreatedAt: s.now()}
	switch col {
	case "subject":
		u.Subject = &val
	case "national_number":
		u.NationalNumber = &val
	default:
		u.Email = &val
	}
	_, err = tx.NewInsert().Model(&u).Exec(ctx)
	return u, err
}
