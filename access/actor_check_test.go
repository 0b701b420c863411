package access_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testdb"
)

// signedIn signs a person in and returns their user id.
func signedIn(t *testing.T, b bundle, id access.Identity) access.SignedIn {
	t.Helper()
	in, err := b.svc.SignIn(context.Background(), id)
	require.NoError(t, err)
	return in
}

func newNRN(seed uint64) string {
	return insz.Generate(rand.New(rand.NewPCG(seed, 14)), insz.GenerateOptions{}).String()
}

// TestEveryKeyGoesThroughOneCheck is the outside tester's first finding: a
// manager of another institution names an existing user by national
// number, e-mail or subject instead of by id — the adviser, an admin,
// another institution's agent — and the same check refuses it every way.
// Before the fix, the invitation by national number answered with the
// adviser's id and gave them back office at Sigedis.
func TestEveryKeyGoesThroughOneCheck(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr2 := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		adviser := staff(t, b, "adv", audit.RoleSecurityAdviser, "contact_centre")
		admin := staff(t, b, "adm", audit.RoleAdmin, "contact_centre")
		agent := staff(t, b, "agent", audit.RoleFrontOffice, "contact_centre")
		keys := map[int64]access.Identity{
			adviser: {Subject: "adv", NationalNumber: newNRN(1), Email: "adv@example.be", EmailVerified: true},
			admin:   {Subject: "adm", NationalNumber: newNRN(2), Email: "adm@example.be", EmailVerified: true},
			agent:   {Subject: "agent", NationalNumber: newNRN(3), Email: "agent@example.be", EmailVerified: true},
		}
		want := map[int64]error{adviser: access.ErrOversight, admin: access.ErrOversight, agent: access.ErrOtherInstitution}
		for id, k := range keys {
			signedIn(t, b, k)
			for _, ref := range []access.UserRef{{ID: id}, {Subject: k.Subject}, {NationalNumber: k.NationalNumber}, {Email: k.Email}} {
				_, err := b.svc.Grant(manager(mgr2, "sigedis"), access.GrantInput{User: ref, Role: audit.RoleBackOffice, Institution: "sigedis"})
				require.ErrorIs(t, err, want[id], "%+v", ref)
			}
			u, err := b.svc.UserByID(cli, id)
			require.NoError(t, err)
			require.Len(t, u.Grants, 1, "nothing granted")
		}
		n, err := db.Bun.NewSelect().TableExpr("users").Count(context.Background())
		require.NoError(t, err)
		require.EqualValues(t, 4, n, "no invitation row was made beside an existing user")
		require.Equal(t, 12, refusedEntries(t, db), "each attempt is in the access log as refused")
	})
}

// TestNoManagerActsOnAdminOrAdviser: a local manager of the admin's own
// institution may not grant the admin or the adviser a role (before: 201,
// and the admin's next session was front office), nor withdraw or disable.
func TestNoManagerActsOnAdminOrAdviser(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		ctx := manager(mgr, "contact_centre")
		for _, r := range []audit.Role{audit.RoleAdmin, audit.RoleSecurityAdviser} {
			id := staff(t, b, "holder-"+string(r), r, "contact_centre")
			_, err := b.svc.Grant(ctx, access.GrantInput{User: access.UserRef{ID: id}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
			require.ErrorIs(t, err, access.ErrOversight, "grant to %s", r)
			err = b.svc.Revoke(ctx, access.GrantInput{User: access.UserRef{ID: id}, Role: r, Institution: "contact_centre", Reason: "x"})
			require.ErrorIs(t, err, access.ErrForbidden, "withdraw from %s", r)
			require.ErrorIs(t, b.svc.Disable(ctx, access.UserRef{ID: id}, "x"), access.ErrForbidden, "disable %s", r)
		}
	})
}

