package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"contactd/access"
	"contactd/audit"
)

// userFlags are the flags of `contactd users …`.
type userFlags struct {
	ref         access.UserRef
	role        string
	institution string
	until       string
	reason      string
}

// userFlagsOf declares the flags of `contactd users …` into m.users.
func userFlagsOf(m *Main) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		uf := &m.users
		fs.StringVar(&uf.ref.Subject, "subject", "", "users: the user's subject at the identity provider")
		fs.StringVar(&uf.ref.NationalNumber, "national-number", "", "users: the user's national number (invitation)")
		fs.StringVar(&uf.ref.Email, "email", "", "users: the user's e-mail address (invitation)")
		fs.StringVar(&uf.role, "role", "", "users: front_office, back_office, security_adviser, local_manager or admin")
		fs.StringVar(&uf.institution, "institution", "", "users: institution code (see `users list`)")
		fs.StringVar(&uf.until, "until", "", "users grant: last day of the grant, YYYY-MM-DD")
		fs.StringVar(&uf.reason, "reason", "", "users revoke, disable, enable: why (required)")
	}
}

// runUsers manages users and roles from the command line: how the first
// local manager and admin are appointed. Every change is in the access log,
// by the actor "cli".
func runUsers(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: users grant | revoke | list | disable | enable [flags]", errUsage)
	}
	uf := m.users
	if err := m.setupLogger("text"); err != nil {
		return err
	}
	if err := m.openCurrentDBOrDev(ctx); err != nil {
		return err
	}
	m.setupAccess(nil)
	ctx = audit.WithActor(ctx, audit.Actor{System: "cli"})
	switch args[0] {
	case "grant":
		return m.usersGrant(ctx, uf)
	case "revoke":
		return usageOf(m.Access.Revoke(ctx, uf.grantInput(nil)))
	case "disable":
		return usageOf(m.Access.Disable(ctx, uf.ref, uf.reason))
	case "enable":
		return usageOf(m.Access.Enable(ctx, uf.ref, uf.reason))
	case "list":
		return m.usersList(ctx, uf.institution)
	}
	return fmt.Errorf("%w: unknown users command %q", errUsage, args[0])
}

func (uf userFlags) grantInput(until *time.Time) access.GrantInput {
	return access.GrantInput{User: uf.ref, Role: audit.Role(uf.role), Institution: uf.institution, EndsAt: until, Reason: uf.reason}
}

func (m *Main) usersGrant(ctx context.Context, uf userFlags) error {
	var until *time.Time
	if uf.until != "" {
		d, err := time.Parse(time.DateOnly, uf.until)
		if err != nil {
			return settingError("until", "must be a date YYYY-MM-DD")
		}
		end := d.AddDate(0, 0, 1) // the grant holds through its last day
		until = &end
	}
	g, err := m.Access.Grant(ctx, uf.grantInput(until))
	if err != nil {
		return usageOf(err)
	}
	fmt.Fprintf(m.Stdout, "granted %s in %s to user %d\n", g.Role, g.Institution, g.UserID)
	return nil
}

func (m *Main) usersList(ctx context.Context, institution string) error {
	users, err := m.Access.Users(ctx, institution)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSER\tROLES\tLAST SIGN-IN\tSTATUS")
	for _, u := range users {
		var roles []string
		for _, g := range u.Grants {
			roles = append(roles, string(g.Role)+"@"+g.Institution)
		}
		last, status := "never", "active"
		if u.LastSignInAt != nil {
			last = u.LastSignInAt.UTC().Format("2006-01-02 15:04")
		}
		if u.DisabledAt != nil {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Label(), strings.Join(roles, ","), last, status)
	}
	return tw.Flush()
}

// usageOf makes a validation error a usage error (exit 2).
func usageOf(err error) error {
	var ve *access.ValidationError
	if err != nil && asValidation(err, &ve) {
		return fmt.Errorf("%w: %s", errUsage, ve.Error())
	}
	return err
}

// openCurrentDBOrDev opens the configured database, or dev's, and refuses
// a schema that is behind.
func (m *Main) openCurrentDBOrDev(ctx context.Context) error {
	m.Config.DatabaseURL = m.Config.databaseURLOrDev()
	return m.openCurrentDB(ctx)
}

func asValidation(err error, target **access.ValidationError) bool { return errors.As(err, target) }
