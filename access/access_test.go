package access_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// bundle is what each test works with.
type bundle struct {
	db  *database.DB
	svc *access.Service
	now *time.Time
}

func setup(t *testing.T, db *database.DB) bundle {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	b := bundle{db: db, now: &now}
	b.svc = access.NewService(db, access.Options{SessionKey: make([]byte, 32), Now: func() time.Time { return *b.now }})
	return b
}

func as(role audit.Role, institution string) context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Role: role, Institution: institution})
}

var cli = audit.WithActor(context.Background(), audit.Actor{System: "cli"})

// TestInvitationBindsAtFirstSignIn: a grant given by national number waits
// for the sign-in that presents that number, then belongs to its subject.
func TestInvitationBindsAtFirstSignIn(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		nrn := insz.Generate(nil, insz.GenerateOptions{}).String()
		_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{NationalNumber: nrn}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		in, err := b.svc.SignIn(context.Background(), access.Identity{Subject: "sub-1", Name: "Test Agent", NationalNumber: nrn})
		require.NoError(t, err)
		require.Equal(t, audit.RoleFrontOffice, in.Session.Role)
		u, err := b.svc.FindUser(cli, access.UserRef{Subject: "sub-1"})
		require.NoError(t, err)
		require.Equal(t, nrn, *u.NationalNumber)
		require.Equal(t, "Test Agent", u.DisplayName)

		in, err = b.svc.SignIn(context.Background(), access.Identity{Subject: "sub-2", Name: "Nobody"})
		require.NoError(t, err)
		require.Empty(t, in.Session.Role, "an uninvited person signs in without a role")
	})
}

// TestGrantRefusals: unknown role or institution, a role in the wrong kind
// of institution, a past end date, a local manager acting outside their
// institution or granting admin, an actor without the right, a revoke or
// disable without reason — each refused, nothing written.
func TestGrantRefusals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		past := b.now.Add(-time.Hour)
		ref := access.UserRef{Subject: "someone"}
		cases := map[string]struct {
			ctx  context.Context
			in   access.GrantInput
			want error
		}{
			"unknown role":         {cli, access.GrantInput{User: ref, Role: "boss", Institution: "contact_centre"}, &access.ValidationError{}},
			"unknown institution":  {cli, access.GrantInput{User: ref, Role: audit.RoleFrontOffice, Institution: "nowhere"}, &access.ValidationError{}},
			"wrong kind":           {cli, access.GrantInput{User: ref, Role: audit.RoleBackOffice, Institution: "contact_centre"}, &access.ValidationError{}},
			"past end":             {cli, access.GrantInput{User: ref, Role: audit.RoleFrontOffice, Institution: "contact_centre", EndsAt: &past}, &access.ValidationError{}},
			"no user named":        {cli, access.GrantInput{Role: audit.RoleFrontOffice, Institution: "contact_centre"}, &access.ValidationError{}},
			"bad national number":  {cli, access.GrantInput{User: access.UserRef{NationalNumber: "12345678901"}, Role: audit.RoleFrontOffice, Institution: "contact_centre"}, &access.ValidationError{}},
			"other institution":    {as(audit.RoleLocalManager, "sigedis"), access.GrantInput{User: ref, Role: audit.RoleFrontOffice, Institution: "contact_centre"}, access.ErrForbidden},
			"manager grants admin": {as(audit.RoleLocalManager, "contact_centre"), access.GrantInput{User: ref, Role: audit.RoleAdmin, Institution: "contact_centre"}, access.ErrForbidden},
			"front office grants":  {as(audit.RoleFrontOffice, "contact_centre"), access.GrantInput{User: ref, Role: audit.RoleFrontOffice, Institution: "contact_centre"}, access.ErrForbidden},
			"no actor":             {context.Background(), access.GrantInput{User: ref, Role: audit.RoleFrontOffice, Institution: "contact_centre"}, access.ErrForbidden},
		}
		for name, c := range cases {
			_, err := b.svc.Grant(c.ctx, c.in)
			var ve *access.ValidationError
			if _, isValidation := c.want.(*access.ValidationError); isValidation {
				require.True(t, errors.As(err, &ve), "%s: got %v", name, err)
			} else {
				require.ErrorIs(t, err, c.want, name)
			}
		}
		users, err := b.svc.Users(cli, "")
		require.NoError(t, err)
		require.Empty(t, users, "no refused grant wrote a user")
		entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "role_grant"})
		require.NoError(t, err)
		for _, e := range entries {
			require.Equal(t, audit.Refused, e.Outcome, "only refusals are logged: %s", e.Detail)
		}

		_, err = b.svc.Grant(as(audit.RoleLocalManager, "sigedis"), access.GrantInput{User: ref, Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.NoError(t, err, "a local manager grants within their own institution")
		var ve *access.ValidationError
		require.True(t, errors.As(b.svc.Revoke(cli, access.GrantInput{User: ref, Role: audit.RoleBackOffice, Institution: "sigedis"}), &ve), "revoke needs a reason")
		require.True(t, errors.As(b.svc.Disable(cli, ref, " "), &ve), "disable needs a reason")
		require.ErrorIs(t, b.svc.Disable(as(audit.RoleLocalManager, "contact_centre"), ref, "left"), access.ErrForbidden)
	})
}