// TestNobodyGrantsThemselves: separation of duties — neither a local
// manager nor an admin grants or withdraws their own roles (before: a
// manager granted themselves front office, 201); a second manager does.
func TestNobodyGrantsThemselves(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		admin := staff(t, b, "adm", audit.RoleAdmin, "contact_centre")
		_, err := b.svc.Grant(manager(mgr, "contact_centre"), access.GrantInput{User: access.UserRef{ID: mgr}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.ErrorIs(t, err, access.ErrSelf)
		adminCtx := audit.WithActor(context.Background(), audit.Actor{UserID: admin, Role: audit.RoleAdmin, Institution: "contact_centre"})
		_, err = b.svc.Grant(adminCtx, access.GrantInput{User: access.UserRef{ID: admin}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.ErrorIs(t, err, access.ErrSelf)
		err = b.svc.Revoke(adminCtx, access.GrantInput{User: access.UserRef{ID: admin}, Role: audit.RoleAdmin, Institution: "contact_centre", Reason: "x"})
		require.ErrorIs(t, err, access.ErrSelf)
		mgr2 := staff(t, b, "mgr2", audit.RoleLocalManager, "contact_centre")
		_, err = b.svc.Grant(manager(mgr2, "contact_centre"), access.GrantInput{User: access.UserRef{ID: mgr}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err, "a second manager may")
	})
}

// TestInvitationJoinsTheSubjectAccount: a user created by subject who has
// not signed in yet, then invited by national number, signs in to one
// account holding both grants. Before the fix the invitation made a second
// row and the sign-in failed with a unique-constraint error (a 500).
func TestInvitationJoinsTheSubjectAccount(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		id := staff(t, b, "new-agent", audit.RoleFrontOffice, "contact_centre")
		nrn := newNRN(4)
		_, err := b.svc.Grant(manager(mgr, "contact_centre"), access.GrantInput{User: access.UserRef{NationalNumber: nrn}, Role: audit.RoleLocalManager, Institution: "contact_centre"})
		require.NoError(t, err)
		in := signedIn(t, b, access.Identity{Subject: "new-agent", NationalNumber: nrn})
		require.Equal(t, id, in.User.ID)
		require.Empty(t, in.Session.Role, "two roles: the user chooses, nothing is guessed")
		u, err := b.svc.UserByID(cli, id)
		require.NoError(t, err)
		require.True(t, u.HoldsGrant(audit.RoleFrontOffice, "contact_centre"))
		require.True(t, u.HoldsGrant(audit.RoleLocalManager, "contact_centre"))
		n, err := db.Bun.NewSelect().TableExpr("users").Where("national_number = ?", nrn).Count(context.Background())
		require.NoError(t, err)
		require.EqualValues(t, 1, n)
	})
}

// TestInvitationMergeIsChecked: a manager invites a national number that
// turns out to be the adviser's (known so far by subject only); at the
// adviser's sign-in the invitation is refused, not merged, and the sign-in
// entry says so — the adviser keeps working as adviser.
func TestInvitationMergeIsChecked(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr2 := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		adviser := staff(t, b, "adv", audit.RoleSecurityAdviser, "contact_centre")
		nrn := newNRN(5)
		_, err := b.svc.Grant(manager(mgr2, "sigedis"), access.GrantInput{User: access.UserRef{NationalNumber: nrn}, Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.NoError(t, err, "nobody is known by that number yet")
		in := signedIn(t, b, access.Identity{Subject: "adv", NationalNumber: nrn})
		require.Equal(t, adviser, in.User.ID)
		require.Equal(t, audit.RoleSecurityAdviser, in.Session.Role)
		u, err := b.svc.UserByID(cli, adviser)
		require.NoError(t, err)
		require.Len(t, u.Grants, 1)
		entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "sign_in"})
		require.NoError(t, err)
		require.Contains(t, entries[0].Detail, "invitations_refused=back_office@sigedis:oversight_role")
	})
}

// TestSignInConflictIsRefused: a second subject presenting a national
// number already bound to another account is refused, and nothing changes.
func TestSignInConflictIsRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		nrn := newNRN(6)
		first := signedIn(t, b, access.Identity{Subject: "first", NationalNumber: nrn})
		_, err := b.svc.SignIn(context.Background(), access.Identity{Subject: "second", NationalNumber: nrn})
		require.ErrorIs(t, err, access.ErrIdentityConflict)
		n, err := db.Bun.NewSelect().TableExpr("users").Count(context.Background())
		require.NoError(t, err)
		require.EqualValues(t, 1, n)
		u, err := b.svc.UserByID(cli, first.User.ID)
		require.NoError(t, err)
		require.Equal(t, "first", *u.Subject)
	})
}

