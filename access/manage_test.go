package access_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"contactd/access"
	"contactd/audit"
	"contactd/internal/database"
	"contactd/internal/insz"
	"contactd/internal/testdb"
)

// staff grants, as the command line, a role to a subject and returns the
// user's id.
func staff(t *testing.T, b bundle, subject string, r audit.Role, institution string) int64 {
	t.Helper()
	g, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Subject: subject}, Role: r, Institution: institution})
	require.NoError(t, err)
	return g.UserID
}

// manager is the actor of a local manager's session.
func manager(id int64, institution string) context.Context {
	return audit.WithActor(context.Background(), audit.Actor{UserID: id, Role: audit.RoleLocalManager, Institution: institution})
}

// TestLocalManagerRefusals: a local manager cannot grant admin or a role
// held in another kind of institution, cannot list, grant, withdraw or
// disable another institution's users, and cannot leave their institution
// without a local manager — each refusal written nowhere but the access
// log, as refused.
func TestLocalManagerRefusals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr-cc", audit.RoleLocalManager, "contact_centre")
		agent := staff(t, b, "agent-cc", audit.RoleFrontOffice, "contact_centre")
		sig := staff(t, b, "staff-sig", audit.RoleBackOffice, "sigedis")
		ctx := manager(mgr, "contact_centre")
		id := func(u int64) access.UserRef { return access.UserRef{ID: u} }

		_, err := b.svc.Grant(ctx, access.GrantInput{User: id(agent), Role: audit.RoleAdmin, Institution: "contact_centre"})
		require.ErrorIs(t, err, access.ErrForbidden, "admin is not a local manager's to grant")
		_, err = b.svc.Grant(ctx, access.GrantInput{User: id(agent), Role: audit.RoleBackOffice, Institution: "contact_centre"})
		var ve *access.ValidationError
		require.ErrorAs(t, err, &ve, "back office is not held at the contact centre")
		roles, err := b.svc.GrantableRoles(ctx, "contact_centre")
		require.NoError(t, err)
		require.Equal(t, []audit.Role{audit.RoleFrontOffice, audit.RoleLocalManager}, roles)
		_, err = b.svc.Grant(ctx, access.GrantInput{User: id(agent), Role: audit.RoleSecurityAdviser, Institution: "contact_centre"})
		require.ErrorIs(t, err, access.ErrForbidden, "the admin appoints who checks the agents")

		_, err = b.svc.Users(ctx, "sigedis")
		require.ErrorIs(t, err, access.ErrForbidden, "list another institution")
		_, err = b.svc.Users(ctx, "")
		require.ErrorIs(t, err, access.ErrForbidden, "list every institution")
		_, err = b.svc.Grant(ctx, access.GrantInput{User: id(sig), Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.ErrorIs(t, err, access.ErrOtherInstitution, "grant to another institution's user")
		_, err = b.svc.Grant(ctx, access.GrantInput{User: id(sig), Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.ErrorIs(t, err, access.ErrForbidden, "grant in another institution")
		err = b.svc.Revoke(ctx, access.GrantInput{User: id(sig), Role: audit.RoleBackOffice, Institution: "sigedis", Reason: "x"})
		require.ErrorIs(t, err, access.ErrForbidden, "withdraw in another institution")
		require.ErrorIs(t, b.svc.Disable(ctx, id(sig), "left"), access.ErrOtherInstitution, "disable another institution's user")
		_, err = b.svc.Grant(ctx, access.GrantInput{User: id(9999), Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.ErrorIs(t, err, access.ErrNotFound, "a user named by id is never invented")

		err = b.svc.Revoke(ctx, access.GrantInput{User: id(mgr), Role: audit.RoleLocalManager, Institution: "contact_centre", Reason: "leaving"})
		require.ErrorIs(t, err, access.ErrSelf, "withdraw one's own role: it takes a second manager or an admin")
		require.ErrorIs(t, b.svc.Disable(ctx, id(mgr), "leaving"), access.ErrSelf, "disable oneself")

		u, err := b.svc.UserByID(cli, mgr)
		require.NoError(t, err)
		require.Nil(t, u.DisabledAt)
		require.True(t, u.HoldsGrant(audit.RoleLocalManager, "contact_centre"))
		sigUser, err := b.svc.UserByID(cli, sig)
		require.NoError(t, err)
		require.Nil(t, sigUser.DisabledAt)
		require.Len(t, sigUser.Grants, 1)
		require.Equal(t, 8, refusedEntries(t, db), "every refused act beyond the manager's right is in the access log")
	})
}

// refusedEntries counts the refused entries of the access log.
func refusedEntries(t *testing.T, db *database.DB) int {
	t.Helper()
	entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{Limit: 1000})
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		if e.Outcome == audit.Refused {
			n++
		}
	}
	return n
}

// TestLocalManagerManagesOwnInstitution: a local manager invites by
// national number, grants by id with an end date, sees only their own
// institution's grants, withdraws with a reason, and may step down once
// another local manager is in place — but not when the only other one is
// disabled.
func TestLocalManagerManagesOwnInstitution(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr-sig", audit.RoleLocalManager, "sigedis")
		both := staff(t, b, "both", audit.RoleFrontOffice, "contact_centre")
		ctx := manager(mgr, "sigedis")
		nrn := insz.Generate(rand.New(rand.NewPCG(6, 1)), insz.GenerateOptions{}).String()

		g, err := b.svc.Grant(ctx, access.GrantInput{User: access.UserRef{NationalNumber: nrn}, Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.NoError(t, err)
		require.Equal(t, &mgr, g.GrantedBy)
		end := b.now.AddDate(0, 3, 0)
		_, err = b.svc.Grant(ctx, access.GrantInput{User: access.UserRef{ID: g.UserID}, Role: audit.RoleLocalManager, Institution: "sigedis", EndsAt: &end})
		require.NoError(t, err)
		_, err = b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Subject: "both"}, Role: audit.RoleBackOffice, Institution: "sigedis"})
		require.NoError(t, err)

		users, err := b.svc.Users(ctx, "sigedis")
		require.NoError(t, err)
		require.Len(t, users, 3)
		for _, u := range users {
			for _, gr := range u.Grants {
				require.Equal(t, "sigedis", gr.Institution, "a local manager sees only their institution's grants")
			}
		}
		require.ErrorIs(t, b.svc.Disable(ctx, access.UserRef{ID: both}, "left"), access.ErrOtherInstitution,
			"a user who also works elsewhere is beyond one institution's manager")
		err = b.svc.Revoke(ctx, access.GrantInput{User: access.UserRef{ID: both}, Role: audit.RoleBackOffice, Institution: "sigedis", Reason: "moved"})
		require.ErrorIs(t, err, access.ErrOtherInstitution, "nor withdraw: the admin acts on staff of several institutions")
		require.NoError(t, b.svc.Revoke(cli, access.GrantInput{User: access.UserRef{ID: both}, Role: audit.RoleBackOffice, Institution: "sigedis", Reason: "moved"}))

		require.NoError(t, b.svc.Disable(ctx, access.UserRef{ID: g.UserID}, "left the institution"))
		err = b.svc.Revoke(ctx, access.GrantInput{User: access.UserRef{ID: mgr}, Role: audit.RoleLocalManager, Institution: "sigedis", Reason: "stepping down"})
		require.ErrorIs(t, err, access.ErrSelf, "stepping down takes a second manager")
		mgr2 := staff(t, b, "mgr-sig-2", audit.RoleLocalManager, "sigedis")
		require.NoError(t, b.svc.Revoke(manager(mgr2, "sigedis"), access.GrantInput{User: access.UserRef{ID: mgr}, Role: audit.RoleLocalManager, Institution: "sigedis", Reason: "stepping down"}))

		entries, err := audit.Entries(context.Background(), db.Bun, audit.Filter{UserID: mgr})
		require.NoError(t, err)
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action+"/"+string(e.Outcome)]++
			require.NotContains(t, e.Detail, nrn, "no national number in the access log")
		}
		require.Equal(t, map[string]int{"role_grant/ok": 2, "user_disable/ok": 1,
			"user_disable/refused": 1, "role_revoke/refused": 2}, actions, "who did what, and why, in the access log")
	})
}

