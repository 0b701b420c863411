package access

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode"

	"github.com/uptrace/bun"

	"contactd/audit"
	"contactd/freetext"
	"contactd/internal/insz"
)

// UserRef names a user by one of the keys a sign-in presents — the
// provider's subject, the national number, the e-mail address — or, on
// pages and the API, by the user's id, so that no national number travels
// in a URL.
type UserRef struct {
	ID             int64
	Subject        string `freetext:"-"` // the provider's key, matched exactly
	NationalNumber string `freetext:"-"` // parsed as a national number
	Email          string `freetext:"-"` // matched in lower case
}

func (r UserRef) column() (string, any, error) {
	switch {
	case r.ID != 0:
		return "id", r.ID, nil
	case r.Subject != "":
		return "subject", r.Subject, nil
	case r.NationalNumber != "":
		n, err := insz.Parse(r.NationalNumber)
		if err != nil {
			return "", "", &ValidationError{Field: "national_number", Message: err.Error(), Code: "national_number"}
		}
		return "national_number", n.String(), nil
	case strings.TrimSpace(r.Email) != "":
		email, err := normalEmail(r.Email)
		if err != nil {
			return "", "", err
		}
		return "email", email, nil
	}
	return "", "", &ValidationError{Field: "user", Message: "name the user by subject, national number or e-mail address", Code: "user_required"}
}

// maxEmail is the longest address a mailbox can have (RFC 5321).
const maxEmail = 254

// normalEmail is an invitation's address as a sign-in will present it:
// trimmed, in lower case, one plain address of at most maxEmail bytes and
// no invisible characters — so that " x@y " or an address with a
// zero-width space is not a second invitation beside the user it names.
func normalEmail(raw string) (string, error) {
	email := strings.ToLower(strings.TrimSpace(raw))
	bad := &ValidationError{Field: "email", Message: "give one e-mail address, as the person's sign-in presents it", Code: "email_invalid"}
	if len(email) > maxEmail || strings.IndexFunc(email, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r)
	}) >= 0 {
		return "", bad
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return "", bad
	}
	return email, nil
}

// GrantInput asks for a role within an institution, optionally until a date.
type GrantInput struct {
	User        UserRef
	Role        audit.Role `freetext:"-"` // one of audit.Roles, checked
	Institution string     `freetext:"-"` // a code of the reference data, checked
	EndsAt      *time.Time
	Reason      string `freetext:"reason"`
}

// Grant gives a user a role within an institution, inviting the user first
// when nobody with that key has signed in yet; the invitation binds at their
// first sign-in (O14). An existing user, however named, must be one the
// actor may act on (mayActOn).
func (s *Service) Grant(ctx context.Context, in GrantInput) (Grant, error) {
	var g Grant
	target := in.User.ID
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.checkGrant(ctx, tx, in); err != nil {
			return err
		}
		u, err := s.userOrInvite(ctx, tx, in.User)
		if u.ID != 0 {
			target = u.ID // whom a refused invitation reached, for the log
		}
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
		s.recordRefusal(ctx, "role_grant", grantDetail(target, in), err)
		return g, fmt.Errorf("access: grant %s: %w", in.Role, err)
	}
	return g, nil
}

// Revoke withdraws a role; the reason is required and logged. A local
// manager may not withdraw the last active local manager of their
// institution, themselves included.
func (s *Service) Revoke(ctx context.Context, in GrantInput) error {
	if strings.TrimSpace(in.Reason) == "" {
		return &ValidationError{Field: "reason", Message: "say why the role is withdrawn", Code: "reason_required"}
	}
	err := s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.checkGrant(ctx, tx, in); err != nil {
			return err
		}
		u, err := userToChange(ctx, tx, in.User)
		if err != nil {
			return err
		}
		if in.Role == audit.RoleLocalManager {
			if err := s.keepsAManager(ctx, tx, in.Institution, u.ID); err != nil {
				return err
			}
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
		s.recordRefusal(ctx, "role_revoke", grantDetail(in.User.ID, in), err)
		return fmt.Errorf("access: revoke %s: %w", in.Role, err)
	}
	return nil
}

// grantDetail says what a grant or withdrawal changed, naming the user by
// id only: the access log is no place for a staff member's national number.
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
	if in.Reason != "" {
		if err := guardReason(in.Reason); err != nil {
			return err
		}
	}
	if !in.Role.Valid() {
		return &ValidationError{Field: "role", Message: fmt.Sprintf("unknown role %q", in.Role), Code: "unknown_role"}
	}
	inst, err := institutionByCode(ctx, tx, in.Institution)
	if errors.Is(err, ErrNotFound) {
		return &ValidationError{Field: "institution", Message: fmt.Sprintf("unknown institution %q", in.Institution), Code: "unknown_institution"}
	}
	if err != nil {
		return err
	}
	if want := institutionKindFor(in.Role); want != "" && inst.Kind != want {
		return &ValidationError{Field: "role", Message: fmt.Sprintf("the %s role is held in a %s institution", in.Role, want), Code: "wrong_kind"}
	}
	if in.EndsAt != nil && !in.EndsAt.After(s.now()) {
		return &ValidationError{Field: "ends_on", Message: "the last day must not be in the past", Code: "end_in_past"}
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
	case a.Role == audit.RoleLocalManager && a.Institution == institution && r != audit.RoleAdmin && r != audit.RoleSecurityAdviser:
		// Never admin, and never the security adviser: the adviser checks
		// the agents a local manager lets in (O12), so the admin, not the
		// manager, appoints who checks.
		return nil
	}
	return ErrForbidden
}

// userOrInvite finds the user a grant names, or invites them. Whichever key
// named an existing user — id, subject, national number or e-mail — the
// same check applies (mayActOn): an invitation by national number must not
// reach another institution's staff, an admin, or the manager themselves.
// A user named by id is never invented.
func (s *Service) userOrInvite(ctx context.Context, tx bun.Tx, ref UserRef) (User, error) {
	col, val, err := ref.column()
	if err != nil {
		return User{}, err
	}
	if col == "email" {
		// Addresses are not unique: one that names several users names
		// nobody for sure.
		n, err := tx.NewSelect().Model((*User)(nil)).Where("email = ?", val).Count(ctx)
		if err != nil {
			return User{}, err
		}
		if n > 1 {
			return User{}, &ValidationError{Field: "email", Message: "this address is several users': choose the user from the list instead", Code: "email_ambiguous"}
		}
	}
	u, err := userWhere(ctx, tx, col, val)
	if err == nil {
		return u, mayActOn(ctx, u)
	}
	if col == "id" || !errors.Is(err, ErrNotFound) {
		return u, err
	}
	u = User{CreatedAt: s.now()}
	switch col {
	case "subject":
		u.Subject = &ref.Subject
	case "national_number":
		nn := val.(string)
		u.NationalNumber = &nn
	default:
		email := val.(string)
		u.Email = &email
	}
	_, err = tx.NewInsert().Model(&u).Exec(ctx)
	return u, err
}

// maxReason bounds a reason for a change of access: a sentence.
const maxReason = 500

// guardReason keeps consulted data and any national number out of a
// reason, which the access log keeps for ten years (O5, §5): staff text
// names no citizen and holds no amount or pay (freetext.Staff).
func guardReason(text string) error {
	var fe *freetext.Error
	if errors.As(freetext.Staff("reason", text, maxReason), &fe) {
		return &ValidationError{Field: fe.Field, Message: fe.Message, Code: fe.Code}
	}
	return nil
}