// TestSeveralRolesAreChosen: a user with two grants signs in to a session
// without a role, may choose only a role they hold, and may switch; each
// choice is in the access log.
func TestSeveralRolesAreChosen(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		staff(t, b, "two", audit.RoleFrontOffice, "contact_centre")
		staff(t, b, "two", audit.RoleLocalManager, "contact_centre")
		in := signedIn(t, b, access.Identity{Subject: "two"})
		require.Empty(t, in.Session.Role)
		ctx := context.Background()
		_, err := b.svc.ChooseRole(ctx, in.Session, audit.RoleAdmin, "contact_centre")
		require.ErrorIs(t, err, access.ErrRoleNotHeld)
		sess, err := b.svc.ChooseRole(ctx, in.Session, audit.RoleLocalManager, "contact_centre")
		require.NoError(t, err)
		resumed, err := b.svc.Resume(ctx, in.Token)
		require.NoError(t, err)
		require.Equal(t, audit.RoleLocalManager, resumed.Role)
		require.Equal(t, 2, resumed.RolesHeld)
		_, err = b.svc.ChooseRole(ctx, sess, audit.RoleFrontOffice, "contact_centre")
		require.NoError(t, err)
		entries, err := audit.Entries(ctx, db.Bun, audit.Filter{Action: "role_choose"})
		require.NoError(t, err)
		require.Len(t, entries, 3)
		require.Equal(t, "role=front_office institution=contact_centre from=local_manager@contact_centre", entries[0].Detail)
		require.Equal(t, string(audit.RoleFrontOffice), entries[0].Role)
		require.Equal(t, audit.Refused, entries[2].Outcome)
	})
}

// TestDisabledInvitationLocksNobodyOut is the outside tester's second
// finding: a manager invited the national number of an adviser (known so
// far by subject only), disabled that invitation, and the adviser's every
// sign-in was refused as disabled — the merge carried the invitation's
// disabled date onto the adviser. Disabling an invitation now withdraws
// it, and a disabled invitation left by an older version binds nothing.
func TestDisabledInvitationLocksNobodyOut(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		adviser := staff(t, b, "adv", audit.RoleSecurityAdviser, "contact_centre")
		admin := staff(t, b, "adm", audit.RoleAdmin, "contact_centre")
		ctx := manager(mgr, "contact_centre")
		advNRN, admNRN := newNRN(7), newNRN(8)
		g, err := b.svc.Grant(ctx, access.GrantInput{User: access.UserRef{NationalNumber: advNRN}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		require.NoError(t, b.svc.Disable(ctx, access.UserRef{ID: g.UserID}, "left"))
		_, err = b.svc.UserByID(cli, g.UserID)
		require.ErrorIs(t, err, access.ErrNotFound, "disabling an invitation withdraws it")

		// A disabled invitation as an older version left it.
		g, err = b.svc.Grant(ctx, access.GrantInput{User: access.UserRef{NationalNumber: admNRN}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		_, err = db.Bun.NewUpdate().TableExpr("users").Set("disabled_at = ?", *b.now).Where("id = ?", g.UserID).Exec(context.Background())
		require.NoError(t, err)

		in := signedIn(t, b, access.Identity{Subject: "adv", NationalNumber: advNRN})
		require.Equal(t, adviser, in.User.ID)
		require.Equal(t, audit.RoleSecurityAdviser, in.Session.Role)
		in = signedIn(t, b, access.Identity{Subject: "adm", NationalNumber: admNRN})
		require.Equal(t, admin, in.User.ID)
		require.Equal(t, audit.RoleAdmin, in.Session.Role, "not disabled, not given the invitation's role")
	})
}

// TestEndedSessionStaysEnded is the outside tester's fourth finding: a
// session refused because its role was withdrawn came back when the role
// was granted again, to whoever kept the cookie. An ended session is now
// revoked the moment it is refused, and the refusal names its user.
func TestEndedSessionStaysEnded(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		agent := staff(t, b, "agent", audit.RoleFrontOffice, "contact_centre")
		in := signedIn(t, b, access.Identity{Subject: "agent"})
		grant := access.GrantInput{User: access.UserRef{ID: agent}, Role: audit.RoleFrontOffice, Institution: "contact_centre", Reason: "moved"}
		require.NoError(t, b.svc.Revoke(cli, grant))
		ctx := context.Background()
		sess, err := b.svc.Resume(ctx, in.Token)
		require.ErrorIs(t, err, access.ErrSessionEnded)
		require.Equal(t, agent, sess.UserID, "whose session it was")
		require.NoError(t, b.svc.RecordRefusedSession(ctx, sess.UserID, err))
		_, err = b.svc.Grant(cli, grant)
		require.NoError(t, err)
		_, err = b.svc.Resume(ctx, in.Token)
		require.ErrorIs(t, err, access.ErrSessionEnded, "the role given back does not revive the session")
		entries, err := audit.Entries(ctx, db.Bun, audit.Filter{Action: "session"})
		require.NoError(t, err)
		require.Len(t, entries, 1)
		require.Equal(t, agent, *entries[0].UserID)
	})
}

