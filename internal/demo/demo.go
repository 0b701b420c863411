// Package demo holds the synthetic people of the development instance and
// the tests: the demo users the development provider offers and the roles
// they are granted. Nothing here is a real person.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/devidp"
	"contactd/internal/insz"
)

// User is a person the development provider's form offers, with the
// role `dev` grants them. Every one is synthetic.
type User struct {
	Username, Name, Description string
	Role                        audit.Role
	Institution                 string
	// Also is a second role in the same institution: a user with two
	// chooses which one a session works in (O14: never guessed).
	Also audit.Role
}

// Users are the users of `contactd dev` and of the tests, by the username
// the sign-in form takes.
var Users = []User{
	{"frontoffice", "Lotte Voorbeeld", "front-office agent, contact centre", audit.RoleFrontOffice, "contact_centre", ""},
	{"backoffice", "Jules Exemple", "back-office staff, Sigedis", audit.RoleBackOffice, "sigedis", ""},
	{"backoffice2", "Marie Beispiel", "back-office staff, Federal Pension Service", audit.RoleBackOffice, "sfpd", ""},
	{"adviser", "Sam Controle", "security adviser", audit.RoleSecurityAdviser, "contact_centre", ""},
	{"manager", "Noor Beheer", "local manager, contact centre", audit.RoleLocalManager, "contact_centre", ""},
	{"admin", "Alex Admin", "administrator", audit.RoleAdmin, "contact_centre", ""},
	{"norole", "Robin Zonderrol", "signed in, no role", "", "", ""},
	// Last, so that the others keep their synthetic national numbers.
	{"manager2", "Lena Gestion", "local manager, Sigedis", audit.RoleLocalManager, "sigedis", ""},
	{"frontmanager", "Kim Tweerol", "front office and local manager, contact centre: chooses the role at sign-in", audit.RoleFrontOffice, "contact_centre", audit.RoleLocalManager},
}

// seed fixes the synthetic national numbers of the demo users, so they
// are the same on every machine.
const seed = 20261124

// Subject is the user's `sub` at the development provider.
func (d User) Subject() string { return "demo-" + d.Username }

// NationalNumber is the user's synthetic national number.
func (d User) NationalNumber() string {
	i := slices.IndexFunc(Users, func(u User) bool { return u.Username == d.Username })
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	return insz.Generate(r, insz.GenerateOptions{}).String()
}

// ProviderUsers lists the demo users for the development provider.
func ProviderUsers() []devidp.User {
	out := make([]devidp.User, 0, len(Users))
	for _, d := range Users {
		out = append(out, devidp.User{
			Username: d.Username, Subject: d.Subject(), Name: d.Name,
			NationalNumber: d.NationalNumber(), Description: d.Description,
		})
	}
	return out
}

// Seed grants the demo users their roles, once: a grant that exists
// is left alone, so restarting dev writes nothing new.
func Seed(ctx context.Context, svc *access.Service) error {
	ctx = audit.WithActor(ctx, audit.Actor{System: "cli"})
	for _, d := range Users {
		for _, r := range []audit.Role{d.Role, d.Also} {
			if err := seedGrant(ctx, svc, d, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedGrant gives demo user d role r in their institution unless they hold
// it already.
func seedGrant(ctx context.Context, svc *access.Service, d User, r audit.Role) error {
	if r == "" {
		return nil
	}
	u, err := svc.FindUser(ctx, access.UserRef{Subject: d.Subject()})
	if err != nil && !errors.Is(err, access.ErrNotFound) {
		return err
	}
	if u.HoldsGrant(r, d.Institution) {
		return nil
	}
	in := access.GrantInput{User: access.UserRef{Subject: d.Subject()}, Role: r, Institution: d.Institution, Reason: "demo user"}
	if _, err := svc.Grant(ctx, in); err != nil {
		return fmt.Errorf("demo: seed %s: %w", d.Username, err)
	}
	return nil
}