// TestLastManagerRace: two local managers of one institution withdraw each
// other at the same moment; exactly one succeeds, every time, on both
// engines (PostgreSQL locks the institution's row).
func TestLastManagerRace(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		ids := [2]int64{staff(t, b, "m0", audit.RoleLocalManager, "onem"), staff(t, b, "m1", audit.RoleLocalManager, "onem")}
		for round := range 5 {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range 2 {
				wg.Go(func() {
					other := access.GrantInput{User: access.UserRef{ID: ids[1-i]}, Role: audit.RoleLocalManager, Institution: "onem", Reason: "race"}
					if round%2 == 1 {
						errs[i] = b.svc.Disable(manager(ids[i], "onem"), other.User, "race")
						return
					}
					errs[i] = b.svc.Revoke(manager(ids[i], "onem"), other)
				})
			}
			wg.Wait()
			won := 0
			for i, err := range errs {
				if err == nil {
					won++
					continue
				}
				require.ErrorIs(t, err, access.ErrLastManager, "round %d manager %d", round, i)
			}
			require.Equal(t, 1, won, "round %d", round)
			users, err := b.svc.Users(cli, "onem")
			require.NoError(t, err)
			active := 0
			for _, u := range users {
				for _, g := range u.ActiveGrants(*b.now) {
					if u.DisabledAt == nil && g.Role == audit.RoleLocalManager {
						active++
					}
				}
			}
			require.Equal(t, 1, active, "round %d: one local manager remains", round)
			ids = resetManagers(t, b, db, round)
		}
	})
}