// TestInvitationAddressIsOneAddress: an invitation's e-mail is read as the
// sign-in will present it — spaces and case do not make a second
// invitation beside the user it names, and an address with invisible
// characters or of 100 kB is refused (outside test: each made a row).
func TestInvitationAddressIsOneAddress(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr2 := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		staff(t, b, "jane", audit.RoleFrontOffice, "contact_centre")
		signedIn(t, b, access.Identity{Subject: "jane", Email: "jane.doe@example.org", EmailVerified: true})
		ctx := manager(mgr2, "sigedis")
		invite := func(email string) error {
			_, err := b.svc.Grant(ctx, access.GrantInput{User: access.UserRef{Email: email}, Role: audit.RoleBackOffice, Institution: "sigedis"})
			return err
		}
		require.ErrorIs(t, invite("  JANE.DOE@example.org "), access.ErrOtherInstitution)
		for _, bad := range []string{"jane.doe@example.org\u200b", "Jane <jane.doe@example.org>", strings.Repeat("a", 100_000) + "@example.org", "no-at-sign"} {
			var ve *access.ValidationError
			require.ErrorAs(t, invite(bad), &ve, bad[:min(len(bad), 40)])
			require.Equal(t, "email", ve.Field)
		}
		n, err := db.Bun.NewSelect().TableExpr("users").Count(context.Background())
		require.NoError(t, err)
		require.EqualValues(t, 2, n, "no invitation row was made")
	})
}

// TestInvitationsBindWhateverTheirOrder is the second round's merge
// finding: a manager's invitation by national number, made before the
// admin invited the same person by e-mail as adviser, bound both grants —
// the first row's own grants were never checked. Every invited grant is
// now checked against all the others, so the order does not matter.
func TestInvitationsBindWhateverTheirOrder(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr2 := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		admin := staff(t, b, "adm", audit.RoleAdmin, "contact_centre")
		nrn := newNRN(11)
		_, err := b.svc.Grant(manager(mgr2, "sigedis"), access.GrantInput{User: access.UserRef{NationalNumber: nrn}, Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.NoError(t, err)
		adminCtx := audit.WithActor(context.Background(), audit.Actor{UserID: admin, Role: audit.RoleAdmin, Institution: "contact_centre"})
		_, err = b.svc.Grant(adminCtx, access.GrantInput{User: access.UserRef{Email: "new.adviser@example.be"}, Role: audit.RoleSecurityAdviser, Institution: "contact_centre"})
		require.NoError(t, err)
		in := signedIn(t, b, access.Identity{Subject: "new-adv", NationalNumber: nrn, Email: "new.adviser@example.be", EmailVerified: true})
		require.Equal(t, audit.RoleSecurityAdviser, in.Session.Role, "the adviser's grant only")
		u, err := b.svc.UserByID(cli, in.User.ID)
		require.NoError(t, err)
		require.Len(t, u.Grants, 1)
		entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Action: "sign_in"})
		require.NoError(t, err)
		require.Contains(t, entries[0].Detail, "back_office@sigedis:oversight_role")
	})
}

