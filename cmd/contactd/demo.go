package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/devidp"
	"contactd/internal/insz"
)

// demoUser is a person the development provider's form offers, with the
// role `dev` grants them. Every one is synthetic.
type demoUser struct {
	username, name, description string
	role                        audit.Role
	institution                 string
}

// demoUsers are the users of `contactd dev`, by the username the sign-in
// form takes.
var demoUsers = []demoUser{
	{"frontoffice", "Lotte Voorbeeld", "front-office agent, contact centre", audit.RoleFrontOffice, "contact_centre"},
	{"backoffice", "Jules Exemple", "back-office staff, Sigedis", audit.RoleBackOffice, "sigedis"},
	{"backoffice2", "Marie Beispiel", "back-office staff, Federal Pension Service", audit.RoleBackOffice, "sfpd"},
	{"adviser", "Sam Controle", "security adviser", audit.RoleSecurityAdviser, "contact_centre"},
	{"manager", "Noor Beheer", "local manager, contact centre", audit.RoleLocalManager, "contact_centre"},
	{"admin", "Alex Admin", "administrator", audit.RoleAdmin, "contact_centre"},
	{"norole", "Robin Zonderrol", "signed in, no role", "", ""},
}

// demoSeed fixes the synthetic national numbers of the demo users, so they
// are the same on every machine.
const demoSeed = 20261124

func (d demoUser) subject() string { return "demo-" + d.username }

func (d demoUser) nationalNumber(i int) string {
	r := rand.New(rand.NewPCG(demoSeed, uint64(i)))
	return insz.Generate(r, insz.GenerateOptions{}).String()
}

// devidpUsers lists the demo users for the development provider.
func devidpUsers() []devidp.User {
	out := make([]devidp.User, 0, len(demoUsers))
	for i, d := range demoUsers {
		out = append(out, devidp.User{
			Username: d.username, Subject: d.subject(), Name: d.name,
			NationalNumber: d.nationalNumber(i), Description: d.description,
		})
	}
	return out
}

// seedDemoUsers grants the demo users their roles, once: a grant that exists
// is left alone, so restarting dev writes nothing new.
func seedDemoUsers(ctx context.Context, svc *access.Service) error {
	ctx = audit.WithActor(ctx, audit.Actor{System: "cli"})
	for _, d := range demoUsers {
		if d.role == "" {
			continue
		}
		u, err := svc.FindUser(ctx, access.UserRef{Subject: d.subject()})
		if err != nil && !errors.Is(err, access.ErrNotFound) {
			return err
		}
		if u.HoldsGrant(d.role, d.institution) {
			continue
		}
		in := access.GrantInput{User: access.UserRef{Subject: d.subject()}, Role: d.role, Institution: d.institution, Reason: "demo user"}
		if _, err := svc.Grant(ctx, in); err != nil {
			return fmt.Errorf("seed %s: %w", d.username, err)
		}
	}
	return nil
}
