package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// User is a member of staff. The identity provider's subject keys them once
// they have signed in; before that, an invitation (a grant given by national
// number or e-mail) waits for the sign-in that presents it.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID             int64      `bun:"id,pk,autoincrement"`
	Subject        *string    `bun:"subject"`
	DisplayName    string     `bun:"display_name,notnull"`
	NationalNumber *string    `bun:"national_number"`
	Email          *string    `bun:"email"`
	CreatedAt      time.Time  `bun:"created_at,notnull"`
	LastSignInAt   *time.Time `bun:"last_sign_in_at"`
	DisabledAt     *time.Time `bun:"disabled_at"`

	Grants []Grant `bun:"rel:has-many,join:id=user_id"`
}

// Grant is a role a user holds within one institution, possibly until an
// end date after which it stops working without anyone acting.
type Grant struct {
	bun.BaseModel `bun:"table:role_grants"`

	ID          int64      `bun:"id,pk,autoincrement"`
	UserID      int64      `bun:"user_id,notnull"`
	Role        audit.Role `bun:"role,notnull"`
	Institution string     `bun:"institution_code,notnull"`
	GrantedBy   *int64     `bun:"granted_by"`
	GrantedAt   time.Time  `bun:"granted_at,notnull"`
	EndsAt      *time.Time `bun:"ends_at"`
}

// Active says whether the grant is in force at t.
func (g Grant) Active(t time.Time) bool { return g.EndsAt == nil || t.Before(*g.EndsAt) }

// ActiveGrants returns the user's grants in force at t, in the order of
// audit.Roles.
func (u User) ActiveGrants(t time.Time) []Grant {
	var out []Grant
	for _, r := range audit.Roles {
		for _, g := range u.Grants {
			if g.Role == r && g.Active(t) {
				out = append(out, g)
			}
		}
	}
	return out
}

// Label names the user for pages and the command line: display name, else
// subject, else the invitation's e-mail.
func (u User) Label() string {
	switch {
	case u.DisplayName != "":
		return u.DisplayName
	case u.Subject != nil:
		return *u.Subject
	case u.Email != nil:
		return *u.Email
	}
	return fmt.Sprintf("user %d", u.ID)
}

// userWhere loads one user with grants by a column.
func userWhere(ctx context.Context, db bun.IDB, column string, value any) (User, error) {
	var u User
	err := db.NewSelect().Model(&u).Relation("Grants").Where("?TableAlias.? = ?", bun.Ident(column), value).Scan(ctx)
	return u, notFound(err, "user")
}

// UserByID loads a user with their grants.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	var u User
	err := s.db.Bun.NewSelect().Model(&u).Relation("Grants").Where("?TableAlias.id = ?", id).Scan(ctx)
	return u, notFound(err, "user")
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("access: %s: %w", what, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("access: %s: %w", what, err)
	}
	return nil
}

// HoldsGrant says whether the user has a grant of role in institution,
// active or not.
func (u User) HoldsGrant(r audit.Role, institution string) bool {
	for _, g := range u.Grants {
		if g.Role == r && g.Institution == institution {
			return true
		}
	}
	return false
}

// FindUser loads a user by subject, national number or e-mail.
func (s *Service) FindUser(ctx context.Context, ref UserRef) (User, error) {
	col, val, err := ref.column()
	if err != nil {
		return User{}, err
	}
	return userWhere(ctx, s.db.Bun, col, val)
}