// TestReinvitationRenewsAnEndedGrant: an agent whose grant ended is
// invited again by their manager; at sign-in the grant is in force again
// (before: the invitation was dropped without a word, as a grant "held").
func TestReinvitationRenewsAnEndedGrant(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		end := b.now.Add(24 * time.Hour)
		_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Subject: "agent"}, Role: audit.RoleFrontOffice, Institution: "contact_centre", EndsAt: &end})
		require.NoError(t, err)
		signedIn(t, b, access.Identity{Subject: "agent", Email: "agent@example.be", EmailVerified: true})
		*b.now = b.now.Add(48 * time.Hour)
		// The address is the agent's: the invitation names them.
		_, err = b.svc.Grant(manager(mgr, "contact_centre"), access.GrantInput{User: access.UserRef{Email: "agent@example.be"}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		in := signedIn(t, b, access.Identity{Subject: "agent", Email: "agent@example.be", EmailVerified: true})
		require.Equal(t, audit.RoleFrontOffice, in.Session.Role)
	})
}

// TestManagerCannotShutOutSomeoneWithoutRoles is the second round's lock-out
// finding: any manager could disable a user who held no grant anywhere
// (between two roles, or signed in before being granted one). Only the
// admin may; a manager may still grant them a role.
func TestManagerCannotShutOutSomeoneWithoutRoles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr2 := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		loner := signedIn(t, b, access.Identity{Subject: "loner"}).User.ID
		require.ErrorIs(t, b.svc.Disable(manager(mgr2, "sigedis"), access.UserRef{ID: loner}, "cleanup"), access.ErrForbidden)
		_, err := b.svc.Grant(manager(mgr2, "sigedis"), access.GrantInput{User: access.UserRef{ID: loner}, Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.NoError(t, err, "bringing them in is the manager's to do")
	})
}

// TestSharedAddressNamesNobody: a grant by an e-mail address that several
// users share is refused, instead of going to whichever row comes first.
func TestSharedAddressNamesNobody(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		for _, sub := range []string{"one", "two"} {
			signedIn(t, b, access.Identity{Subject: sub, Email: "desk@example.be", EmailVerified: true})
		}
		_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Email: "desk@example.be"}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		var ve *access.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "email_ambiguous", ve.Code)
	})
}

// TestDisablingIsNeverFinal: what a manager disabled, the admin (or the
// command line, or another manager of the same institution) enables again;
// a manager of another institution may not; the user signs in with the
// grants they had (the second round found no way back).
func TestDisablingIsNeverFinal(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		mgr2 := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		admin := staff(t, b, "adm", audit.RoleAdmin, "contact_centre")
		agent := staff(t, b, "agent", audit.RoleFrontOffice, "contact_centre")
		signedIn(t, b, access.Identity{Subject: "agent"})
		require.NoError(t, b.svc.Disable(manager(mgr, "contact_centre"), access.UserRef{ID: agent}, "by mistake"))
		require.ErrorIs(t, b.svc.Enable(manager(mgr2, "sigedis"), access.UserRef{ID: agent}, "x"), access.ErrForbidden)
		adminCtx := audit.WithActor(context.Background(), audit.Actor{UserID: admin, Role: audit.RoleAdmin, Institution: "contact_centre"})
		require.NoError(t, b.svc.Enable(adminCtx, access.UserRef{ID: agent}, "disabled by mistake"))
		var ve *access.ValidationError
		require.ErrorAs(t, b.svc.Enable(cli, access.UserRef{ID: agent}, "again"), &ve, "not disabled")
		in := signedIn(t, b, access.Identity{Subject: "agent"})
		require.Equal(t, audit.RoleFrontOffice, in.Session.Role)
	})
}