// resetManagers puts two fresh local managers in place for the next round.
func resetManagers(t *testing.T, b bundle, db *database.DB, round int) [2]int64 {
	t.Helper()
	_, err := db.Bun.NewUpdate().TableExpr("role_grants").Set("ends_at = ?", b.now.Add(-time.Minute)).
		Where("institution_code = 'onem'").Exec(context.Background())
	require.NoError(t, err)
	name := func(i int) string { return "m" + string(rune('a'+round)) + string(rune('0'+i)) }
	return [2]int64{staff(t, b, name(0), audit.RoleLocalManager, "onem"), staff(t, b, name(1), audit.RoleLocalManager, "onem")}
}

// TestInactiveUsersFlagged: a user who may work and has not signed in for
// the period (or was invited that long ago and never did) is flagged; a
// recent one, a disabled one and one without a role in force are not.
func TestInactiveUsersFlagged(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		start := *b.now
		for _, sub := range []string{"old", "recent", "gone"} {
			staff(t, b, sub, audit.RoleFrontOffice, "contact_centre")
			_, err := b.svc.SignIn(context.Background(), access.Identity{Subject: sub})
			require.NoError(t, err)
		}
		nrn := insz.Generate(rand.New(rand.NewPCG(6, 2)), insz.GenerateOptions{}).String()
		_, err := b.svc.Grant(cli, access.GrantInput{User: access.UserRef{NationalNumber: nrn}, Role: audit.RoleFrontOffice, Institution: "contact_centre"})
		require.NoError(t, err)
		end := start.Add(100 * 24 * time.Hour)
		_, err = b.svc.Grant(cli, access.GrantInput{User: access.UserRef{Subject: "ended"}, Role: audit.RoleFrontOffice, Institution: "contact_centre", EndsAt: &end})
		require.NoError(t, err)
		require.NoError(t, b.svc.Disable(cli, access.UserRef{Subject: "gone"}, "left"))

		*b.now = start.Add(access.DefaultInactiveAfter - time.Hour)
		_, err = b.svc.SignIn(context.Background(), access.Identity{Subject: "recent"})
		require.NoError(t, err)
		*b.now = start.Add(access.DefaultInactiveAfter + time.Hour)
		require.Equal(t, []string{"old", nrn, "ended"}, flagged(t, b), "90 days by default, from the invitation if never signed in")
		*b.now = start.Add(101 * 24 * time.Hour)
		require.Equal(t, []string{"old", nrn}, flagged(t, b), "an ended grant needs no reminder")
	})
}

func flagged(t *testing.T, b bundle) []string {
	t.Helper()
	users, err := b.svc.Users(cli, "contact_centre")
	require.NoError(t, err)
	var out []string
	for _, u := range users {
		if !b.svc.Inactive(u) {
			continue
		}
		switch {
		case u.Subject != nil:
			out = append(out, *u.Subject)
		case u.NationalNumber != nil:
			out = append(out, *u.NationalNumber)
		}
	}
	return out
}

// TestDisableEndsSessionsAtOnce: a local manager disables a user; the
// user's open session is refused on its next use, and the user cannot
// sign in again.
func TestDisableEndsSessionsAtOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		b := setup(t, db)
		mgr := staff(t, b, "mgr", audit.RoleLocalManager, "contact_centre")
		agent := staff(t, b, "agent", audit.RoleFrontOffice, "contact_centre")
		in, err := b.svc.SignIn(context.Background(), access.Identity{Subject: "agent"})
		require.NoError(t, err)
		_, err = b.svc.Resume(context.Background(), in.Token)
		require.NoError(t, err)
		require.NoError(t, b.svc.Disable(manager(mgr, "contact_centre"), access.UserRef{ID: agent}, "left the service"))
		_, err = b.svc.Resume(context.Background(), in.Token)
		require.ErrorIs(t, err, access.ErrSessionEnded)
		require.ErrorContains(t, err, "user disabled")
		_, err = b.svc.SignIn(context.Background(), access.Identity{Subject: "agent"})
		require.True(t, errors.Is(err, access.ErrDisabled))
	})
}