// TestEndDatedGrantExpires: a grant with an end date stops working at that
// moment without anyone acting.
func TestEndDatedGrantExpires(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		end := b.now.Add(40 * time.Minute)
		_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Subject: "temp"}, Role: audit.RoleFrontOffice, Institution: "contact_centre", EndsAt: &end})
		require.NoError(t, err)
		in, err := b.svc.SignIn(context.Background(), access.Identity{Subject: "temp"})
		require.NoError(t, err)
		require.Equal(t, audit.RoleFrontOffice, in.Session.Role)
		*b.now = b.now.Add(20 * time.Minute)
		_, err = b.svc.Resume(context.Background(), in.Token)
		require.NoError(t, err)
		*b.now = end
		_, err = b.svc.Resume(context.Background(), in.Token)
		require.ErrorIs(t, err, access.ErrSessionEnded)
		require.ErrorContains(t, err, "role withdrawn")
		in, err = b.svc.SignIn(context.Background(), access.Identity{Subject: "temp"})
		require.NoError(t, err)
		require.Empty(t, in.Session.Role, "signing in again after the end date gives no role")
	})
}

// TestDisabledUserCannotSignIn: a disabled user gets no session.
func TestDisabledUserCannotSignIn(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Subject: "gone"}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		require.NoError(t, b.svc.Disable(cli, access.UserRef{Subject: "gone"}, "left the service"))
		_, err = b.svc.SignIn(context.Background(), access.Identity{Subject: "gone"})
		require.ErrorIs(t, err, access.ErrDisabled)
	})
}

// TestEmailInvitationNeedsVerifiedAddress: an invitation by e-mail binds
// only to a sign-in whose provider vouches for the address.
func TestEmailInvitationNeedsVerifiedAddress(t *testing.T) {
	t.Parallel()
	b := setup(t, testdb.SQLite(t))
	_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Email: "Jane.Doe@example.org"}, Role: audit.RoleSecurityAdviser, Institution: "contact_centre"})
	require.NoError(t, err)
	in, err := b.svc.SignIn(context.Background(), access.Identity{Subject: "claimer", Email: "jane.doe@example.org"})
	require.NoError(t, err)
	require.Empty(t, in.Session.Role, "an unverified address claims nothing")
	in, err = b.svc.SignIn(context.Background(), access.Identity{Subject: "jane", Email: "JANE.DOE@example.org", EmailVerified: true})
	require.NoError(t, err)
	require.Equal(t, audit.RoleSecurityAdviser, in.Session.Role, "a verified address binds, whatever its case")
}
